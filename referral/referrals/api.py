"""JSON API for referrals: list, create, read, change, transitions and messages."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from referral.cases.models import Case
from referral.cases.permissions import can_edit_case, cases_visible_to
from referral.core.errors import ValidationProblem
from referral.core.http import keyset_page, require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.directory.models import Service
from referral.extensions import db
from referral.referrals import operations
from referral.referrals.models import Referral
from referral.referrals.permissions import (
    can_create_referral,
    can_edit_draft,
    can_list_referrals,
    can_message,
    can_transition_referral,
    can_view_referral,
    is_sender,
    referrals_visible_to,
)
from referral.referrals.queries import list_query, referral_view, summary
from referral.referrals.schemas import (
    MessageCreateSchema,
    MessageListSchema,
    MessageSchema,
    ReferralCreateSchema,
    ReferralListSchema,
    ReferralQueryArgsSchema,
    ReferralSchema,
    ReferralTransitionSchema,
    ReferralUpdateSchema,
)

blp = Blueprint("referrals_api", __name__, url_prefix="/api/v1/referrals", description="referrals")


def _categories(actor: Any, referral: Referral) -> set[str]:
    shown = operations.recipient_categories(referral)
    if is_sender(actor, referral):
        return set(referral.data_package) & shown if referral.status.value != "draft" else set()
    return shown


def _view(actor: Any, referral: Referral) -> dict[str, Any]:
    with_etag(referral)
    return referral_view(actor, referral, _categories(actor, referral))


def _load(referral_id: uuid.UUID) -> Referral:
    return load_visible(Referral, referral_id, referrals_visible_to)


@blp.route("")
class Referrals(MethodView):
    """Referrals sent from your cases and received by your organisation."""

    @policy(can_list_referrals, scope="referrals:read")
    @blp.arguments(ReferralQueryArgsSchema, location="query")
    @blp.response(200, ReferralListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Filter by box, status, country pair and overdue; newest first; cursor paging."""
        actor = require(can_list_referrals)
        query, next_cursor = keyset_page(
            list_query(actor, args), Referral, args.get("cursor"), args["limit"]
        )
        rows = db.session.execute(query).all()
        # Shaped for JSON by `summary`; the response schema documents it. Returning the
        # response skips a marshmallow walk over every field of every row, which cost
        # more than the query (benchmarks/load.py).
        return jsonify(
            items=[summary(row) for row in rows[: args["limit"]]],
            next_cursor=next_cursor(rows),
        )

    @policy(can_create_referral, scope="referrals:write")
    @idempotent
    @blp.arguments(ReferralCreateSchema)
    @blp.response(201, ReferralSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a draft referral of one of your cases to a service."""
        actor = require(can_create_referral)
        case = load_visible(Case, data["case_id"], cases_visible_to)
        require(can_edit_case, case, hide=True)
        service = db.session.scalar(sa.select(Service).where(Service.uuid == data["service_id"]))
        if service is None:
            raise ValidationProblem(errors=[("service_id", "No such service.")])
        referral = operations.create_referral(actor, case, service, data)
        return _view(actor, referral)


@blp.route("/<uuid:referral_id>")
class ReferralById(MethodView):
    """One referral: the envelope, and case data only within consent."""

    @policy(can_view_referral, scope="referrals:read")
    @blp.response(200, ReferralSchema)
    def get(self, referral_id: uuid.UUID) -> dict[str, Any]:
        """The referral as you may see it; ETag for If-Match."""
        referral = _load(referral_id)
        actor = require(can_view_referral, referral, hide=True)
        return _view(actor, referral)

    @policy(can_edit_draft, scope="referrals:write")
    @blp.arguments(ReferralUpdateSchema)
    @blp.response(200, ReferralSchema)
    def patch(self, data: dict[str, Any], referral_id: uuid.UUID) -> dict[str, Any]:
        """Change a draft (If-Match required)."""
        referral = _load(referral_id)
        actor = require(can_view_referral, referral, hide=True)
        require(can_edit_draft, referral)
        require_if_match(referral)
        operations.update_draft(actor, referral, {**data, "version": referral.version})
        return _view(actor, referral)


@blp.route("/<uuid:referral_id>/transitions")
class ReferralTransitions(MethodView):
    """Move a referral to its next state."""

    @policy(can_transition_referral, scope="referrals:write")
    @idempotent
    @blp.arguments(ReferralTransitionSchema)
    @blp.response(200, ReferralSchema)
    def post(self, data: dict[str, Any], referral_id: uuid.UUID) -> dict[str, Any]:
        """`{"action": …}` with the fields that action needs; If-Match required."""
        referral = _load(referral_id)
        actor = require(can_view_referral, referral, hide=True)
        require(can_transition_referral, referral, data["action"].value)
        require_if_match(referral)
        operations.transition_referral(actor, referral, data)
        return _view(actor, referral)


@blp.route("/<uuid:referral_id>/messages")
class ReferralMessages(MethodView):
    """The message thread between sender and receiver."""

    @policy(can_message, scope="referrals:read")
    @blp.response(200, MessageListSchema)
    def get(self, referral_id: uuid.UUID) -> dict[str, Any]:
        """Messages, oldest first; hidden from recipients once consent no longer covers the case."""
        referral = _load(referral_id)
        actor = require(can_view_referral, referral, hide=True)
        require(can_message, referral)
        visible = is_sender(actor, referral) or bool(operations.recipient_categories(referral))
        return {"items": referral.messages if visible else []}

    @policy(can_message, scope="referrals:write")
    @idempotent
    @blp.arguments(MessageCreateSchema)
    @blp.response(201, MessageSchema)
    def post(self, data: dict[str, Any], referral_id: uuid.UUID) -> Any:
        """Write to the other side."""
        referral = _load(referral_id)
        actor = require(can_view_referral, referral, hide=True)
        require(can_message, referral)
        return operations.post_message(actor, referral, data)
