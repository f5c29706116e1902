"""The journey in the pages: case, consent wizard, referral, acceptance, withdrawal."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import sqlalchemy as sa

from referral.cases.models import Case
from referral.consent.models import Consent
from referral.core.time import now_utc
from referral.extensions import db
from referral.referrals.models import Referral
from tests.identity.fixtures import WebClient, make_org, make_user, sign_in
from tests.referrals.fixtures import make_service


def uuid_in(location: str) -> uuid.UUID:
    return uuid.UUID(re.search(r"[0-9a-f-]{36}", location).group(0))


def test_referral_journey_through_the_pages(app, clock) -> None:
    nl, ng = make_org("NL", name="NL shelter"), make_org("NG", name="NG NGO")
    service = make_service(ng)
    worker = WebClient(app.test_client())
    sign_in(worker, make_user(nl, ("caseworker",)), clock)
    officer_user = make_user(ng, ("receiving_officer",))
    officer = WebClient(app.test_client())
    sign_in(officer, officer_user, clock)
    today = now_utc().date()

    bad = worker.post("/cases/new", {"stated_age": "two hundred", "first_name": "Canary Bisi"})
    assert bad.status_code == 422
    assert 'value="Canary Bisi"' in bad.get_data(as_text=True)
    created = worker.post(
        "/cases/new",
        {
            "gender": "feminine",
            "citizenship": "NG",
            "primary_language": "en",
            "stated_age": "29",
            "first_name": "Canary Bisi",
        },
    )
    case_id = uuid_in(created.location)
    assert (
        worker.post(
            f"/cases/{case_id}/risk",
            {
                "method": "interview",
                "level_victim": "high",
                "level_family": "low",
                "level_staff": "low",
                "next_review_on": (today + timedelta(days=10)).isoformat(),
            },
        ).status_code
        == 302
    )

    started = worker.post(f"/cases/{case_id}/consents")
    consent_id = uuid_in(started.location)
    refused = worker.post(f"/consents/{consent_id}/give")
    assert refused.status_code == 422
    assert (
        worker.post(
            f"/consents/{consent_id}/record",
            {
                "language": "en",
                "text_language": "en",
                "method": "signature",
                "no_interpreter": "on",
                "checklist": [
                    "purpose",
                    "data_use",
                    "research_use",
                    "access_right",
                    "retention",
                    "withdrawal",
                ],
                "valid_from": today.isoformat(),
                "valid_until": (today + timedelta(days=90)).isoformat(),
            },
        ).status_code
        == 302
    )
    assert (
        worker.post(
            f"/consents/{consent_id}/scope",
            {
                "purposes": ["return_reintegration"],
                "recipient_country": "NG",
                "recipient_org_id": str(ng.uuid),
                "categories": ["demographics", "risk"],
            },
        ).status_code
        == 302
    )
    forgotten = worker.post(
        f"/consents/{consent_id}/third-country",
        {"country": "NG", "risks_explained": "Weaker data protection there."},
    )
    assert forgotten.status_code == 422  # the agreement box was not ticked
    page = forgotten.get_data(as_text=True)
    assert "Weaker data protection there." in page  # what was typed is kept
    assert 'id="error-tc-explicit_agreement"' in page
    assert (
        worker.post(
            f"/consents/{consent_id}/third-country",
            {
                "country": "NG",
                "risks_explained": "Weaker data protection there.",
                "explicit_agreement": "on",
            },
        ).status_code
        == 302
    )
    assert worker.post(f"/consents/{consent_id}/give").status_code == 302

    draft = worker.post(
        f"/referrals/new/{case_id}?service={service.uuid}",
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": ["demographics", "risk"],
            "details": "Going home",
        },
    )
    referral_id = uuid_in(draft.location)
    preview = worker.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Preview: exactly what the service will see" in preview
    assert "Canary Bisi" not in preview
    assert officer.get(f"/referrals/{referral_id}").status_code == 404  # a draft never leaves
    assert (
        worker.post(f"/referrals/{referral_id}/transitions", {"action": "submit"}).status_code
        == 302
    )

    inbox = officer.get("/referrals").get_data(as_text=True)
    assert db.session.scalar(sa.select(Case.case_code).where(Case.uuid == case_id)) in inbox
    page = officer.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "What was shared with you" in page
    assert "Canary Bisi" not in page
    refused = officer.post(f"/referrals/{referral_id}/transitions", {"action": "accept"})
    assert refused.status_code == 422
    assert (
        officer.post(
            f"/referrals/{referral_id}/transitions",
            {
                "action": "accept",
                "capacity_confirmed": "on",
                "receiving_caseworker_id": str(officer_user.uuid),
            },
        ).status_code
        == 302
    )
    arrival = (now_utc() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    assert (
        officer.post(
            f"/referrals/{referral_id}/transitions",
            {
                "action": "schedule_arrival",
                "arrival_at": arrival,
                "meeting_point": "Airport",
                "met_by": "Osaro",
                "is_voluntary": "on",
                "joint_risk_assessment_on": today.isoformat(),
            },
        ).status_code
        == 302
    )
    assert "Airport" in worker.get(f"/referrals/{referral_id}").get_data(as_text=True)

    assert officer.get(f"/cases/{case_id}").status_code == 200
    assert (
        worker.post(
            f"/consents/{consent_id}/withdraw", {"scope": "all", "channel": "in_person"}
        ).status_code
        == 302
    )
    assert officer.get(f"/cases/{case_id}").status_code == 404
    after = officer.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Withdrawn" in after
    referral = db.session.scalar(sa.select(Referral).where(Referral.uuid == referral_id))
    assert str(referral.status) == "withdrawn"
    assert (
        str(db.session.scalar(sa.select(Consent.status).where(Consent.uuid == consent_id)))
        == "withdrawn"
    )
