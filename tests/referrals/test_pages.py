"""Referral pages beyond the journey: changing a draft, the sender's view, inbox filters."""

from __future__ import annotations

from referral.referrals import operations as ops
from tests.identity.fixtures import WebClient, sign_in
from tests.referrals.fixtures import give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


def test_a_draft_can_be_changed_before_sending(world, app, clock) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    draft = ops.create_referral(
        world["caseworker"],
        world["case"],
        world["service"],
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "standard",
            "data_package": PACKAGE,
        },
    )
    browser = WebClient(app.test_client())
    sign_in(browser, world["caseworker"], clock)
    assert browser.get(f"/referrals/{draft.uuid}/edit").status_code == 200
    bad = browser.post(
        f"/referrals/{draft.uuid}/edit", {"version": draft.version, "urgency": "whenever"}
    )
    assert bad.status_code == 422
    ok = browser.post(
        f"/referrals/{draft.uuid}/edit",
        {
            "version": draft.version,
            "urgency": "urgent",
            "data_package": ["risk"],
            "details": "Changed",
        },
    )
    assert ok.status_code == 302
    from referral.extensions import db

    db.session.refresh(draft)
    assert (str(draft.urgency), draft.data_package, draft.details) == (
        "urgent",
        ["risk"],
        "Changed",
    )
    ops.transition_referral(world["caseworker"], draft, {"action": "submit"})
    assert browser.get(f"/referrals/{draft.uuid}/edit").status_code == 404


def test_sender_records_a_view_of_the_outcome(world, app, clock) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    browser = WebClient(app.test_client())
    sign_in(browser, world["caseworker"], clock)
    assert (
        browser.post(f"/referrals/{referral.uuid}/sender-view", {"sender_view": "x"}).status_code
        == 404
    )
    ops.transition_referral(
        world["officer"], referral, {"action": "decline", "decline_reason": "no_capacity"}
    )
    assert (
        browser.post(f"/referrals/{referral.uuid}/sender-view", {"sender_view": ""}).status_code
        == 422
    )
    assert (
        browser.post(
            f"/referrals/{referral.uuid}/sender-view", {"sender_view": "Found another shelter"}
        ).status_code
        == 302
    )
    assert "Found another shelter" in browser.get(f"/referrals/{referral.uuid}").get_data(
        as_text=True
    )


def test_inbox_overdue_filter(world, app, clock) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    officer = WebClient(app.test_client())
    sign_in(officer, world["officer"], clock)
    code = referral.case.case_code
    assert code in officer.get("/referrals").get_data(as_text=True)
    assert code not in officer.get("/referrals?box=received&overdue=on").get_data(as_text=True)
    clock.advance(hours=73)
    sign_in(officer, world["officer"], clock)
    page = officer.get("/referrals?box=received&overdue=on").get_data(as_text=True)
    assert code in page
    assert "Overdue" in page


def test_start_page_counts_work_waiting(world, app, clock) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    clock.advance(hours=80)
    officer = WebClient(app.test_client())
    sign_in(officer, world["officer"], clock)
    page = officer.get("/").get_data(as_text=True)
    assert "1 open referral received" in page
    assert "1 overdue" in page
