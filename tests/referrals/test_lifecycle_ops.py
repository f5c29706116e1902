"""The referral lifecycle through the operations layer."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from referral.audit.chain import verify_chain
from referral.consent import operations as consent_ops
from referral.consent.models import AccessGrant
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.time import now_utc
from referral.extensions import db
from referral.referrals import operations as ops
from referral.referrals.enums import ReferralStatus
from tests.referrals.fixtures import give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


def test_full_return_referral(world) -> None:
    w = world
    consent = give_consent(w["caseworker"], w["case"], w["ng"], PACKAGE)
    referral = submitted_referral(w["caseworker"], w["case"], w["service"], PACKAGE)
    assert referral.status == ReferralStatus.submitted
    assert ops.recipient_categories(referral) == set(PACKAGE)
    ops.transition_referral(w["officer"], referral, {"action": "acknowledge"})
    ops.transition_referral(
        w["officer"],
        referral,
        {
            "action": "accept",
            "capacity_confirmed": True,
            "receiving_caseworker_id": w["officer"].uuid,
        },
    )
    ops.transition_referral(
        w["officer"],
        referral,
        {
            "action": "schedule_arrival",
            "arrival_at": now_utc() + timedelta(days=5),
            "meeting_point": "Airport arrivals hall",
            "met_by": "Osaro",
            "is_voluntary": True,
            "joint_risk_assessment_on": now_utc().date(),
        },
    )
    assert referral.status == ReferralStatus.arrival_scheduled
    consent_ops.withdraw_consent(w["caseworker"], consent, {"channel": "in_person"})
    db.session.refresh(referral)
    assert referral.status == ReferralStatus.withdrawn
    assert ops.recipient_categories(referral) == set()
    grants = db.session.scalars(sa.select(AccessGrant)).all()
    assert all(grant.closed_at is not None for grant in grants)
    assert verify_chain().ok


def test_submit_needs_consent_for_every_category(world) -> None:
    w = world
    give_consent(w["caseworker"], w["case"], w["ng"], ["demographics"])
    referral = ops.create_referral(
        w["caseworker"],
        w["case"],
        w["service"],
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": ["demographics", "health"],
        },
    )
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(w["caseworker"], referral, {"action": "submit"})
    assert [field for field, _ in problem.value.field_errors] == ["data_package"]


def test_inv_06_non_eu_recipient_needs_third_country_item(world) -> None:
    w = world
    with pytest.raises(ValidationProblem) as problem:
        give_consent(w["caseworker"], w["case"], w["ng"], PACKAGE, third_country=False)
    assert "third_country" in [field for field, _ in problem.value.field_errors]


def test_illegal_transition_is_refused(world) -> None:
    w = world
    give_consent(w["caseworker"], w["case"], w["ng"], PACKAGE)
    referral = submitted_referral(w["caseworker"], w["case"], w["service"], PACKAGE)
    with pytest.raises(IllegalTransition):
        ops.transition_referral(w["officer"], referral, {"action": "confirm_arrival"})
