"""Claim reminders: limitation dates 90/30/7 days ahead, other deadlines a week ahead,
overdue flags, and the day a state advance becomes claimable. Each fires once."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from referral.audit import operations as audit
from referral.compensation.deadlines import open_dues
from referral.compensation.enums import DONE, DeadlineKind
from referral.compensation.models import CompensationClaim
from referral.compensation.operations import tell
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.jobs.registry import job
from referral.notifications.models import DeadlineNotice

LIMITATION_NOTICE_DAYS = (90, 30, 7)


def _fire_once(
    claim: CompensationClaim, key: uuid.UUID, clock: str, threshold: int, kind: str
) -> bool:
    exists = db.session.scalar(
        sa.select(DeadlineNotice.id).where(
            DeadlineNotice.object_uuid == key,
            DeadlineNotice.clock == clock,
            DeadlineNotice.threshold == threshold,
        )
    )
    if exists is not None:
        return False
    db.session.add(
        DeadlineNotice(object_uuid=key, clock=clock, threshold=threshold, fired_at=now_utc())
    )
    tell(None, claim, kind)
    return True


def _thresholds(kind: DeadlineKind) -> tuple[int, ...]:
    if kind == DeadlineKind.limitation:
        return LIMITATION_NOTICE_DAYS
    return (int(current_app.config["CLAIM_DEADLINE_NOTICE_DAYS"]),)


def remind_claim(claim: CompensationClaim, today: date) -> int:
    """The reminders due for one claim today; returns how many fired."""
    fired = 0
    for due in open_dues(claim):
        key = due.deadline.uuid if due.deadline is not None else claim.uuid
        clock = f"claim:{due.kind.value}:{due.due_on.isoformat()}"
        left = due.days_left(today)
        if left < 0:
            fired += _fire_once(claim, key, clock, 0, "compensation.deadline_overdue")
            continue
        # Only the nearest threshold fires: a deadline added 10 days out gets one reminder.
        passed = [days for days in _thresholds(due.kind) if left <= days]
        if passed:
            fired += _fire_once(claim, key, clock, min(passed), "compensation.deadline_due")
    eligible = claim.advance_eligible_on
    if eligible is not None and eligible <= today:
        fired += _fire_once(
            claim,
            claim.uuid,
            f"claim:advance:{eligible.isoformat()}",
            0,
            "compensation.advance_claimable",
        )
    return fired


@job("compensation.remind")
@operation
def remind() -> int:
    """Run the reminders for every open claim; returns how many fired."""
    today = now_utc().date()
    claims = db.session.scalars(
        sa.select(CompensationClaim)
        .where(CompensationClaim.status.not_in(list(DONE)))
        .options(selectinload(CompensationClaim.deadlines))
    ).all()
    fired = sum(remind_claim(claim, today) for claim in claims)
    audit.record(
        None,
        "compensation.reminded",
        object_type="compensation_claims",
        reason_code=f"fired:{fired}",
    )
    return fired
