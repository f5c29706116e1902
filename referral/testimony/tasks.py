"""Reminders before a session: each participant with an account, once, in their own language."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.jobs.registry import job
from referral.notifications import operations as notifications
from referral.notifications.models import DeadlineNotice
from referral.testimony.enums import SessionStatus
from referral.testimony.models import HearingSession

#: Hours before a session that its participants are reminded.
REMINDERS = (72, 24)


@job("testimony.remind")
@operation
def remind() -> int:
    """Fire each due reminder once (per session, start time and threshold)."""
    now = now_utc()
    fired = 0
    upcoming = db.session.scalars(
        sa.select(HearingSession).where(
            HearingSession.status == SessionStatus.scheduled,
            HearingSession.starts_at > now,
            HearingSession.starts_at <= now + timedelta(hours=max(REMINDERS)),
        )
    ).all()
    for session in upcoming:
        clock = f"session:{session.starts_at:%Y%m%dT%H%MZ}"
        for hours in REMINDERS:
            if session.starts_at - now > timedelta(hours=hours):
                continue
            exists = db.session.scalar(
                sa.select(DeadlineNotice.id).where(
                    DeadlineNotice.object_uuid == session.uuid,
                    DeadlineNotice.clock == clock,
                    DeadlineNotice.threshold == hours,
                )
            )
            if exists is not None:
                continue
            db.session.add(
                DeadlineNotice(object_uuid=session.uuid, clock=clock, threshold=hours, fired_at=now)
            )
            people = [p.user for p in session.participants if p.user is not None]
            notifications.notify_users(people, "testimony.reminder", session)
            fired += 1
    audit.record(
        None, "testimony.reminded", object_type="hearing_sessions", reason_code=f"fired:{fired}"
    )
    return fired
