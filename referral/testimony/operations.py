"""Testimony operations: proceedings, hearing requests and their sessions. All audited.

Every transition stores who, when and why, writes one audit event and tells the case team and
the partners whose consented view includes legal proceedings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.consent.followers import notify_followers
from referral.core.errors import IllegalTransition, ValidationProblem, check_version, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User
from referral.testimony import scheduling
from referral.testimony.enums import (
    TRANSITIONS,
    SessionStatus,
    TestimonyAction,
    TestimonyStatus,
)
from referral.testimony.models import HearingSession, Proceeding, Testimony
from referral.testimony.sessions import recorded_interview_exists, schedule_problems

LEGAL = [DataCategory.legal.value]


def _tell(actor: User | None, testimony: Testimony, kind: str) -> None:
    """The case team (not the actor), and partners whose view includes legal proceedings."""
    notify_followers(actor, testimony.case, testimony, kind, DataCategory.legal.value)


@operation
def add_proceeding(actor: User, case: Case, data: dict[str, Any]) -> Proceeding:
    """Record proceedings in which the person takes part."""
    proceeding = Proceeding(
        case=case,
        country=data["country"],
        authority=data["authority"],
        kind=data["kind"],
        victim_role=data["victim_role"],
        stage=data["stage"],
        legal_representative=data.get("legal_representative"),
    )
    db.session.add(proceeding)
    proceeding.case_reference = data.get("case_reference")
    db.session.flush()
    audit.record(
        actor, "testimony.proceeding_added", proceeding, case_code=case.case_code, categories=LEGAL
    )
    return proceeding


def proceedings_of(case: Case) -> list[Proceeding]:
    return list(
        db.session.scalars(
            sa.select(Proceeding).where(Proceeding.case_id == case.id).order_by(Proceeding.id)
        )
    )


@operation
def propose_testimony(actor: User, case: Case, data: dict[str, Any]) -> Testimony:
    """Propose hearing the person from where they live now."""
    proceeding = next((p for p in proceedings_of(case) if p.uuid == data["proceeding"]), None)
    if proceeding is None:
        raise ValidationProblem(
            errors=[field_error("proceeding", _l("Choose proceedings recorded on this case."))]
        )
    testimony = Testimony(
        case=case,
        proceeding=proceeding,
        status=TestimonyStatus.proposed,
        victim_country=data["victim_country"],
        created_by_id=actor.id,
    )
    db.session.add(testimony)
    db.session.flush()
    audit.record(
        actor,
        "testimony.proposed",
        testimony,
        case_code=case.case_code,
        categories=LEGAL,
        reason_code="repeat_after_recorded_interview" if recorded_interview_exists(case) else None,
    )
    _tell(actor, testimony, "testimony.changed")
    return testimony


def _current_session(
    testimony: Testimony, key: Any, wanted: SessionStatus
) -> HearingSession | None:
    candidates = [s for s in testimony.sessions if s.status == wanted]
    if key is not None:
        candidates = [s for s in candidates if s.uuid == key]
    return candidates[-1] if candidates else None


def _consult_problems(data: dict[str, Any], today: date) -> list[tuple[str, str]]:
    errors = []
    if not data.get("modality"):
        errors.append(field_error("modality", _l("Choose how the person wants to be heard.")))
    for name, message in (
        ("consulted_on", _l("Give the date the person was consulted.")),
        (
            "right_not_to_testify_explained_on",
            _l("Record when the right not to testify was explained."),
        ),
    ):
        if not data.get(name) or data[name] > today:
            errors.append(field_error(name, message))
    if not data.get("special_measures") and not data.get("no_special_measures"):
        errors.append(
            field_error("special_measures", _l("Choose the protections wanted, or confirm none."))
        )
    return errors


def _request_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors = []
    for name, message in (
        ("legal_basis", _l("Choose the legal basis.")),
        ("issuing_authority", _l("Name the authority that asks.")),
        ("executing_authority", _l("Name the authority that carries it out.")),
        ("window_from", _l("Give the first possible date.")),
        ("window_until", _l("Give the last possible date.")),
    ):
        if not data.get(name):
            errors.append(field_error(name, message))
    if (
        data.get("window_from")
        and data.get("window_until")
        and data["window_until"] < data["window_from"]
    ):
        errors.append(field_error("window_until", _l("The end cannot be before the start.")))
    return errors


def _dated(data: dict[str, Any], name: str, today: date, message: Any) -> list[tuple[str, str]]:
    return [] if data.get(name) and data[name] <= today else [field_error(name, message)]


def _consult(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    errors = _consult_problems(data, today)
    if errors:
        raise ValidationProblem(errors=errors)
    testimony.modality = data["modality"]
    testimony.special_measures = [
        str(getattr(m, "value", m)) for m in data.get("special_measures") or []
    ]
    testimony.consulted_on = data["consulted_on"]
    testimony.right_not_to_testify_explained_on = data["right_not_to_testify_explained_on"]
    testimony.wishes = data.get("wishes")
    return ["modality", "special_measures", "consulted_on", "wishes"]


def _request(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    errors = _request_problems(data)
    if errors:
        raise ValidationProblem(errors=errors)
    names = (
        "legal_basis",
        "issuing_authority",
        "executing_authority",
        "window_from",
        "window_until",
    )
    for name in names:
        setattr(testimony, name, data[name])
    testimony.references = data.get("references")
    testimony.requested_on = today
    testimony.received_on = data.get("received_on") or today
    return list(names)


def _acknowledge(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    errors = _dated(data, "acknowledged_on", today, _l("Give the date of the acknowledgement."))
    if errors:
        raise ValidationProblem(errors=errors)
    testimony.acknowledged_on = data["acknowledged_on"]
    return ["acknowledged_on"]


def _recognise(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    errors = _dated(data, "recognised_on", today, _l("Give the date of the recognition."))
    if errors:
        raise ValidationProblem(errors=errors)
    testimony.recognised_on = data["recognised_on"]
    return ["recognised_on"]


def _schedule(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    session = _current_session(testimony, data.get("session"), SessionStatus.planned)
    errors = schedule_problems(testimony, session, data.get("override_reason"))
    if errors or session is None:
        raise ValidationProblem(errors=errors)
    clashes = scheduling.conflicts(session, session.starts_at, session.ends_at)
    session.override_reason = data.get("override_reason") if clashes else None
    session.status = SessionStatus.scheduled
    session.sequence += 1
    return ["session"]


def _hold(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    session = _current_session(testimony, data.get("session"), SessionStatus.scheduled)
    if session is None or not data.get("minutes_ref"):
        raise ValidationProblem(
            errors=[field_error("minutes_ref", _l("Give the reference of the minutes."))]
        )
    session.status = SessionStatus.held
    session.minutes_ref = data["minutes_ref"]
    session.is_recorded = bool(data.get("is_recorded"))
    testimony.held_on = session.starts_at.date()
    return ["minutes_ref", "held_on"]


def _adjourn(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    session = _current_session(testimony, data.get("session"), SessionStatus.scheduled)
    if session is not None:
        session.status = SessionStatus.adjourned
        session.sequence += 1
    return ["session"]


def _cancel(testimony: Testimony, data: dict[str, Any], today: date) -> list[str]:
    if not data.get("note"):
        raise ValidationProblem(errors=[field_error("note", _l("Say why it is cancelled."))])
    for session in testimony.sessions:
        if session.status in (SessionStatus.planned, SessionStatus.scheduled):
            session.status = SessionStatus.cancelled
            session.sequence += 1
    return ["sessions"]


_STEPS = {
    TestimonyAction.consult: _consult,
    TestimonyAction.request: _request,
    TestimonyAction.acknowledge: _acknowledge,
    TestimonyAction.recognise: _recognise,
    TestimonyAction.schedule: _schedule,
    TestimonyAction.hold: _hold,
    TestimonyAction.adjourn: _adjourn,
    TestimonyAction.cancel: _cancel,
}


@operation
def transition_testimony(actor: User, testimony: Testimony, data: dict[str, Any]) -> Testimony:
    """Move a hearing request along its state machine.

    :raise IllegalTransition: the action is not possible in this state.
    :raise ValidationProblem: the action's conditions are not met (each named).
    """
    try:
        action = TestimonyAction(str(getattr(data.get("action"), "value", data.get("action"))))
    except ValueError:
        raise ValidationProblem(
            errors=[field_error("action", _l("Choose one of the options."))]
        ) from None
    allowed, target = TRANSITIONS[action]
    if testimony.status not in allowed:
        raise IllegalTransition(
            str(
                _l(
                    "This action is not possible while the request is %(status)s.",
                    status=testimony.status.title,
                )
            )
        )
    if data.get("version") is not None:
        check_version(testimony, data["version"])
    changed = _STEPS[action](testimony, data, now_utc().date())
    testimony.status = target
    db.session.flush()
    overridden = action == TestimonyAction.schedule and bool(data.get("override_reason"))
    audit.record(
        actor,
        f"testimony.{action.value}",
        testimony,
        case_code=testimony.case.case_code,
        fields=changed,
        categories=LEGAL,
        reason_code="double_booking_overridden" if overridden else None,
    )
    _tell(actor, testimony, "testimony.changed")
    return testimony
