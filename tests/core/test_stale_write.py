"""A write that loses a race at the database answers 412, like a stale If-Match, not 500."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from referral.core.errors import StaleVersion
from referral.extensions import db
from referral.referrals import operations
from referral.referrals.models import Referral, ReferralTransition
from tests.referrals.fixtures import give_consent, submitted_referral


def test_a_concurrent_change_between_read_and_write_is_a_stale_version(world) -> None:
    package = ["demographics"]
    give_consent(world["caseworker"], world["case"], world["ng"], package)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], package)
    before = db.session.scalar(
        sa.select(sa.func.count()).where(ReferralTransition.referral_id == referral.id)
    )
    # Someone else's transaction moved the row on after we read it.
    db.session.execute(
        sa.update(Referral.__table__)
        .where(Referral.__table__.c.id == referral.id)
        .values(version=Referral.__table__.c.version + 1)
    )
    with pytest.raises(StaleVersion):
        operations.transition_referral(world["officer"], referral, {"action": "acknowledge"})
    after = db.session.scalar(
        sa.select(sa.func.count()).where(ReferralTransition.referral_id == referral.id)
    )
    assert after == before  # nothing of the losing write was kept
