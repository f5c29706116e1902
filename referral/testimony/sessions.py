"""Sessions of a hearing: planning, participants, rescheduling, and what blocks confirming one."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.enums import DataCategory
from referral.core.errors import IllegalTransition, ValidationProblem, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.directory.models import Venue
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.identity.queries import active_members_with_role
from referral.notifications import operations as notifications
from referral.testimony import scheduling
from referral.testimony.enums import OPEN_STATES, ParticipantRole, SessionStatus
from referral.testimony.models import HearingSession, Participant, Testimony

LEGAL = [DataCategory.legal.value]


def recorded_interview_exists(case: Any) -> bool:
    """A held, recorded session on this case: a new hearing should be the exception."""
    return (
        db.session.scalar(
            sa.select(HearingSession.id)
            .join(Testimony, HearingSession.testimony_id == Testimony.id)
            .where(
                Testimony.case_id == case.id,
                HearingSession.status == SessionStatus.held,
                HearingSession.is_recorded,
            )
            .limit(1)
        )
        is not None
    )


def _languages_differ(session: HearingSession) -> bool:
    by_role = {p.role: p for p in session.participants}
    victim, court = by_role.get(ParticipantRole.victim), by_role.get(ParticipantRole.court)
    return bool(
        victim
        and court
        and victim.language
        and court.language
        and victim.language != court.language
    )


def schedule_problems(
    testimony: Testimony, session: HearingSession | None, override: str | None
) -> list[tuple[str, str]]:
    """Why a session cannot be confirmed: times, venue, interpreter, double bookings."""
    if session is None:
        return [field_error("session", _l("Add a planned session first."))]
    errors = []
    if session.ends_at <= session.starts_at:
        errors.append(field_error("session", _l("The session must end after it starts.")))
    if session.venue.country != testimony.victim_country:
        errors.append(
            field_error("session", _l("The venue must be in the country where the person lives."))
        )
    if _languages_differ(session) and not any(
        p.role == ParticipantRole.interpreter for p in session.participants
    ):
        errors.append(
            field_error(
                "session",
                _l("The court and the person speak different languages: add an interpreter."),
            )
        )
    clashes = scheduling.conflicts(session, session.starts_at, session.ends_at)
    if clashes and not override:
        titles = {
            "victim": _l("the person has another hearing then"),
            "interpreter": _l("the interpreter is booked then"),
            "venue": _l("the venue is booked then"),
        }
        errors.append(
            field_error(
                "override_reason",
                _l(
                    "Double booking: %(what)s. Choose another time, or give a reason to keep it.",
                    what="; ".join(str(titles[c]) for c in clashes),
                ),
            )
        )
    return errors


def _venue(key: Any) -> Venue | None:
    return db.session.scalar(sa.select(Venue).where(Venue.uuid == key))


@operation
def add_session(actor: User, testimony: Testimony, data: dict[str, Any]) -> HearingSession:
    """Plan a session at the person's venue; the person joins in the venue's time zone."""
    if testimony.status not in OPEN_STATES:
        raise IllegalTransition(str(_l("This request is closed.")))
    errors = []
    venue = _venue(data["venue"])
    if venue is None:
        errors.append(field_error("venue", _l("Choose a listed venue.")))
    elif venue.country != testimony.victim_country:
        errors.append(
            field_error("venue", _l("The venue must be in the country where the person lives."))
        )
    if data["ends_at"] <= data["starts_at"]:
        errors.append(field_error("ends_at", _l("The session must end after it starts.")))
    if errors or venue is None:
        raise ValidationProblem(errors=errors)
    session = HearingSession(
        testimony=testimony,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        venue=venue,
        status=SessionStatus.planned,
    )
    db.session.add(session)
    session.video_link = data.get("video_link")
    db.session.add(
        Participant(
            session=session,
            role=ParticipantRole.victim,
            time_zone=venue.time_zone,
            language=data.get("victim_language") or testimony.case.primary_language,
            country=venue.country,
            created_at=now_utc(),
        )
    )
    db.session.flush()
    audit.record(
        actor,
        "testimony.session_planned",
        session,
        case_code=testimony.case.case_code,
        categories=LEGAL,
        reason_code="repeat_after_recorded_interview"
        if recorded_interview_exists(testimony.case)
        else None,
    )
    return session


@operation
def add_participant(actor: User, session: HearingSession, data: dict[str, Any]) -> Participant:
    """Someone joins: a platform user (interpreters, so double bookings are found) or a name."""
    if session.status not in (SessionStatus.planned, SessionStatus.scheduled):
        raise IllegalTransition(str(_l("This session can no longer change.")))
    user = None
    if data.get("user") is not None:
        user = db.session.scalar(sa.select(User).where(User.uuid == data["user"], User.is_active))
        if user is None:
            raise ValidationProblem(errors=[field_error("user", _l("Choose an active user."))])
    if data["role"] == ParticipantRole.victim:
        raise ValidationProblem(errors=[field_error("role", _l("The person takes part already."))])
    if data["role"] == ParticipantRole.interpreter and not data.get("language_pair"):
        raise ValidationProblem(
            errors=[field_error("language_pair", _l("Give the interpreter's two languages."))]
        )
    participant = Participant(
        session=session,
        role=data["role"],
        user=user,
        time_zone=data["time_zone"],
        language=data.get("language"),
        language_pair=data.get("language_pair"),
        country=data.get("country"),
        created_at=now_utc(),
    )
    db.session.add(participant)
    participant.name = data.get("name")
    if session.status == SessionStatus.scheduled:
        session.sequence += 1
    db.session.flush()
    audit.record(
        actor,
        "testimony.participant_added",
        participant,
        case_code=session.testimony.case.case_code,
        categories=LEGAL,
    )
    if user is not None:
        notifications.notify_users([user], "testimony.invited", session)
    return participant


@operation
def reschedule_session(
    actor: User, session: HearingSession, data: dict[str, Any]
) -> HearingSession:
    """New times for a session; a confirmed one is checked again and its calendar updated."""
    if session.status not in (SessionStatus.planned, SessionStatus.scheduled):
        raise IllegalTransition(str(_l("This session can no longer change.")))
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationProblem(
            errors=[field_error("ends_at", _l("The session must end after it starts."))]
        )
    if session.status == SessionStatus.scheduled:
        clashes = scheduling.conflicts(session, data["starts_at"], data["ends_at"])
        if clashes and not data.get("override_reason"):
            raise ValidationProblem(
                errors=[
                    field_error(
                        "override_reason",
                        _l("Double booking. Choose another time, or give a reason to keep it."),
                    )
                ]
            )
        session.override_reason = data.get("override_reason") if clashes else None
        session.sequence += 1
    session.starts_at, session.ends_at = data["starts_at"], data["ends_at"]
    db.session.flush()
    audit.record(
        actor,
        "testimony.session_rescheduled",
        session,
        case_code=session.testimony.case.case_code,
        fields=["starts_at", "ends_at"],
        categories=LEGAL,
    )
    people = [p.user for p in session.participants if p.user is not None]
    notifications.notify_users(people, "testimony.rescheduled", session)
    return session


def interpreters_of(actor: User) -> list[User]:
    """Interpreters and mediators of the actor's organisation, to pick as participants."""
    return active_members_with_role(actor.organisation_id, Role.mediator_interpreter)
