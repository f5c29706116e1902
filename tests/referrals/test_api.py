"""Referral API: consent-filtered reads, If-Match, Idempotency-Key, cursors, filters, queries."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from referral.consent import operations as consent_ops
from referral.core.time import now_utc
from referral.extensions import db
from referral.referrals.models import Referral
from tests.identity.fixtures import ApiClient, make_token
from tests.referrals.fixtures import (
    CANARY_NAME,
    CANARY_PHONE,
    give_consent,
    make_case,
    submitted_referral,
)

PACKAGE = ["demographics", "risk", "support"]


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


@pytest.fixture
def apis(world, app):
    def client(user) -> ApiClient:
        return ApiClient(app.test_client(), make_token(user), user)

    consent = give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    return {
        **world,
        "consent": consent,
        "referral": referral,
        "sender": client(world["caseworker"]),
        "recipient": client(world["officer"]),
        "recipient2": client(world["ng_coordinator"]),
    }


def test_recipient_sees_exactly_the_package(apis) -> None:
    body = apis["recipient"].get(f"/api/v1/referrals/{apis['referral'].uuid}").json
    case = body["case"]
    assert set(case["visible_categories"]) == set(PACKAGE)
    assert {"demographics", "risk"} <= case.keys()
    for hidden in ("health", "identity", "contact", "location", "family"):
        assert hidden not in case
    text = str(body)
    assert CANARY_NAME not in text
    assert CANARY_PHONE not in text
    assert "asthma canary" not in text


def test_inv_05_withdrawal_hides_the_case_on_the_next_request(apis) -> None:
    recipient, referral, case = apis["recipient"], apis["referral"], apis["case"]
    assert recipient.get(f"/api/v1/cases/{case.uuid}").status_code == 200
    consent_ops.withdraw_consent(apis["caseworker"], apis["consent"], {"channel": "phone"})
    assert recipient.get(f"/api/v1/cases/{case.uuid}").status_code == 404
    body = recipient.get(f"/api/v1/referrals/{referral.uuid}").json
    assert body["status"] == "withdrawn"
    assert "case" not in body
    assert recipient.get(f"/api/v1/referrals/{referral.uuid}/messages").json["items"] == []


def test_if_match_is_required_and_checked(apis) -> None:
    url = f"/api/v1/referrals/{apis['referral'].uuid}/transitions"
    missing = apis["recipient"].post(url, json={"action": "acknowledge"}, headers=key())
    assert missing.status_code == 428
    assert missing.mimetype == "application/problem+json"
    etag = apis["recipient"].get(f"/api/v1/referrals/{apis['referral'].uuid}").headers["ETag"]
    ok = apis["recipient"].post(
        url, json={"action": "acknowledge"}, headers={**key(), "If-Match": etag}
    )
    assert ok.status_code == 200
    assert ok.headers["ETag"] != etag
    stale = apis["recipient2"].post(
        url,
        json={
            "action": "accept",
            "capacity_confirmed": True,
            "receiving_caseworker_id": str(apis["officer"].uuid),
        },
        headers={**key(), "If-Match": etag},
    )
    assert stale.status_code == 412


def test_two_recipients_race_on_one_version(apis) -> None:
    url = f"/api/v1/referrals/{apis['referral'].uuid}"
    etag = apis["recipient"].get(url).headers["ETag"]
    results = []
    for client in (apis["recipient"], apis["recipient2"]):
        results.append(
            client.post(
                url + "/transitions",
                json={"action": "acknowledge"},
                headers={**key(), "If-Match": etag},
            ).status_code
        )
    assert sorted(results) == [200, 412]


def test_illegal_transition_is_409_problem(apis) -> None:
    url = f"/api/v1/referrals/{apis['referral'].uuid}"
    etag = apis["recipient"].get(url).headers["ETag"]
    response = apis["recipient"].post(
        url + "/transitions",
        json={"action": "confirm_arrival"},
        headers={**key(), "If-Match": etag},
    )
    assert response.status_code == 409
    assert response.json["type"].endswith("/illegal-transition")


def test_guard_failure_is_422_naming_the_conditions(apis, world) -> None:
    case = make_case(apis["caseworker"])
    created = apis["sender"].post(
        "/api/v1/referrals",
        headers=key(),
        json={
            "case_id": str(case.uuid),
            "service_id": str(apis["service"].uuid),
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": ["risk"],
        },
    )
    assert created.status_code == 201
    url = f"/api/v1/referrals/{created.json['id']}"
    response = apis["sender"].post(
        url + "/transitions",
        json={"action": "submit"},
        headers={**key(), "If-Match": created.headers["ETag"]},
    )
    assert response.status_code == 422
    assert "#/data_package" in {error["pointer"] for error in response.json["errors"]}


def test_idempotent_retry_returns_the_same_answer_and_creates_nothing_twice(apis) -> None:
    payload = {
        "case_id": str(apis["case"].uuid),
        "service_id": str(apis["service"].uuid),
        "kind": "return",
        "purpose": "return_reintegration",
        "urgency": "urgent",
        "data_package": PACKAGE,
    }
    headers = key()
    first = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    again = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert again.headers["Idempotent-Replayed"] == "true"
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Referral))
    assert count == 2  # the fixture's and this one
    clash = apis["sender"].post(
        "/api/v1/referrals", json={**payload, "urgency": "standard"}, headers=headers
    )
    assert clash.status_code == 422
    assert apis["sender"].post("/api/v1/referrals", json=payload).status_code == 400


def test_failed_request_frees_its_key(apis) -> None:
    headers = key()
    bad = apis["sender"].post("/api/v1/referrals", json={"kind": "nonsense"}, headers=headers)
    assert bad.status_code == 422
    payload = {
        "case_id": str(apis["case"].uuid),
        "service_id": str(apis["service"].uuid),
        "kind": "return",
        "purpose": "return_reintegration",
        "urgency": "urgent",
        "data_package": PACKAGE,
    }
    assert (
        apis["sender"].post("/api/v1/referrals", json=payload, headers=headers).status_code == 201
    )


def _many(apis, count: int) -> None:
    for _ in range(count):
        case = make_case(apis["caseworker"])
        give_consent(apis["caseworker"], case, apis["ng"], PACKAGE)
        submitted_referral(apis["caseworker"], case, apis["service"], PACKAGE)


def test_cursor_pagination_walks_every_referral_once(apis, clock) -> None:
    _many(apis, 6)
    seen, cursor = [], None
    while True:
        url = "/api/v1/referrals?box=received&limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = apis["recipient"].get(url).json
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7


def test_filters_by_status_country_pair_and_overdue(apis, clock) -> None:
    recipient = apis["recipient"]
    assert len(recipient.get("/api/v1/referrals?box=received&status=submitted").json["items"]) == 1
    assert recipient.get("/api/v1/referrals?box=received&status=accepted").json["items"] == []
    pair = "/api/v1/referrals?sender_country=NL&recipient_country=NG"
    assert len(recipient.get(pair).json["items"]) == 1
    assert recipient.get("/api/v1/referrals?sender_country=BE").json["items"] == []
    assert recipient.get("/api/v1/referrals?overdue=true").json["items"] == []
    clock.advance(hours=73)
    overdue = recipient.get("/api/v1/referrals?overdue=true").json["items"]
    assert len(overdue) == 1
    assert overdue[0]["is_overdue"] is True


def test_list_query_count_does_not_grow_with_page_size(apis, app) -> None:
    _many(apis, 8)
    statements = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("SELECT"):  # not the test's savepoints
            statements.append(statement)

    engine = db.engines[None]
    target = engine.engine if hasattr(engine, "engine") else engine
    apis["recipient"].get(
        "/api/v1/referrals?limit=1"
    )  # warm up: the token's last use is written once
    sa.event.listen(target, "before_cursor_execute", count)
    try:
        apis["recipient"].get("/api/v1/referrals?limit=2")
        small = len(statements)
        statements.clear()
        apis["recipient"].get("/api/v1/referrals?limit=9")
        large = len(statements)
    finally:
        sa.event.remove(target, "before_cursor_execute", count)
    assert large == small == 2  # the caller's token, then the page: one statement each


def test_list_rows_are_the_envelope_for_either_side(apis, clock) -> None:
    """A list row repeats what opening the referral shows of it, and nothing of the case:
    no case data, free text or arrival details, even for the side that wrote them."""
    clock.advance(hours=73)  # overdue, so the SQL and Python deadline checks are compared
    for side in ("sender", "recipient"):
        [row] = apis[side].get("/api/v1/referrals").json["items"]
        whole = apis[side].get(f"/api/v1/referrals/{row['id']}").json
        assert row == {name: whole[name] for name in row}
        assert row["is_overdue"] is True
        assert not {"case", "details", "services_requested", "arrival"} & row.keys()
        assert "case" in whole or "details" in whole


def test_deadline_sweep_reminds_once_then_escalates(apis, clock) -> None:
    from referral.notifications.models import Notification
    from referral.referrals.tasks import sweep_deadlines

    assert sweep_deadlines() == 0
    clock.advance(hours=55)  # 75 % of 72 h to acknowledge
    assert sweep_deadlines() == 1
    assert sweep_deadlines() == 0
    clock.advance(hours=100)  # past 200 % of the acknowledge clock
    sweep_deadlines()
    kinds = set(
        db.session.scalars(
            sa.select(Notification.kind).where(Notification.user_id == apis["ng_coordinator"].id)
        )
    )
    assert {"referral.reminder", "referral.overdue", "referral.escalated"} <= kinds
    officer_kinds = set(
        db.session.scalars(
            sa.select(Notification.kind).where(Notification.user_id == apis["officer"].id)
        )
    )
    assert "referral.escalated" not in officer_kinds
    assert now_utc() > apis["referral"].ack_due_at + timedelta(hours=72)


def _referral_payload(apis) -> dict:
    return {
        "case_id": str(apis["case"].uuid),
        "service_id": str(apis["service"].uuid),
        "kind": "return",
        "purpose": "return_reintegration",
        "urgency": "urgent",
        "data_package": PACKAGE,
    }


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Referral))


def test_a_key_left_in_flight_by_a_dead_request_is_taken_over_after_a_while(
    apis, app, clock
) -> None:
    """A worker killed before its change committed leaves the key in flight, nothing else."""
    from referral.core import idempotency

    payload, headers = _referral_payload(apis), key()
    with app.test_request_context("/api/v1/referrals", method="POST", json=payload):
        digest = idempotency._digest()
    sender = apis["sender"].user
    db.session.add(
        idempotency.IdempotencyRecord(
            org_id=sender.organisation_id,
            user_id=sender.id,
            key=headers["Idempotency-Key"],
            route="/api/v1/referrals",
            request_sha256=digest,
            state="in_flight",
            created_at=clock.now,
            expires_at=clock.now + idempotency.KEEP,
        )
    )
    db.session.commit()
    before = _count()
    busy = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert busy.status_code == 409
    clock.advance(minutes=3)
    retried = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert retried.status_code == 201, retried.json
    assert _count() == before + 1
    again = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count() == before + 1


def test_a_change_whose_answer_was_lost_is_never_made_twice(apis, monkeypatch) -> None:
    """The key is marked applied in the change's own transaction; a lost answer stays lost."""
    from referral.core import idempotency

    payload, headers = _referral_payload(apis), key()
    before = _count()

    def crash(response):  # the process dies after the commit, before the answer is stored
        raise RuntimeError("killed")

    monkeypatch.setattr(idempotency, "finish", crash)
    lost = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert lost.status_code == 500
    assert "killed" not in lost.get_data(as_text=True)
    monkeypatch.undo()
    assert _count() == before + 1
    record = db.session.scalars(
        sa.select(idempotency.IdempotencyRecord).where(
            idempotency.IdempotencyRecord.key == headers["Idempotency-Key"]
        )
    ).one()
    assert record.state == "applied"
    retried = apis["sender"].post("/api/v1/referrals", json=payload, headers=headers)
    assert retried.status_code == 409
    assert "carried out" in retried.json["detail"]
    made = retried.headers["Idempotent-Applied-Id"]  # what the lost answer would have named
    assert db.session.scalar(sa.select(Referral.id).where(Referral.uuid == uuid.UUID(made)))
    assert _count() == before + 1
