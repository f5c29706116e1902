"""Factories for services, cases, consents and referrals, through the real operations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from referral.cases import operations as case_ops
from referral.cases.models import Case
from referral.consent import operations as consent_ops
from referral.consent.models import Consent
from referral.core.time import now_utc
from referral.directory import operations as directory_ops
from referral.directory.models import Service
from referral.identity.models import Organisation, User
from referral.referrals import operations as referral_ops
from referral.referrals.models import Referral
from tests.identity.fixtures import make_org, make_user

CANARY_NAME = "Zyxcanary Quorvath"
CANARY_PHONE = "+31612345987"
ALL_CHECKLIST = list(consent_ops.CHECKLIST)


def make_service(org: Organisation, **data: Any) -> Service:
    admin = make_user(org, ("org_admin",))
    values = {
        "name": "Return support",
        "service_type": "return_reintegration",
        "country": org.country,
        "languages": ["en"],
        "accepts_adults": True,
        "accepts_minors": True,
        "is_inbox_open": True,
        "capacity_status": "available",
        "emergency_phone": "+2348000000000",
        "default_data_package": ["demographics", "risk"],
    }
    values.update(data)
    return directory_ops.create_service(admin, org, values)


def make_case(owner: User, **data: Any) -> Case:
    values = {
        "gender": "feminine",
        "citizenship": ["NG"],
        "primary_language": "en",
        "stated_age": 24,
        "first_name": CANARY_NAME,
        "mobile_phone": CANARY_PHONE,
        "special_needs": "asthma canary",
    }
    values.update(data)
    case = case_ops.create_case(owner, values)
    case_ops.add_risk_assessment(
        owner,
        case,
        {
            "method": "interview",
            "level_victim": "high",
            "level_family": "medium",
            "level_staff": "low",
            "victim_views": "I fear the madam canary",
            "safety_plan": "no contact canary",
            "next_review_on": (now_utc() + timedelta(days=14)).date(),
        },
    )
    return case


def give_consent(
    owner: User,
    case: Case,
    recipient: Organisation,
    categories: list[str],
    purposes: list[str] | None = None,
    third_country: bool = True,
) -> Consent:
    now = now_utc()
    consent = consent_ops.start_consent(
        owner,
        case,
        {
            "language": "en",
            "text_language": "en",
            "method": "signature",
            "no_interpreter": True,
            "checklist": ALL_CHECKLIST,
            "valid_from": now - timedelta(minutes=1),
            "valid_until": now + timedelta(days=180),
        },
    )
    consent_ops.add_scope_item(
        owner,
        consent,
        {
            "purposes": purposes or ["assistance", "return_reintegration"],
            "recipient_country": recipient.country,
            "recipient_org": recipient,
            "categories": categories,
        },
    )
    if third_country and recipient.country not in consent_ops.scope.safe_countries():
        consent_ops.add_third_country_item(
            owner,
            consent,
            {"country": recipient.country, "risks_explained": "Less data protection there."},
        )
    return consent_ops.give_consent(owner, consent)


def submitted_referral(
    owner: User,
    case: Case,
    service: Service,
    package: list[str],
    purpose: str = "return_reintegration",
    kind: str = "return",
) -> Referral:
    referral = referral_ops.create_referral(
        owner,
        case,
        service,
        {
            "kind": kind,
            "purpose": purpose,
            "urgency": "standard",
            "data_package": package,
            "details": "Wants to go home to Benin City canary",
        },
    )
    return referral_ops.transition_referral(owner, referral, {"action": "submit"})


@pytest.fixture
def world() -> dict[str, Any]:
    """A Dutch shelter with a caseworker and a case; a Nigerian NGO with a return service."""
    nl = make_org("NL", name="NL shelter")
    ng = make_org("NG", name="NG NGO", time_zone="Africa/Lagos")
    caseworker = make_user(nl, ("caseworker",))
    officer = make_user(ng, ("receiving_officer",))
    ng_coordinator = make_user(ng, ("coordinator",))
    service = make_service(ng)
    case = make_case(caseworker)
    return {
        "nl": nl,
        "ng": ng,
        "caseworker": caseworker,
        "officer": officer,
        "ng_coordinator": ng_coordinator,
        "service": service,
        "case": case,
    }
