"""JSON API for protection measures."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.core.http import require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.protection import operations, queries
from referral.protection.models import ProtectionMeasure
from referral.protection.permissions import (
    can_change_measure,
    can_list_protection_alerts,
    can_record_protection,
    can_reveal_address,
    can_view_measure,
    can_view_protection,
    measures_visible_to,
)
from referral.protection.schemas import (
    AddressRevealSchema,
    AlertListSchema,
    MeasureCreateSchema,
    MeasureListSchema,
    MeasureSchema,
    MeasureTransitionSchema,
)

blp = Blueprint("protection_api", __name__, url_prefix="/api/v1", description="protection")


def _measure(measure_id: uuid.UUID) -> tuple[Any, ProtectionMeasure]:
    measure = load_visible(ProtectionMeasure, measure_id, measures_visible_to)
    actor = require(can_view_measure, measure, hide=True)
    return actor, measure


def _view(actor: Any, measure: ProtectionMeasure) -> dict[str, Any]:
    with_etag(measure)
    return queries.measure_view(actor, measure)


@blp.route("/cases/<uuid:case_id>/protection-measures")
class CaseMeasures(MethodView):
    """A case's protection measures."""

    @policy(can_view_protection, scope="cases:read")
    @blp.response(200, MeasureListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """Every measure of the case, for the person and their family."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_view_protection, case, hide=True)
        return {"items": [queries.measure_view(actor, m) for m in queries.measures_of(case)]}

    @policy(can_record_protection, scope="cases:write")
    @idempotent
    @blp.arguments(MeasureCreateSchema)
    @blp.response(201, MeasureSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> dict[str, Any]:
        """Record a requested measure (for an EPO, name the national measure it extends)."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_record_protection, case, hide=True)
        return _view(actor, operations.record_measure(actor, case, data))


@blp.route("/protection-measures")
class ProtectionAlerts(MethodView):
    """What needs attention on the caller's cases."""

    @policy(can_list_protection_alerts, scope="cases:read")
    @blp.response(200, AlertListSchema)
    def get(self) -> dict[str, Any]:
        """Measures ending soon or due for review, and threatened relatives without a measure."""
        actor = require(can_list_protection_alerts)
        return {"items": queries.alerts(actor)}


@blp.route("/protection-measures/<uuid:measure_id>")
class MeasureById(MethodView):
    """One measure, with its history."""

    @policy(can_view_measure, scope="cases:read")
    @blp.response(200, MeasureSchema)
    def get(self, measure_id: uuid.UUID) -> dict[str, Any]:
        """The measure as the caller may see it; never its precise address."""
        actor, measure = _measure(measure_id)
        return _view(actor, measure)


@blp.route("/protection-measures/<uuid:measure_id>/transitions")
class MeasureTransitions(MethodView):
    """Move a measure to its next state."""

    @policy(can_change_measure, scope="cases:write")
    @idempotent
    @blp.arguments(MeasureTransitionSchema)
    @blp.response(200, MeasureSchema)
    def post(self, data: dict[str, Any], measure_id: uuid.UUID) -> dict[str, Any]:
        """`{"action": …}` with the fields that action needs; If-Match required."""
        actor, measure = _measure(measure_id)
        require(can_change_measure, measure)
        require_if_match(measure)
        operations.transition_measure(actor, measure, data)
        return _view(actor, measure)


@blp.route("/protection-measures/<uuid:measure_id>/reveal")
class MeasureReveal(MethodView):
    """The precise address, by a recorded reveal."""

    @policy(can_reveal_address, scope="cases:read")
    @blp.response(200, AddressRevealSchema)
    def post(self, measure_id: uuid.UUID) -> dict[str, Any]:
        """Only the owner's case team; every reveal is in the audit trail."""
        actor, measure = _measure(measure_id)
        require(can_reveal_address, measure)
        if measure.protected_address_encrypted is None:
            return {}  # nothing is kept, so nothing is shown or recorded
        return operations.reveal_address(actor, measure)
