"""HTML pages: a case's protection overview, new measures, a measure's page and actions, alerts."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from flask import Blueprint, abort, render_template, url_for
from flask.typing import ResponseReturnValue

from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.core.forms import form_flow, local_to_utc, step_form
from referral.core.policy import load_visible, policy, require
from referral.i18n import _
from referral.identity.models import User
from referral.protection import forms, operations, queries
from referral.protection.enums import (
    EPO_ACTIONS,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    MeasureAction,
    MeasureType,
)
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
from referral.protection.schemas import MeasureCreateSchema, MeasureFormTransitionSchema

bp = Blueprint("protection", __name__)


@bp.app_context_processor
def protection_helpers() -> dict[str, object]:
    """Lets case and referral pages link here without knowing about protection."""
    return {"can_view_protection": can_view_protection}


def available_actions(actor: User, measure: ProtectionMeasure) -> list[MeasureAction]:
    """What the actor can do to the measure now."""
    if not can_change_measure(actor, measure):
        return []
    return [
        action
        for action, (states, _target, _kind) in TRANSITIONS.items()
        if measure.status in states
        and action not in SYSTEM_ACTIONS
        and (action not in EPO_ACTIONS or measure.measure_type == MeasureType.epo)
    ]


@bp.get("/cases/<uuid:case_id>/protection")
@policy(can_view_protection)
def overview(case_id: uuid.UUID) -> ResponseReturnValue:
    """Every measure for the person and their family, and one timeline across countries."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_view_protection, case, hide=True)
    measures = queries.measures_of(case)
    return render_template(
        "protection/overview.html",
        case=case,
        measures=measures,
        relationship={m.id: queries.relationship_label(actor, m) for m in measures},
        timeline=queries.timeline(case),
        can_record=can_record_protection(actor, case),
    )


@bp.route("/cases/<uuid:case_id>/protection/new", methods=["GET", "POST"])
@policy(can_record_protection)
def new_measure(case_id: uuid.UUID) -> ResponseReturnValue:
    """Record a measure that was asked for (the decision follows)."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_record_protection, case, hide=True)
    return form_flow(
        _("Record a protection measure"),
        forms.measure_fields(case),
        MeasureCreateSchema(),
        lambda data: operations.record_measure(actor, case, data),
        lambda measure: url_for("protection.detail", measure_id=measure.uuid),
        _("Record the measure"),
        _("The measure is recorded."),
        initial={"beneficiary": "victim"},
        caption=case.case_code,
        intro=_("Record the measure as asked for; add the authority's decision on its page."),
        back_url=url_for("protection.overview", case_id=case.uuid),
        back_label=_("Back to protection"),
    )


def _measure(measure_id: uuid.UUID) -> tuple[User, ProtectionMeasure]:
    measure: ProtectionMeasure = load_visible(ProtectionMeasure, measure_id, measures_visible_to)
    actor = require(can_view_measure, measure, hide=True)
    return actor, measure


def _detail(
    actor: User, measure: ProtectionMeasure, revealed: dict | None = None
) -> ResponseReturnValue:
    return render_template(
        "protection/detail.html",
        measure=measure,
        relationship=queries.relationship_label(actor, measure),
        actions=available_actions(actor, measure),
        can_reveal=can_reveal_address(actor, measure),
        revealed=revealed,
    )


@bp.get("/protection-measures/<uuid:measure_id>")
@policy(can_view_measure)
def detail(measure_id: uuid.UUID) -> ResponseReturnValue:
    """A measure: terms, European Protection Order, history, and what can be done next."""
    actor, measure = _measure(measure_id)
    return _detail(actor, measure)


@bp.post("/protection-measures/<uuid:measure_id>/reveal")
@policy(can_reveal_address)
def reveal(measure_id: uuid.UUID) -> ResponseReturnValue:
    """Show the precise address (recorded in the audit trail)."""
    actor, measure = _measure(measure_id)
    require(can_reveal_address, measure)
    return _detail(actor, measure, operations.reveal_address(actor, measure))


@bp.route("/protection-measures/<uuid:measure_id>/actions/<action>", methods=["GET", "POST"])
@policy(can_change_measure)
def act(measure_id: uuid.UUID, action: str) -> ResponseReturnValue:
    """One action's form: grant, refuse, renew, report a breach…"""
    actor, measure = _measure(measure_id)
    require(can_change_measure, measure)
    try:
        chosen = MeasureAction(action)
    except ValueError:
        abort(404)
    if chosen not in available_actions(actor, measure):
        abort(404)

    def to_utc(data: Any) -> None:
        if data.get("reported_to_issuing_state_at"):
            with contextlib.suppress(ValueError):  # the schema reports a bad value
                data["reported_to_issuing_state_at"] = local_to_utc(
                    data["reported_to_issuing_state_at"], actor.time_zone
                )

    return step_form(
        measure,
        chosen,
        forms.action_fields(chosen, measure),
        MeasureFormTransitionSchema(),
        lambda data: operations.transition_measure(actor, measure, data),
        url_for("protection.detail", measure_id=measure.uuid),
        _("Someone else changed this measure meanwhile. Check it."),
        prepare=to_utc,
        caption=f"{measure.case.case_code} · {measure.measure_type.title}",
        back_url=url_for("protection.detail", measure_id=measure.uuid),
        back_label=_("Back to the measure"),
    )


@bp.get("/protection")
@policy(can_list_protection_alerts)
def alerts() -> ResponseReturnValue:
    """Upcoming expiries and reviews, and threatened relatives with no measure, for my cases."""
    actor = require(can_list_protection_alerts)
    return render_template("protection/alerts.html", alerts=queries.alerts(actor))
