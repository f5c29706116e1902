"""The audit log for data-protection officers: who sees which events, filters, paging, the
chain check, and that reading the log is recorded too."""

from __future__ import annotations

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.audit.chain import VerifyResult
from referral.audit.models import AuditEvent
from referral.extensions import db
from tests.identity.fixtures import make_org, make_token, make_user
from tests.referrals.fixtures import make_case


def _world():
    home, other = make_org("NL", name="Home shelter"), make_org("BE", name="Other centre")
    worker = make_user(home, ("caseworker",))
    stranger = make_user(other, ("caseworker",))
    case = make_case(worker, first_name="Secret canary name")
    audit.record(stranger, "case.viewed", case, case_code=case.case_code)  # on our case
    audit.record(stranger, "referral.created", object_type="referrals")  # theirs only
    audit.record(worker, "login.succeeded", object_type="users", outcome="allowed")
    db.session.commit()
    return home, other, worker, stranger, case


def _actions(events) -> list[str]:
    return [event.action for event in events]


def test_an_organisations_auditor_sees_its_people_and_its_cases_only(app) -> None:
    home, _other, _worker, stranger, _case = _world()
    auditor = make_user(home, ("auditor",))
    events, _ = audit.read_log(auditor, {})
    seen = {(e.action, e.actor_user) for e in events}
    assert ("case.viewed", stranger.uuid) in seen  # someone else, on our case
    assert ("referral.created", stranger.uuid) not in seen  # someone else, not ours
    assert "login.succeeded" in _actions(events)
    last = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (last.action, last.actor_user) == ("audit.read", auditor.uuid)


def test_the_platforms_auditor_oversees_every_event(app) -> None:
    _world()
    operator = make_org("NL", name="Platform operator")
    make_user(operator, ("platform_admin",))
    auditor = make_user(operator, ("auditor",))
    events, _ = audit.read_log(auditor, {"limit": 200})
    assert {"referral.created", "case.viewed", "login.succeeded"} <= set(_actions(events))


def test_filters_and_paging(app) -> None:
    home, *_rest, case = _world()
    auditor = make_user(home, ("auditor",))
    only_case, _ = audit.read_log(auditor, {"case_code": case.case_code.lower()})
    assert _actions(only_case)
    assert {e.case_code for e in only_case} == {case.case_code}
    logins, _ = audit.read_log(auditor, {"action": "login."})
    assert set(_actions(logins)) == {"login.succeeded"}
    first, before = audit.read_log(auditor, {"limit": 1})
    assert len(first) == 1
    assert before == first[0].seq
    second, _ = audit.read_log(auditor, {"limit": 1, "before": before})
    assert second[0].seq < first[0].seq


def test_the_page_shows_events_without_values_and_refuses_others(app, web_for) -> None:
    home, *_rest, case = _world()
    auditor = make_user(home, ("auditor",))
    page = web_for(user=auditor).get("/audit")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "case.viewed" in body
    assert case.case_code in body
    assert "Secret canary name" not in body
    assert web_for("caseworker", org=home).get("/audit").status_code == 403
    wrong = web_for(user=auditor).get("/audit?outcome=maybe&case_code=ABC")
    assert wrong.status_code == 422
    assert 'value="ABC"' in wrong.get_data(as_text=True)  # the filter keeps what was typed


def test_checking_the_chain_is_recorded_and_a_break_is_reported(app, web_for, monkeypatch):
    home, *_ = _world()
    auditor = make_user(home, ("auditor",))
    browser = web_for(user=auditor)
    intact = browser.post("/audit/verify").get_data(as_text=True)
    assert "The hash chain is intact" in intact
    verified = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "audit.verified")
    ).all()
    assert verified
    assert verified[-1].outcome == "allowed"
    broken = VerifyResult(False, 4, 4, "0" * 64, broken_at=5, problem="hash")
    monkeypatch.setattr(audit, "verify_chain", lambda: broken)
    page = browser.post("/audit/verify").get_data(as_text=True)
    assert "The hash chain is broken" in page
    assert "number 5" in page
    last = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "audit.verified")
        .order_by(AuditEvent.seq.desc())
    ).first()
    assert (last.outcome, last.reason_code) == ("failed", "broken_at_5")


def test_the_api_pages_and_answers_problems(app) -> None:
    home, *_ = _world()
    auditor = make_user(home, ("auditor",))
    client, headers = app.test_client(), {"Authorization": f"Bearer {make_token(auditor)}"}
    first = client.get("/api/v1/audit-events?limit=2", headers=headers)
    assert first.status_code == 200
    body = first.get_json()
    assert len(body["items"]) == 2
    assert body["next_before"] == body["items"][-1]["seq"]
    assert {"action", "outcome", "fields", "hash"} <= body["items"][0].keys()
    bad = client.get("/api/v1/audit-events?outcome=maybe", headers=headers)
    assert bad.status_code == 422
    assert bad.content_type == "application/problem+json"
    chain = client.get("/api/v1/audit-chain", headers=headers).get_json()
    assert chain["ok"] is True
    assert chain["checked"] >= 3
    worker = make_user(home, ("caseworker",))
    refused = client.get(
        "/api/v1/audit-events", headers={"Authorization": f"Bearer {make_token(worker)}"}
    )
    assert refused.status_code == 403
