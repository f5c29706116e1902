"""HTML pages: referral creation with a preview, the inbox, the referral page and its actions."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.permissions import can_edit_case, cases_visible_to
from referral.cases.queries import case_data
from referral.consent.enums import Purpose
from referral.consent.scope import visible_categories
from referral.core.errors import IllegalTransition, StaleVersion, ValidationProblem, problem_errors
from referral.core.forms import Field, enum_options, form_page, local_to_utc
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.directory.enums import ServiceType
from referral.directory.models import Service
from referral.extensions import db
from referral.i18n import _
from referral.identity.enums import Role
from referral.identity.models import User
from referral.referrals import operations
from referral.referrals.enums import (
    TRANSITIONS,
    Action,
    DeclineReason,
    Outcome,
    ReferralKind,
    ReferralStatus,
    Urgency,
    WithdrawalReason,
)
from referral.referrals.models import Referral
from referral.referrals.permissions import (
    can_edit_draft,
    can_list_referrals,
    can_message,
    can_record_sender_view,
    can_transition_referral,
    can_view_referral,
    is_recipient,
    is_sender,
    referrals_visible_to,
)
from referral.referrals.queries import list_query, referral_view
from referral.referrals.schemas import (
    MessageCreateSchema,
    ReferralDraftFormSchema,
    ReferralFormSchema,
    ReferralFormTransitionSchema,
    ReferralQueryArgsSchema,
    SenderViewSchema,
)

bp = Blueprint("referrals", __name__, url_prefix="/referrals")


def referral_fields(service: Service) -> list[Field]:
    return [
        Field("kind", _("Kind of referral"), "select", enum_options(ReferralKind), required=True),
        Field("purpose", _("Purpose"), "select", enum_options(Purpose), required=True),
        Field(
            "urgency",
            _("Urgency"),
            "select",
            enum_options(Urgency),
            required=True,
            hint=_("Sets the deadlines to acknowledge and to decide."),
        ),
        Field(
            "data_package",
            _("What the service will see"),
            "checkboxes",
            enum_options(DataCategory),
            required=True,
            hint=_("Only what the person agreed to share with this organisation can be sent."),
        ),
        Field("services_requested", _("Help requested"), "checkboxes", enum_options(ServiceType)),
        Field(
            "details",
            _("Reason and details"),
            "textarea",
            hint=_("Write in a language the service reads; avoid names and addresses here."),
        ),
        Field("is_domestic", _("This is a referral within one country"), "checkbox"),
    ]


@bp.get("")
@policy(can_list_referrals)
def index() -> ResponseReturnValue:
    """Inbox, sent and all referrals of your organisation, with filters."""
    actor = require(can_list_referrals)
    args = load_form(ReferralQueryArgsSchema(), request.args)
    filters = args.data if not args.errors else {"box": "all"}
    if "box" not in request.args:
        filters["box"] = (
            "received" if actor.has_role(Role.receiving_officer) else filters.get("box", "all")
        )
    referrals = db.session.execute(
        list_query(actor, filters)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
        .limit(200)
    ).all()
    return render_template(
        "referrals/index.html",
        referrals=referrals,
        filters={**args.raw, **filters},
        statuses=enum_options(ReferralStatus),
        now=now_utc(),
    )


def _new_form(
    case: Case, service: Service, form: dict[str, Any], errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    consent_covers = visible_categories(
        case, service.organisation, str(form.get("purpose") or "assistance")
    )
    return render_template(
        "referrals/new.html",
        case=case,
        service=service,
        fields=referral_fields(service),
        form=form,
        errors=errors,
        consent_covers=consent_covers,
    ), status


@bp.route("/new/<uuid:case_id>", methods=["GET", "POST"])
@policy(can_edit_case)
def new(case_id: uuid.UUID) -> ResponseReturnValue:
    """Prepare a referral of a case to a service; it is a draft until you send it."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_edit_case, case, hide=True)
    service_id = request.values.get("service", "")
    try:
        service = db.session.scalar(sa.select(Service).where(Service.uuid == uuid.UUID(service_id)))
    except ValueError:
        service = None
    if service is None:
        return redirect(url_for("directory.search", case=case.uuid, open_only="on"))
    if request.method == "GET":
        kind = (
            "return" if service.service_type == ServiceType.return_reintegration else "assistance"
        )
        purpose = "return_reintegration" if kind == "return" else "assistance"
        covered = visible_categories(case, service.organisation, purpose)
        package = [c for c in service.default_data_package if c in covered] or sorted(covered)
        return _new_form(
            case,
            service,
            {"kind": kind, "purpose": purpose, "urgency": "standard", "data_package": package},
            {},
        )
    form = load_form(
        ReferralFormSchema(), request.form, list_fields=("data_package", "services_requested")
    )
    if form.errors:
        return _new_form(case, service, form.raw, form.errors, 422)
    try:
        referral = operations.create_referral(actor, case, service, form.data)
    except ValidationProblem as problem:
        return _new_form(case, service, form.raw, dict(problem.field_errors), 422)
    return redirect(url_for("referrals.detail", referral_id=referral.uuid))


def _people(referral: Referral) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(User.organisation_id == referral.referred_org_id, User.is_active)
        )
    )


def _page(
    actor: User,
    referral: Referral,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    sender = is_sender(actor, referral)
    if referral.status == ReferralStatus.draft:
        # Exactly what the recipient will see: the package within what consent covers.
        shown = set(referral.data_package) & visible_categories(
            referral.case, referral.referred_org, referral.purpose
        )
    elif sender:
        shown = set(referral.data_package) & operations.recipient_categories(referral)
    else:
        shown = operations.recipient_categories(referral)
    view = referral_view(actor, referral, shown)
    preview = case_data(referral.case, shown) if shown else None
    actions = [
        action
        for action, (states, _to, _side) in TRANSITIONS.items()
        if referral.status in states and can_transition_referral(actor, referral, action.value)
    ]
    messages = referral.messages if (sender or shown) else []
    return render_template(
        "referrals/detail.html",
        referral=referral,
        view=view,
        preview=preview,
        shown=shown,
        sender=sender,
        recipient=is_recipient(actor, referral),
        actions=actions,
        errors=errors or {},
        form=form or {},
        problems=operations.submission_problems(referral)
        if referral.status == ReferralStatus.draft
        else [],
        messages=messages,
        people=[
            u for u in _people(referral) if u.has_role(Role.receiving_officer, Role.coordinator)
        ],
        decline_reasons=enum_options(DeclineReason),
        outcomes=enum_options(Outcome),
        withdrawal_reasons=[
            (r.value, r.title) for r in WithdrawalReason if r != WithdrawalReason.consent_withdrawn
        ],
        now=now_utc(),
        can_write=can_message(actor, referral),
    ), status


@bp.get("/<uuid:referral_id>")
@policy(can_view_referral)
def detail(referral_id: uuid.UUID) -> ResponseReturnValue:
    """The referral: status, deadlines, what is shared, messages and the next steps."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_view_referral, referral, hide=True)
    return _page(actor, referral)


@bp.post("/<uuid:referral_id>/transitions")
@policy(can_transition_referral)
def transition(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Do the next step (the button pressed names the action)."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    action = request.form.get("action", "")
    actor = require(can_transition_referral, referral, action)
    data = MultiDict(request.form)
    for name in ("arrival_at", "arrived_at"):
        if data.get(name):
            with contextlib.suppress(ValueError):  # the schema reports a bad value
                data[name] = local_to_utc(data[name], actor.time_zone)
    form = load_form(ReferralFormTransitionSchema(), data)
    if form.errors:
        return _page(actor, referral, form.errors, form.raw, 422)
    try:
        operations.transition_referral(actor, referral, form.data)
    except StaleVersion:
        errors = {
            "_form": _("Someone else changed this referral meanwhile. Check it and try again.")
        }
        return _page(actor, referral, errors, form.raw, 409)
    except IllegalTransition as problem:
        return _page(actor, referral, {"_form": str(problem.description)}, form.raw, 409)
    except ValidationProblem as problem:
        return _page(actor, referral, dict(problem.field_errors), form.raw, 422)
    flash(_("Done: %(action)s.", action=Action(action).title), "success")
    return redirect(url_for("referrals.detail", referral_id=referral.uuid))


@bp.post("/<uuid:referral_id>/messages")
@policy(can_message)
def message(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Write to the other side."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_message, referral, hide=True)
    form = load_form(MessageCreateSchema(), request.form)
    if form.errors:
        return _page(actor, referral, {"body": form.errors.get("body", "")}, form.raw, 422)
    operations.post_message(actor, referral, form.data)
    return redirect(url_for("referrals.detail", referral_id=referral.uuid) + "#messages")


@bp.post("/<uuid:referral_id>/discard")
@policy(can_transition_referral)
def discard(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Delete a draft."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_transition_referral, referral, "submit", hide=True)
    case_uuid = referral.case.uuid
    try:
        operations.discard_draft(actor, referral)
    except IllegalTransition as problem:
        return _page(actor, referral, {"_form": str(problem.description)}, {}, 409)
    flash(_("The draft is deleted."), "info")
    return redirect(url_for("cases.detail", case_id=case_uuid))


@bp.route("/<uuid:referral_id>/edit", methods=["GET", "POST"])
@policy(can_edit_draft)
def edit(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Change a draft before sending it."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_edit_draft, referral, hide=True)
    fields = [f for f in referral_fields(referral.service) if f.name not in {"kind", "purpose"}]
    heading, action = _("Change the draft"), url_for("referrals.edit", referral_id=referral.uuid)
    back = url_for("referrals.detail", referral_id=referral.uuid)
    extra = {"caption": referral.case.case_code, "back_url": back}
    if request.method == "GET":
        values = {
            "urgency": referral.urgency,
            "data_package": list(referral.data_package),
            "services_requested": list(referral.services_requested),
            "details": referral.details,
            "is_domestic": referral.is_domestic,
            "version": referral.version,
        }
        return form_page(heading, fields, values, {}, action, _("Save changes"), **extra)
    form = load_form(
        ReferralDraftFormSchema(), request.form, list_fields=("data_package", "services_requested")
    )
    if form.errors:
        return form_page(
            heading, fields, form.raw, form.errors, action, _("Save changes"), 422, **extra
        )
    try:
        operations.update_draft(actor, referral, form.data)
    except StaleVersion:
        errors = {
            "_form": _("Someone else changed this referral meanwhile. Check it and try again.")
        }
        return form_page(
            heading,
            fields,
            {**form.raw, "version": referral.version},
            errors,
            action,
            _("Save changes"),
            409,
            **extra,
        )
    except (ValidationProblem, IllegalTransition) as problem:
        errors = problem_errors(problem)
        return form_page(heading, fields, form.raw, errors, action, _("Save changes"), 422, **extra)
    return redirect(back)


@bp.post("/<uuid:referral_id>/sender-view")
@policy(can_record_sender_view)
def sender_view(referral_id: uuid.UUID) -> ResponseReturnValue:
    """The sending caseworker's own view of how the referral went."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_record_sender_view, referral, hide=True)
    form = load_form(SenderViewSchema(), request.form)
    if form.errors:
        return _page(actor, referral, form.errors, form.raw, 422)
    operations.record_sender_view(actor, referral, form.data)
    flash(_("Saved."), "success")
    return redirect(url_for("referrals.detail", referral_id=referral.uuid))
