"""Referral operations: the only code that moves a referral. Each step audited and notified."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.enums import DataCategory, ReflectionStatus
from referral.cases.models import Case
from referral.cases.operations import risk_review_overdue
from referral.consent import operations as consent_ops
from referral.consent import scope
from referral.consent.enums import GrantSource
from referral.consent.signals import consent_withdrawn
from referral.core.errors import IllegalTransition, ValidationProblem, check_version, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.directory.models import Service
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.notifications import operations as notifications
from referral.referrals.enums import (
    TRANSITIONS,
    Action,
    DeclineReason,
    MessageKind,
    ReferralKind,
    ReferralStatus,
    WithdrawalReason,
)
from referral.referrals.models import Referral, ReferralMessage, ReferralTransition
from referral.referrals.signals import referral_withdrawn

#: urgency -> (hours to acknowledge, hours to decide)
DEFAULT_SLA = {"emergency": (4, 24), "urgent": (24, 72), "standard": (72, 240)}
PAST = {
    Action.submit: "submitted",
    Action.acknowledge: "acknowledged",
    Action.accept: "accepted",
    Action.decline: "declined",
    Action.request_info: "information_requested",
    Action.resubmit: "resubmitted",
    Action.schedule_arrival: "arrival_scheduled",
    Action.confirm_arrival: "arrival_confirmed",
    Action.close: "closed",
    Action.withdraw: "withdrawn",
}
JOINT_ASSESSMENT_MAX_AGE = timedelta(days=30)


def sla_hours(urgency: str) -> tuple[int, int]:
    """Acknowledge and decide deadlines in hours for an urgency (REFERRAL_SLA overrides)."""
    table = {**DEFAULT_SLA, **(current_app.config.get("SLA") or {})}
    ack, decide = table[str(urgency)]
    return int(ack), int(decide)


# --- drafts -------------------------------------------------------------------------------


def _check_package(data: dict[str, Any]) -> list[str]:
    package = sorted({str(c) for c in data.get("data_package") or []})
    valid = {c.value for c in DataCategory}
    if not package or not set(package) <= valid:
        raise ValidationProblem(errors=[field_error("data_package", _l("Choose what to share."))])
    return package


@operation
def create_referral(actor: User, case: Case, service: Service, data: dict[str, Any]) -> Referral:
    """A draft addressed to a service's inbox; nothing leaves the organisation yet."""
    if not service.is_inbox_open:
        raise ValidationProblem(
            errors=[field_error("service_id", _l("This service does not take referrals now."))]
        )
    referral = Referral(
        case=case,
        kind=data["kind"],
        purpose=str(data["purpose"]),
        referring_org_id=case.owner_org_id,
        service=service,
        referred_org_id=service.organisation_id,
        sender_country=case.owner_org.country,
        recipient_country=service.organisation.country,
        is_domestic=bool(data.get("is_domestic")),
        urgency=data["urgency"],
        data_package=_check_package(data),
        services_requested=sorted({str(s) for s in data.get("services_requested") or []}),
        text_lang=data.get("text_lang"),
        status=ReferralStatus.draft,
    )
    db.session.add(referral)
    db.session.flush()
    referral.details = data.get("details")
    db.session.add(_step(referral, actor, None, ReferralStatus.draft, "create"))
    audit.record(
        actor,
        "referral.created",
        referral,
        case_code=case.case_code,
        categories=referral.data_package,
    )
    return referral


@operation
def update_draft(actor: User, referral: Referral, data: dict[str, Any]) -> Referral:
    """Change a draft before it is sent."""
    check_version(referral, data.get("version"))
    if referral.status != ReferralStatus.draft:
        raise IllegalTransition(str(_l("Only a draft can be changed.")))
    for name in ("urgency", "is_domestic", "text_lang"):
        if name in data:
            setattr(referral, name, data[name])
    if "data_package" in data:
        referral.data_package = _check_package(data)
    if "services_requested" in data:
        referral.services_requested = sorted({str(s) for s in data["services_requested"]})
    if "details" in data:
        referral.details = data["details"]
    referral.updated_at = now_utc()
    audit.record(
        actor,
        "referral.updated",
        referral,
        case_code=referral.case.case_code,
        fields=sorted(k for k in data if k != "version"),
    )
    return referral


@operation
def discard_draft(actor: User, referral: Referral) -> None:
    """Delete a draft: nothing had left the organisation."""
    if referral.status != ReferralStatus.draft:
        raise IllegalTransition(str(_l("Only a draft can be discarded.")))
    audit.record(actor, "referral.discarded", referral, case_code=referral.case.case_code)
    for step in referral.transitions:
        db.session.delete(step)
    db.session.delete(referral)


# --- guards -------------------------------------------------------------------------------


def submission_problems(referral: Referral, at: datetime | None = None) -> list[tuple[str, str]]:
    """Why this referral may not be sent now (empty when it may)."""
    at = at or now_utc()
    problems = []
    case = referral.case
    if referral.sender_country == referral.recipient_country and not referral.is_domestic:
        problems.append(
            field_error(
                "is_domestic",
                _l("Sender and receiver are in the same country: mark the referral as domestic."),
            )
        )
    uncovered = scope.uncovered_categories(
        case, referral.referred_org, referral.purpose, set(referral.data_package), at
    )
    if uncovered:
        problems.append(
            field_error(
                "data_package",
                _l(
                    "The consent does not cover sharing these with this organisation for "
                    "this purpose: %(categories)s.",
                    categories=", ".join(str(DataCategory(c).title) for c in sorted(uncovered)),
                ),
            )
        )
    if risk_review_overdue(case, at.date()):
        problems.append(
            field_error("risk", _l("The risk assessment is missing or its review date has passed."))
        )
    if case.is_child and case.guardian is None:
        problems.append(
            field_error("guardian", _l("A child needs a guardian on record before a referral."))
        )
    if not referral.service.is_inbox_open:
        problems.append(field_error("service_id", _l("This service does not take referrals now.")))
    return problems


def _arrival_problems(
    referral: Referral, data: dict[str, Any], at: datetime
) -> list[tuple[str, str]]:
    problems = []
    arrival_at = data.get("arrival_at")
    if arrival_at is None or arrival_at <= at:
        problems.append(field_error("arrival_at", _l("Give a date and time in the future.")))
    for name in ("meeting_point", "met_by"):
        if not data.get(name):
            problems.append(field_error(name, _l("This field is required.")))
    if referral.kind == ReferralKind.return_:
        if not data.get("is_voluntary"):
            problems.append(field_error("is_voluntary", _l("A return must be voluntary.")))
        joint = data.get("joint_risk_assessment_on")
        if joint is None or at.date() - joint > JOINT_ASSESSMENT_MAX_AGE:
            problems.append(
                field_error(
                    "joint_risk_assessment_on",
                    _l("A joint risk assessment from the last 30 days is needed before a return."),
                )
            )
        period = referral.case.reflection
        if period is not None and period.status == ReflectionStatus.running:
            problems.append(
                field_error(
                    "reflection",
                    _l(
                        "The reflection period is still running; a return can be planned only "
                        "after the person has chosen to end it."
                    ),
                )
            )
    return problems


# --- transitions --------------------------------------------------------------------------


def _step(
    referral: Referral,
    actor: User | None,
    before: ReferralStatus | None,
    after: ReferralStatus,
    action: str,
    reason: str | None = None,
) -> ReferralTransition:
    return ReferralTransition(
        referral=referral,
        from_status=str(before) if before else None,
        to_status=str(after),
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor_org_id=actor.organisation_id if actor is not None else None,
        at=now_utc(),
        reason_code=reason,
    )


def _sender_team(referral: Referral) -> list[User]:
    case = referral.case
    colleagues = db.session.scalars(
        sa.select(User).where(User.organisation_id == case.owner_org_id)
    )
    coordinators = {user for user in colleagues if user.has_role(Role.coordinator)}
    return list({member.user for member in case.members} | coordinators)


def _recipient_people(referral: Referral) -> list[User]:
    people = list(
        db.session.scalars(sa.select(User).where(User.organisation_id == referral.referred_org_id))
    )
    if referral.receiving_caseworker_id is not None:
        return [
            u
            for u in people
            if u.has_role(Role.coordinator) or u.id == referral.receiving_caseworker_id
        ]
    return [u for u in people if u.has_role(Role.coordinator, Role.receiving_officer)]


def _tell_other_side(actor: User | None, referral: Referral, kind: str) -> None:
    if actor is not None and actor.organisation_id == referral.referred_org_id:
        notifications.notify_users(_sender_team(referral), kind, referral)
    else:
        notifications.notify_users(_recipient_people(referral), kind, referral)


def _receiving_caseworker(referral: Referral, user_id: Any) -> User:
    user = db.session.scalar(sa.select(User).where(User.uuid == user_id)) if user_id else None
    if (
        user is None
        or user.organisation_id != referral.referred_org_id
        or not user.is_active
        or not user.has_role(Role.receiving_officer, Role.coordinator)
    ):
        raise ValidationProblem(
            errors=[
                field_error(
                    "receiving_caseworker_id",
                    _l("Choose who in your organisation will work with the person."),
                )
            ]
        )
    return user


@operation
def transition_referral(actor: User | None, referral: Referral, data: dict[str, Any]) -> Referral:
    """Move a referral along its state machine.  :raise IllegalTransition, ValidationProblem:"""
    try:
        action = Action(str(data["action"]))
    except ValueError:
        raise ValidationProblem(
            errors=[field_error("action", _l("Choose one of the options."))]
        ) from None
    allowed_from, target, _side = TRANSITIONS[action]
    if referral.status not in allowed_from:
        raise IllegalTransition(
            str(
                _l(
                    "This action is not possible while the referral is %(status)s.",
                    status=referral.status.title,
                )
            )
        )
    if "version" in data and data["version"] is not None:
        check_version(referral, data["version"])
    now = now_utc()
    before = referral.status
    reason = None
    message_text = None
    if action == Action.submit:
        problems = submission_problems(referral, now)
        if problems:
            raise ValidationProblem(errors=problems)
        ack, decide = sla_hours(referral.urgency)
        referral.submitted_at = now
        referral.ack_due_at, referral.decide_due_at = (
            now + timedelta(hours=ack),
            now + timedelta(hours=decide),
        )
        consent_ops.open_grant(
            referral.case,
            referral.referred_org,
            referral.purpose,
            GrantSource.referral,
            referral.uuid,
            list(referral.data_package),
        )
    elif action == Action.acknowledge:
        referral.acknowledged_at = now
    elif action == Action.accept:
        if not data.get("capacity_confirmed"):
            raise ValidationProblem(
                errors=[field_error("capacity_confirmed", _l("Confirm you have capacity."))]
            )
        referral.receiving_caseworker_id = _receiving_caseworker(
            referral, data.get("receiving_caseworker_id")
        ).id
        referral.capacity_confirmed = True
        referral.acknowledged_at = referral.acknowledged_at or now
        referral.decided_at = now
    elif action == Action.decline:
        code = data.get("decline_reason")
        if not code:
            raise ValidationProblem(errors=[field_error("decline_reason", _l("Choose a reason."))])
        if DeclineReason(str(code)) == DeclineReason.other and not data.get("note"):
            raise ValidationProblem(errors=[field_error("note", _l("Explain the reason."))])
        referral.decline_reason = DeclineReason(str(code))
        referral.decline_note = data.get("note")
        referral.decided_at, reason = now, referral.decline_reason.value
        consent_ops.close_grants_for(referral.uuid, "declined")
    elif action == Action.request_info:
        if not data.get("message"):
            raise ValidationProblem(errors=[field_error("message", _l("Write your question."))])
        message_text = (MessageKind.info_request, data["message"])
    elif action == Action.resubmit:
        if not data.get("message"):
            raise ValidationProblem(errors=[field_error("message", _l("Write your answer."))])
        problems = [p for p in submission_problems(referral, now) if p[0] == "data_package"]
        if problems:
            raise ValidationProblem(errors=problems)
        referral.decide_due_at = now + timedelta(hours=sla_hours(referral.urgency)[1])
        message_text = (MessageKind.info_response, data["message"])
    elif action == Action.schedule_arrival:
        problems = _arrival_problems(referral, data, now)
        if problems:
            raise ValidationProblem(errors=problems)
        referral.arrival_at = data["arrival_at"]
        referral.meeting_point, referral.met_by = data["meeting_point"], data["met_by"]
        referral.escort, referral.travel_documents = (
            data.get("escort"),
            data.get("travel_documents"),
        )
        if referral.kind == ReferralKind.return_:
            referral.is_voluntary = True
            referral.joint_risk_assessment_on = data["joint_risk_assessment_on"]
    elif action == Action.confirm_arrival:
        referral.arrived_at = data.get("arrived_at") or now
    elif action == Action.close:
        if not data.get("outcome"):
            raise ValidationProblem(errors=[field_error("outcome", _l("Choose how it ended."))])
        referral.outcome = data["outcome"]
        referral.feedback = data.get("feedback")
        reason = str(referral.outcome)
        consent_ops.close_grants_for(referral.uuid, "closed")
    elif action == Action.withdraw:
        referral.withdrawal_reason = WithdrawalReason(
            str(data.get("withdrawal_reason") or "sender_decision")
        )
        reason = referral.withdrawal_reason.value
        consent_ops.close_grants_for(referral.uuid, "withdrawn")
        referral_withdrawn.send(referral, actor=actor, reason=reason)
    referral.status = target
    referral.updated_at = now
    step = _step(referral, actor, before, target, action.value, reason)
    db.session.add(step)
    db.session.flush()
    if data.get("note") and action != Action.decline:
        step.note = data["note"]
    if message_text is not None:
        _add_message(actor, referral, message_text[0], message_text[1], data.get("text_lang"))
    audit.record(
        actor,
        "referral." + PAST[action],
        referral,
        case_code=referral.case.case_code,
        reason_code=reason,
        categories=referral.data_package if action == Action.submit else (),
    )
    _tell_other_side(actor, referral, "referral." + PAST[action])
    return referral


def _add_message(
    actor: User | None, referral: Referral, kind: MessageKind, body: str, text_lang: str | None
) -> ReferralMessage:
    message = ReferralMessage(
        referral=referral,
        author_id=actor.id,
        author_org_id=actor.organisation_id,
        kind=kind,
        text_lang=text_lang,
        created_at=now_utc(),
        body_encrypted=b"",
    )
    db.session.add(message)
    db.session.flush()
    message.body = body
    return message


@operation
def post_message(actor: User, referral: Referral, data: dict[str, Any]) -> ReferralMessage:
    """A message to the other side."""
    if referral.status == ReferralStatus.draft:
        raise IllegalTransition(str(_l("Send the referral before writing messages.")))
    message = _add_message(
        actor, referral, MessageKind.message, data["body"], data.get("text_lang")
    )
    audit.record(actor, "referral.message_added", message, case_code=referral.case.case_code)
    _tell_other_side(actor, referral, "referral.message")
    return message


@operation
def record_sender_view(actor: User, referral: Referral, data: dict[str, Any]) -> Referral:
    """The sender's own view of how the referral went."""
    referral.sender_view = data["sender_view"]
    audit.record(
        actor, "referral.sender_view_recorded", referral, case_code=referral.case.case_code
    )
    return referral


@consent_withdrawn.connect
def _withdraw_referrals(
    consent: Any, actor: User, withdrawal: Any, closed_grants: list[Any]
) -> None:
    """Consent withdrawal withdraws the referrals whose grants it closed (same transaction)."""
    for grant in closed_grants:
        if grant.source_type != GrantSource.referral:
            continue
        referral = db.session.scalar(sa.select(Referral).where(Referral.uuid == grant.source_uuid))
        if referral is not None and referral.is_open:
            transition_referral(
                actor, referral, {"action": "withdraw", "withdrawal_reason": "consent_withdrawn"}
            )


def recipient_categories(referral: Referral, at: datetime | None = None) -> set[str]:
    """What the recipient of this referral sees of the case now: its package within consent."""
    if referral.status == ReferralStatus.draft:
        return set()
    grants = [
        g
        for g in scope.open_grants(referral.case, referral.referred_org)
        if g.source_uuid == referral.uuid
    ]
    seen: set[str] = set()
    for grant in grants:
        seen |= scope.grant_view(grant, at)
    if scope.has_live_disclosure(referral.case, referral.referred_org, at):
        seen.add(DataCategory.risk.value)
    return seen
