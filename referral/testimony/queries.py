"""Read helpers: a request as plain values, sessions in local times, the week's calendar."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from referral.cases.models import Case
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User
from referral.testimony.clocks import eio_clocks
from referral.testimony.enums import SessionStatus, TestimonyStatus
from referral.testimony.models import HearingSession, Testimony
from referral.testimony.permissions import can_view_testimony, sessions_visible_to
from referral.testimony.scheduling import local
from referral.testimony.sessions import recorded_interview_exists

PRE_HEARING = frozenset(
    {
        TestimonyStatus.proposed,
        TestimonyStatus.victim_consulted,
        TestimonyStatus.requested,
        TestimonyStatus.acknowledged,
        TestimonyStatus.recognised,
        TestimonyStatus.adjourned,
    }
)


def testimonies_of(case: Case) -> list[Testimony]:
    return list(
        db.session.scalars(
            sa.select(Testimony).where(Testimony.case_id == case.id).order_by(Testimony.id)
        )
    )


def warnings_for(testimony: Testimony) -> list[str]:
    """Advice that does not block: a recorded interview already exists [2011/36 12(4)(a)]."""
    if testimony.status in PRE_HEARING and recorded_interview_exists(testimony.case):
        return ["recorded_interview_exists"]
    return []


def session_view(session: HearingSession) -> dict[str, Any]:
    """UTC times and every participant's local times; no names, no video link."""
    return {
        "id": session.uuid,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "status": session.status.value,
        "venue": session.venue.name,
        "venue_country": session.venue.country,
        "sequence": session.sequence,
        "is_recorded": session.is_recorded,
        "participants": [
            {
                "id": p.uuid,
                "role": p.role.value,
                "time_zone": p.time_zone,
                "language": p.language,
                "language_pair": p.language_pair,
                "country": p.country,
                "local_start": local(session.starts_at, p.time_zone).isoformat(),
                "local_end": local(session.ends_at, p.time_zone).isoformat(),
            }
            for p in session.participants
        ],
    }


def request_view(testimony: Testimony, today: date | None = None) -> dict[str, Any]:
    today = today or now_utc().date()
    return {
        "id": testimony.uuid,
        "case_code": testimony.case.case_code,
        "proceeding": testimony.proceeding,
        "status": testimony.status.value,
        "victim_country": testimony.victim_country,
        "legal_basis": testimony.legal_basis.value if testimony.legal_basis else None,
        "issuing_authority": testimony.issuing_authority,
        "executing_authority": testimony.executing_authority,
        "modality": testimony.modality.value if testimony.modality else None,
        "special_measures": list(testimony.special_measures),
        "window_from": testimony.window_from,
        "window_until": testimony.window_until,
        "received_on": testimony.received_on,
        "acknowledged_on": testimony.acknowledged_on,
        "recognised_on": testimony.recognised_on,
        "held_on": testimony.held_on,
        "clocks": [
            {"name": c.name, "due_on": c.due_on, "done_on": c.done_on, "state": c.state.value}
            for c in eio_clocks(testimony, today)
        ],
        "warnings": warnings_for(testimony),
        "sessions": [session_view(s) for s in testimony.sessions],
        "version": testimony.version,
    }


def week_bounds(week: str | None, zone: str) -> tuple[date, datetime, datetime]:
    """Monday of an ISO week (`2026-W48`, default this week) and its UTC bounds in `zone`."""
    if week:
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    else:
        today = local(now_utc(), zone).date()
        monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, datetime.min.time())
    tz = zoneinfo.ZoneInfo(zone)
    begins = start.replace(tzinfo=tz).astimezone(UTC)
    ends = (start + timedelta(days=7)).replace(tzinfo=tz).astimezone(UTC)
    return monday, begins, ends


def calendar_for(actor: User, begins: datetime, ends: datetime) -> list[HearingSession]:
    """Sessions the actor may see that start in [begins, ends), in time order."""
    sessions = db.session.scalars(
        sessions_visible_to(actor)
        .where(
            HearingSession.starts_at >= begins,
            HearingSession.starts_at < ends,
            HearingSession.status != SessionStatus.cancelled,
        )
        .order_by(HearingSession.starts_at)
    ).all()
    return [
        s
        for s in sessions
        if any(p.user_id == actor.id for p in s.participants)
        or can_view_testimony(actor, s.testimony.case)
    ]


def session_by_uuid(key: Any) -> HearingSession | None:
    return db.session.scalar(sa.select(HearingSession).where(HearingSession.uuid == key))
