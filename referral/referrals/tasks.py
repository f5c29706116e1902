"""Deadline sweep: reminders at 75 %, overdue at 100 %, escalation to coordinators at 200 %."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.jobs.registry import job
from referral.notifications import operations as notifications
from referral.notifications.models import DeadlineNotice
from referral.referrals.enums import ReferralStatus
from referral.referrals.models import Referral

THRESHOLDS = ((75, "referral.reminder"), (100, "referral.overdue"), (200, "referral.escalated"))


def _clocks(referral: Referral) -> list[tuple[str, datetime, datetime]]:
    """Running clocks as (name, started, due)."""
    clocks = []
    if referral.submitted_at is None:
        return clocks
    if (
        referral.status == ReferralStatus.submitted
        and referral.acknowledged_at is None
        and referral.ack_due_at
    ):
        clocks.append(("acknowledge", referral.submitted_at, referral.ack_due_at))
    if (
        referral.status in (ReferralStatus.submitted, ReferralStatus.acknowledged)
        and referral.decide_due_at
    ):
        clocks.append(("decide", referral.submitted_at, referral.decide_due_at))
    return clocks


def _fired(referral: Referral, clock: str, threshold: int) -> bool:
    return (
        db.session.scalar(
            sa.select(DeadlineNotice.id).where(
                DeadlineNotice.object_uuid == referral.uuid,
                DeadlineNotice.clock == clock,
                DeadlineNotice.threshold == threshold,
            )
        )
        is not None
    )


def _receivers(referral: Referral, escalate: bool) -> list[User]:
    people = db.session.scalars(
        sa.select(User).where(User.organisation_id == referral.referred_org_id)
    )
    wanted = (Role.coordinator,) if escalate else (Role.receiving_officer, Role.coordinator)
    return [user for user in people if user.has_role(*wanted)]


@job("referrals.sweep_deadlines")
@operation
def sweep_deadlines() -> int:
    """Fire each due reminder once; returns how many fired."""
    now = now_utc()
    fired = 0
    open_states = (ReferralStatus.submitted, ReferralStatus.acknowledged)
    for referral in db.session.scalars(sa.select(Referral).where(Referral.status.in_(open_states))):
        for clock, started, due in _clocks(referral):
            allowed = (due - started).total_seconds()
            used = (now - started).total_seconds()
            for threshold, kind in THRESHOLDS:
                if used < allowed * threshold / 100 or _fired(referral, clock, threshold):
                    continue
                db.session.add(
                    DeadlineNotice(
                        object_uuid=referral.uuid, clock=clock, threshold=threshold, fired_at=now
                    )
                )
                notifications.notify_users(_receivers(referral, threshold >= 200), kind, referral)
                fired += 1
    audit.record(None, "deadlines.swept", object_type="referrals", reason_code=f"fired:{fired}")
    return fired
