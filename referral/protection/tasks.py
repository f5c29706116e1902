"""Protection sweep: measures come into force and expire on their dates; reminders fire once."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.jobs.registry import job
from referral.notifications.models import DeadlineNotice
from referral.protection import operations
from referral.protection.enums import LIVE_STATES, MeasureAction, MeasureStatus, Recognition
from referral.protection.models import ProtectionMeasure
from referral.protection.queries import notice_days


def _fire_once(measure: ProtectionMeasure, clock: str, threshold: int, kind: str) -> bool:
    """Notify about `clock` once; False when it already fired."""
    exists = db.session.scalar(
        sa.select(DeadlineNotice.id).where(
            DeadlineNotice.object_uuid == measure.uuid,
            DeadlineNotice.clock == clock,
            DeadlineNotice.threshold == threshold,
        )
    )
    if exists is not None:
        return False
    db.session.add(
        DeadlineNotice(
            object_uuid=measure.uuid, clock=clock, threshold=threshold, fired_at=now_utc()
        )
    )
    operations.tell(None, measure, kind)
    return True


def _may_start(measure: ProtectionMeasure, today: object) -> bool:
    return (
        measure.status == MeasureStatus.granted
        and measure.valid_from is not None
        and measure.valid_from <= today
        and (measure.epo is None or measure.epo.recognition == Recognition.recognised)
    )


@job("protection.sweep")
@operation
def sweep() -> int:
    """Start, expire and remind; returns how many things happened."""
    today = now_utc().date()
    expiry_days, review_days = notice_days()
    done = 0
    measures = db.session.scalars(
        sa.select(ProtectionMeasure).where(ProtectionMeasure.status.in_(LIVE_STATES))
    ).all()
    for measure in measures:
        if measure.valid_until is not None and measure.valid_until < today:
            operations.transition_measure(None, measure, {"action": MeasureAction.expire})
            done += 1
            continue
        if _may_start(measure, today):
            operations.transition_measure(None, measure, {"action": MeasureAction.activate})
            done += 1
        if measure.valid_until and measure.valid_until <= today + timedelta(days=expiry_days):
            done += _fire_once(
                measure, f"expiry:{measure.valid_until}", expiry_days, "protection.expiring"
            )
        if measure.review_on and measure.review_on < today:
            done += _fire_once(
                measure, f"review:{measure.review_on}", 0, "protection.review_overdue"
            )
        elif measure.review_on and measure.review_on <= today + timedelta(days=review_days):
            done += _fire_once(
                measure, f"review:{measure.review_on}", review_days, "protection.review_due"
            )
    audit.record(
        None, "protection.swept", object_type="protection_measures", reason_code=f"done:{done}"
    )
    return done
