"""Times across zones and double bookings.

Sessions are stored in UTC. A local wall-clock time is turned into UTC with zoneinfo; times that
do not exist (clocks go forward) are refused, and repeated times (clocks go back) are refused
too, because either reading could be meant.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from referral.extensions import db
from referral.testimony.enums import BUFFER_MINUTES, ParticipantRole, SessionStatus
from referral.testimony.models import HearingSession, Participant, Testimony


class LocalTimeProblem(ValueError):
    """A wall-clock time that does not exist, or exists twice, in its zone."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "gap" or "fold"


def to_utc(local: datetime, zone: str) -> datetime:
    """A naive local time in `zone` as an aware UTC datetime.  :raise LocalTimeProblem:"""
    tz = zoneinfo.ZoneInfo(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either the time was skipped (gap) or happens twice (fold).
        back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        raise LocalTimeProblem("gap" if back != local else "fold")
    return first.astimezone(UTC)


def local(moment: datetime, zone: str) -> datetime:
    """An aware UTC time as seen in `zone`."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def _interpreter_ids(participants: list[Participant]) -> set[int]:
    return {
        p.user_id
        for p in participants
        if p.role in (ParticipantRole.interpreter, ParticipantRole.cultural_mediator)
        and p.user_id is not None
    }


def conflicts(session: HearingSession, starts_at: datetime, ends_at: datetime) -> list[str]:
    """What the session would double-book: "victim", "interpreter", "venue" (15-minute buffer)."""
    buffer = timedelta(minutes=BUFFER_MINUTES)
    overlapping = db.session.scalars(
        sa.select(HearingSession)
        .join(Testimony, HearingSession.testimony_id == Testimony.id)
        .where(
            HearingSession.id != session.id,
            HearingSession.status == SessionStatus.scheduled,
            HearingSession.starts_at < ends_at + buffer,
            HearingSession.ends_at > starts_at - buffer,
        )
    ).all()
    found = []
    mine = _interpreter_ids(session.participants)
    for other in overlapping:
        if other.testimony.case_id == session.testimony.case_id and "victim" not in found:
            found.append("victim")
        if mine & _interpreter_ids(other.participants) and "interpreter" not in found:
            found.append("interpreter")
        if other.venue_id == session.venue_id and "venue" not in found:
            found.append("venue")
    return found
