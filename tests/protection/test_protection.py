"""Protection measures: every transition and guard, EPOs, the address rule, sweep and alerts."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from referral.audit.models import AuditEvent
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.dossiers import operations as dossier_ops
from referral.extensions import db
from referral.notifications.models import DeadlineNotice, Notification
from referral.protection import operations, queries, tasks
from referral.protection.enums import (
    Beneficiary,
    MeasureStatus,
    MeasureType,
    Recognition,
)
from referral.protection.models import MeasureEvent, ProtectionMeasure
from tests.protection.fixtures import ADDRESS, active, add_mother, grant, record, today
from tests.referrals.fixtures import give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "protection"]


def transition(actor, measure, **data):
    return operations.transition_measure(actor, measure, data)


def field_errors(refused) -> list[str]:
    return [name for name, _ in refused.value.field_errors]


def test_a_measure_goes_from_requested_to_active_with_history_audit_and_notices(world) -> None:
    worker = world["caseworker"]
    measure = record(worker, world["case"])
    assert measure.status == MeasureStatus.requested
    grant(worker, measure)
    assert measure.status == MeasureStatus.granted
    assert measure.legal_act_ref == "ROT-2026-001"
    assert b"ROT-2026-001" not in measure.legal_act_ref_encrypted
    transition(worker, measure, action="activate")
    assert measure.status == MeasureStatus.active
    kinds = [event.kind.value for event in measure.events]
    assert kinds == ["requested", "granted", "activated"]
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_uuid == measure.uuid)
    ).all()
    assert actions == ["protection.requested", "protection.grant", "protection.activate"]


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({}, ["issuing_authority", "legal_act_ref", "valid_from"]),
        (
            {"issuing_authority": "Court", "legal_act_ref": "X", "valid_from": "today"},
            [],
        ),
        (
            {
                "issuing_authority": "Court",
                "legal_act_ref": "X",
                "valid_from": "today",
                "valid_until": "yesterday",
            },
            ["valid_until"],
        ),
    ],
)
def test_grant_needs_authority_reference_and_start(world, data, missing) -> None:
    measure = record(world["caseworker"], world["case"])
    dates = {"today": today(), "yesterday": today() - timedelta(days=1)}
    data = {key: dates.get(value, value) for key, value in data.items()}
    if not missing:
        transition(world["caseworker"], measure, action="grant", **data)
        assert measure.status == MeasureStatus.granted
        return
    with pytest.raises(ValidationProblem) as refused:
        transition(world["caseworker"], measure, action="grant", **data)
    assert field_errors(refused) == missing
    assert measure.status == MeasureStatus.requested


def test_refusal_needs_a_reason_and_other_needs_a_note(world) -> None:
    worker = world["caseworker"]
    measure = record(worker, world["case"])
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, measure, action="refuse")
    assert field_errors(refused) == ["refusal_reason"]
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, measure, action="refuse", refusal_reason="other")
    assert field_errors(refused) == ["note"]
    transition(worker, measure, action="refuse", refusal_reason="insufficient_evidence")
    assert measure.status == MeasureStatus.refused
    assert measure.events[-1].reason_code == "insufficient_evidence"
    with pytest.raises(IllegalTransition):
        transition(worker, measure, action="activate")


def test_activation_waits_for_the_start_date(world) -> None:
    worker = world["caseworker"]
    measure = grant(worker, record(worker, world["case"]), valid_from=today() + timedelta(days=3))
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, measure, action="activate")
    assert field_errors(refused) == ["action"]


def test_modify_renew_breach_revoke_on_an_active_measure(world) -> None:
    worker = world["caseworker"]
    measure = active(worker, world["case"])
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, measure, action="modify", review_on=today() + timedelta(days=9))
    assert field_errors(refused) == ["note"]
    transition(
        worker, measure, action="modify", review_on=today() + timedelta(days=9), note="New review"
    )
    assert measure.review_on == today() + timedelta(days=9)
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, measure, action="renew", valid_until=measure.valid_until)
    assert field_errors(refused) == ["valid_until"]
    later = measure.valid_until + timedelta(days=90)
    transition(worker, measure, action="renew", valid_until=later)
    assert measure.valid_until == later
    with pytest.raises(ValidationProblem):
        transition(worker, measure, action="report_breach")
    transition(worker, measure, action="report_breach", note="He called her twice")
    assert measure.status == MeasureStatus.active
    assert measure.events[-1].details == "He called her twice"
    with pytest.raises(ValidationProblem):
        transition(worker, measure, action="revoke")
    transition(worker, measure, action="revoke", note="Court lifted it")
    assert measure.status == MeasureStatus.revoked
    assert [e.kind.value for e in measure.events][-4:] == [
        "modified",
        "renewed",
        "breached",
        "revoked",
    ]


def test_only_the_sweep_expires_and_only_orders_are_transmitted(world) -> None:
    worker = world["caseworker"]
    measure = active(worker, world["case"])
    with pytest.raises(ValidationProblem):
        transition(worker, measure, action="expire")
    with pytest.raises(IllegalTransition):
        transition(worker, measure, action="transmit", transmitted_on=today())
    with pytest.raises(ValidationProblem):
        transition(worker, measure, action="no-such-action")


def test_court_special_measure_names_which_one(world) -> None:
    with pytest.raises(ValidationProblem) as refused:
        record(world["caseworker"], world["case"], measure_type=MeasureType.court_special_measure)
    assert field_errors(refused) == ["special_measure"]
    measure = record(
        world["caseworker"],
        world["case"],
        measure_type=MeasureType.court_special_measure,
        special_measure="no_visual_contact",
    )
    assert measure.special_measure.value == "no_visual_contact"


def test_family_beneficiary_must_be_on_this_case(world) -> None:
    worker = world["caseworker"]
    with pytest.raises(ValidationProblem) as refused:
        record(worker, world["case"], beneficiary=Beneficiary.family_member)
    assert field_errors(refused) == ["family_member"]
    mother = add_mother(worker, world["case"])
    measure = record(
        worker,
        world["case"],
        beneficiary=Beneficiary.family_member,
        family_member=mother.uuid,
        country="NG",
        coarse_area="Edo State",
        measure_type=MeasureType.police_protection,
    )
    assert measure.family_member == mother


def _epo(worker, case, national, **extra):
    values = {
        "measure_type": MeasureType.epo,
        "country": "BE",
        "national_measure": national.uuid,
        "requested_by_protected_person_on": today(),
    }
    values.update(extra)
    return record(worker, case, **values)


def test_epo_needs_an_active_eligible_national_measure_and_the_persons_request(world) -> None:
    worker, case = world["caseworker"], world["case"]
    police = active(worker, case, measure_type=MeasureType.police_protection)
    with pytest.raises(ValidationProblem) as refused:
        _epo(worker, case, police, requested_by_protected_person_on=None)
    assert field_errors(refused) == ["national_measure", "requested_by_protected_person_on"]
    pending_ban = record(worker, case)
    with pytest.raises(ValidationProblem) as refused:
        _epo(worker, case, pending_ban)
    assert field_errors(refused) == ["national_measure"]
    ban = active(worker, case)
    with pytest.raises(ValidationProblem) as refused:
        _epo(worker, case, ban, country="NL")
    assert field_errors(refused) == ["country"]
    order = _epo(worker, case, ban, approach_metres=200)
    assert order.epo.issuing_state == "NL"
    assert order.epo.executing_state == "BE"
    assert order.epo.recognition == Recognition.pending


def test_epo_is_recognised_before_it_is_in_force_and_breaches_are_reported(world) -> None:
    worker, case = world["caseworker"], world["case"]
    order = grant(worker, _epo(worker, case, active(worker, case)))
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, order, action="activate")
    assert field_errors(refused) == ["action"]
    transition(worker, order, action="transmit", transmitted_on=today())
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, order, action="record_recognition", recognition="pending")
    assert field_errors(refused) == ["recognition", "recognition_decided_on"]
    transition(
        worker,
        order,
        action="record_recognition",
        recognition="recognised",
        recognition_decided_on=today(),
        executing_authority="Tribunal de première instance, Antwerpen",
    )
    transition(worker, order, action="activate")
    assert order.status == MeasureStatus.active
    with pytest.raises(ValidationProblem) as refused:
        transition(worker, order, action="report_breach", note="Seen near her home")
    assert field_errors(refused) == ["reported_to_issuing_state_at"]
    reported = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    transition(
        worker,
        order,
        action="report_breach",
        note="Seen near her home",
        reported_to_issuing_state_at=reported,
    )
    assert order.events[-1].reported_to_issuing_state_at == reported


def test_address_needs_a_reason_and_is_never_disclosed_without_a_reveal(
    world, api_for, web_for
) -> None:
    worker, case = world["caseworker"], world["case"]
    with pytest.raises(ValidationProblem) as refused:
        record(worker, case, protected_address=ADDRESS)
    assert field_errors(refused) == ["address_reason"]
    measure = active(worker, case, protected_address=ADDRESS, address_reason="Police patrols")
    assert ADDRESS.encode() not in measure.protected_address_encrypted
    # The partner that receives protection data sees the measure, never the address.
    give_consent(worker, case, world["ng"], PACKAGE)
    referral = submitted_referral(worker, case, world["service"], PACKAGE)
    team_api = api_for(user=worker)
    partner_api = api_for(user=world["ng_coordinator"])
    for client in (team_api, partner_api):
        listed = client.get(f"/api/v1/cases/{case.uuid}/protection-measures")
        one = client.get(f"/api/v1/protection-measures/{measure.uuid}")
        assert listed.status_code == one.status_code == 200
        assert "address-canary" not in listed.get_data(as_text=True)
        assert "address-canary" not in one.get_data(as_text=True)
        assert one.json["has_protected_address"] is True
    assert partner_api.post(f"/api/v1/protection-measures/{measure.uuid}/reveal").status_code == 403
    partner_page = web_for(user=world["ng_coordinator"])
    for url in (f"/cases/{case.uuid}/protection", f"/protection-measures/{measure.uuid}"):
        page = partner_page.get(url)
        assert page.status_code == 200
        assert "address-canary" not in page.get_data(as_text=True)
    assert "Show the address" not in partner_page.get(
        f"/protection-measures/{measure.uuid}"
    ).get_data(as_text=True)
    notices = db.session.scalars(sa.select(Notification)).all()
    assert all("address-canary" not in json.dumps(n.kind) for n in notices)
    # The dossier lists the measure, never the address.
    dossier = dossier_ops.request_dossier(world["officer"], referral)
    db.session.refresh(dossier)
    pdf = dossier_ops.download(world["officer"], dossier)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Contact or approach ban" in " ".join(text.split())
    assert b"address-canary" not in pdf
    assert "address-canary" not in text
    # The case team can reveal it, and every reveal is audited.
    revealed = team_api.post(f"/api/v1/protection-measures/{measure.uuid}/reveal")
    assert revealed.json["protected_address"] == ADDRESS
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "protection.address_revealed")
        )
        == 1
    )


def test_partner_without_the_protection_category_sees_nothing(world, api_for) -> None:
    worker, case = world["caseworker"], world["case"]
    measure = active(worker, case)
    package = ["demographics", "risk"]
    give_consent(worker, case, world["ng"], package)
    submitted_referral(worker, case, world["service"], package)
    partner = api_for(user=world["ng_coordinator"])
    assert partner.get(f"/api/v1/protection-measures/{measure.uuid}").status_code == 404
    assert partner.get(f"/api/v1/cases/{case.uuid}/protection-measures").status_code == 404


def test_relationship_is_family_data(world, api_for) -> None:
    worker, case = world["caseworker"], world["case"]
    mother = add_mother(worker, case)
    measure = active(
        worker,
        case,
        beneficiary=Beneficiary.family_member,
        family_member=mother.uuid,
        country="NG",
        measure_type=MeasureType.police_protection,
    )
    give_consent(worker, case, world["ng"], PACKAGE)
    submitted_referral(worker, case, world["service"], PACKAGE)
    seen = api_for(user=world["ng_coordinator"]).get(f"/api/v1/protection-measures/{measure.uuid}")
    assert seen.json["beneficiary"] == "family_member"
    assert "family_relationship" not in seen.json
    own = api_for(user=worker).get(f"/api/v1/protection-measures/{measure.uuid}")
    assert own.json["family_relationship"] == "mother"


def test_sweep_starts_expires_and_reminds_once(world, clock) -> None:
    worker, case = world["caseworker"], world["case"]
    starting = grant(worker, record(worker, case), valid_from=today() + timedelta(days=1))
    ending = active(worker, case, measure_type=MeasureType.police_protection)
    ending.valid_until = today() + timedelta(days=10)
    ending.review_on = today() + timedelta(days=5)
    db.session.commit()
    tasks.sweep()
    kinds = {n.kind for n in db.session.scalars(sa.select(Notification))}
    assert {"protection.expiring", "protection.review_due"} <= kinds
    notices = db.session.scalar(sa.select(sa.func.count()).select_from(DeadlineNotice))
    tasks.sweep()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeadlineNotice)) == notices
    clock.advance(days=1)
    tasks.sweep()
    assert starting.status == MeasureStatus.active
    assert starting.events[-1].actor_id is None
    clock.advance(days=6)
    tasks.sweep()
    assert "protection.review_overdue" in {
        n.kind for n in db.session.scalars(sa.select(Notification))
    }
    clock.advance(days=4)
    tasks.sweep()
    assert ending.status == MeasureStatus.expired
    assert ending.events[-1].kind.value == "expired"


def test_alerts_list_expiries_reviews_and_unprotected_family(world) -> None:
    worker, case = world["caseworker"], world["case"]
    mother = add_mother(worker, case)
    measure = active(worker, case)
    measure.valid_until = today() + timedelta(days=7)
    db.session.commit()
    found = queries.alerts(worker)
    kinds = sorted(alert["kind"] for alert in found)
    assert kinds == ["expiring", "family_unprotected"]
    active(
        worker,
        case,
        beneficiary=Beneficiary.family_member,
        family_member=mother.uuid,
        country="NG",
        measure_type=MeasureType.police_protection,
    )
    assert [a["kind"] for a in queries.alerts(worker)] == ["expiring"]
    assert queries.alerts(worker)[0]["measure"] == measure.uuid


def test_timeline_spans_countries_in_order(world) -> None:
    worker, case = world["caseworker"], world["case"]
    ban = active(worker, case)
    _epo(worker, case, ban)
    events = queries.timeline(case)
    assert [e.measure.country for e in events] == ["NL", "NL", "NL", "BE"]
    assert events == sorted(events, key=lambda e: (e.at, e.id))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeasureEvent)) == 4


def test_pages_keep_input_and_show_field_messages(world, web_for) -> None:
    browser = web_for(user=world["caseworker"])
    case = world["case"]
    new = f"/cases/{case.uuid}/protection/new"
    assert browser.get(new).status_code == 200
    refused = browser.post(
        new,
        {
            "beneficiary": "victim",
            "measure_type": "court_special_measure",
            "country": "NL",
            "coarse_area": "Rotterdam",
        },
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Choose the special measure." in body
    assert 'value="Rotterdam"' in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProtectionMeasure)) == 0
    created = browser.post(
        new, {"beneficiary": "victim", "measure_type": "contact_ban", "country": "NL"}
    )
    assert created.status_code == 302
    measure = db.session.scalars(sa.select(ProtectionMeasure)).one()
    page = browser.get(created.location).get_data(as_text=True)
    assert f"/protection-measures/{measure.uuid}/actions/grant" in page
    action = f"/protection-measures/{measure.uuid}/actions/grant"
    bad = browser.post(action, {"issuing_authority": "Court", "version": measure.version})
    assert bad.status_code == 422
    assert "Give the reference of the decision." in bad.get_data(as_text=True)
    good = browser.post(
        action,
        {
            "issuing_authority": "Court",
            "legal_act_ref": "R-1",
            "valid_from": today().isoformat(),
            "version": measure.version,
        },
    )
    assert good.status_code == 302
    assert measure.status == MeasureStatus.granted
    stale = browser.post(f"/protection-measures/{measure.uuid}/actions/activate", {"version": 1})
    assert stale.status_code == 409
    assert browser.get(f"/protection-measures/{measure.uuid}/actions/refuse").status_code == 404
    overview = browser.get(f"/cases/{case.uuid}/protection").get_data(as_text=True)
    assert "Timeline across countries" in overview
    assert "Contact or approach ban" in overview
    assert browser.get("/protection").status_code == 200


def test_api_transitions_need_if_match_and_answer_problems(world, api_for) -> None:
    client = api_for(user=world["caseworker"])
    created = client.post(
        f"/api/v1/cases/{world['case'].uuid}/protection-measures",
        json={"beneficiary": "victim", "measure_type": "contact_ban", "country": "NL"},
        headers={"Idempotency-Key": "p1"},
    )
    assert created.status_code == 201, created.json
    url = f"/api/v1/protection-measures/{created.json['id']}/transitions"
    etag = created.headers["ETag"]
    missing = client.post(url, json={"action": "grant"}, headers={"Idempotency-Key": "p2"})
    assert missing.status_code == 428
    refused = client.post(
        url, json={"action": "grant"}, headers={"Idempotency-Key": "p3", "If-Match": etag}
    )
    assert refused.status_code == 422
    assert refused.content_type == "application/problem+json"
    assert [e["pointer"] for e in refused.json["errors"]] == [
        "#/issuing_authority",
        "#/legal_act_ref",
        "#/valid_from",
    ]
    illegal = client.post(
        url, json={"action": "activate"}, headers={"Idempotency-Key": "p4", "If-Match": etag}
    )
    assert illegal.status_code == 409
    granted = client.post(
        url,
        json={
            "action": "grant",
            "issuing_authority": "Court",
            "legal_act_ref": "R-2",
            "valid_from": today().isoformat(),
        },
        headers={"Idempotency-Key": "p5", "If-Match": etag},
    )
    assert granted.status_code == 200, granted.json
    assert granted.json["status"] == "granted"
    assert granted.headers["ETag"] != etag
    stale = client.post(
        url, json={"action": "activate"}, headers={"Idempotency-Key": "p6", "If-Match": etag}
    )
    assert stale.status_code == 412
    alerts = client.get("/api/v1/protection-measures")
    assert alerts.status_code == 200
