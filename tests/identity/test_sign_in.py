"""Sign-in with password and TOTP, enrolment, recovery codes, sessions and throttling."""

from __future__ import annotations

import re

import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.credentials import current_totp
from referral.identity.models import LoginSession
from tests.identity.fixtures import PASSWORD, WebClient, make_org, make_user, sign_in


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_full_sign_in_reaches_home(web: WebClient, clock) -> None:
    user = make_user(make_org())
    sign_in(web, user, clock)
    page = web.get("/")
    assert page.status_code == 200
    assert "Test User" in page.get_data(as_text=True)
    assert {"login.password_accepted", "mfa.verified", "login.succeeded"} <= set(actions())


def test_password_alone_does_not_sign_in(web: WebClient) -> None:
    user = make_user(make_org())
    assert web.post("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    response = web.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_wrong_password_and_unknown_email_answer_identically(web: WebClient) -> None:
    user = make_user(make_org())
    known = web.post("/login", {"email": user.email, "password": "wrong password here"})
    unknown = web.post("/login", {"email": "nobody@example.org", "password": "wrong password here"})
    assert known.status_code == unknown.status_code == 422

    def body(r):
        text = r.get_data(as_text=True)
        text = re.sub(r'value="[^"]*"', "", text)
        return text

    assert body(known) == body(unknown)
    assert actions().count("login.failed") == 2


def test_totp_code_is_accepted_once_only(web: WebClient, app, clock) -> None:
    user = make_user(make_org())
    web.post("/login", {"email": user.email, "password": PASSWORD})
    code = current_totp(user.totp_secret, now_utc())
    assert web.post("/login/verify", {"code": code}).status_code == 302
    other = WebClient(app.test_client())
    other.post("/login", {"email": user.email, "password": PASSWORD})
    replay = other.post("/login/verify", {"code": code})
    assert replay.status_code == 422
    assert "mfa.failed" in actions()


def test_new_user_enrols_and_gets_ten_recovery_codes(web: WebClient, clock) -> None:
    user = make_user(make_org(), enrolled=False)
    response = web.post("/login", {"email": user.email, "password": PASSWORD})
    assert response.location.endswith("/login/enrol")
    page = web.get("/login/enrol").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in page
    db.session.refresh(user)
    secret = user.totp_secret
    assert secret
    assert secret in page
    wrong = web.post("/login/enrol", {"code": "000000"})
    assert wrong.status_code == 422
    clock.advance(seconds=30)
    done = web.post("/login/enrol", {"code": current_totp(secret, now_utc())})
    assert done.status_code == 200
    codes = re.findall(
        r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>", done.get_data(as_text=True)
    )
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert web.get("/").status_code == 200


def test_recovery_code_works_once(web: WebClient, app, clock) -> None:
    user = make_user(make_org(), enrolled=False)
    web.post("/login", {"email": user.email, "password": PASSWORD})
    web.get("/login/enrol")
    db.session.refresh(user)
    clock.advance(seconds=30)
    page = web.post("/login/enrol", {"code": current_totp(user.totp_secret, now_utc())})
    code = re.findall(r"<code>([a-z0-9-]{14})</code>", page.get_data(as_text=True))[0]
    other = WebClient(app.test_client())
    other.post("/login", {"email": user.email, "password": PASSWORD})
    assert (
        other.post("/login/recovery", {"code": code.upper().replace("-", " ")}).status_code == 302
    )
    third = WebClient(app.test_client())
    third.post("/login", {"email": user.email, "password": PASSWORD})
    assert third.post("/login/recovery", {"code": code}).status_code == 422


def test_logout_ends_the_session_even_for_a_copied_cookie(web: WebClient, app, clock) -> None:
    user = make_user(make_org())
    sign_in(web, user, clock)
    cookie = web.client.get_cookie("__Host-session")
    assert cookie is not None
    assert cookie.secure
    assert cookie.http_only
    assert web.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("__Host-session", cookie.value, domain="localhost", secure=True)
    response = thief.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_session_id_rotates_at_sign_in(web: WebClient, clock) -> None:
    user = make_user(make_org())
    web.get("/login")
    before = web.client.get_cookie("__Host-session")
    sign_in(web, user, clock)
    after = web.client.get_cookie("__Host-session")
    assert before is None or before.value != after.value
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 1


def test_idle_timeout_ends_session(web: WebClient, clock) -> None:
    user = make_user(make_org())
    sign_in(web, user, clock)
    clock.advance(minutes=14)
    assert web.get("/").status_code == 200
    clock.advance(minutes=16)
    assert web.get("/").status_code == 302


def test_absolute_timeout_ends_session(web: WebClient, clock) -> None:
    user = make_user(make_org())
    sign_in(web, user, clock)
    for _ in range(13 * 6):
        clock.advance(minutes=10)
        if web.get("/").status_code != 200:
            break
    assert web.get("/").status_code == 302
    assert clock.now - clock.now.replace(hour=12, minute=0) <= __import__("datetime").timedelta(
        hours=12, minutes=11
    )


def test_password_change_ends_every_session(web_for, app, clock) -> None:
    first = web_for("caseworker")
    user = first.user
    second = WebClient(app.test_client())
    sign_in(second, user, clock)
    response = first.post(
        "/profile/password",
        {
            "current_password": PASSWORD,
            "new_password": "a brand new long password 2026",
            "confirm_password": "a brand new long password 2026",
        },
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302


def test_disabling_an_account_ends_its_sessions(web_for, clock) -> None:
    admin = web_for("org_admin")
    victim = make_user(admin.user.organisation, ("caseworker",))
    from flask import current_app

    browser = WebClient(current_app.test_client())
    sign_in(browser, victim, clock)
    assert browser.get("/").status_code == 200
    response = admin.post(
        f"/admin/users/{victim.uuid}",
        {"display_name": victim.display_name, "roles": ["caseworker"], "version": victim.version},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert browser.get("/").status_code == 302


def test_ten_failures_lock_known_and_unknown_accounts_alike(web: WebClient) -> None:
    user = make_user(make_org())
    for email in (user.email, "ghost@example.org"):
        statuses = [
            web.post("/login", {"email": email, "password": "not the password!"}).status_code
            for _ in range(11)
        ]
        assert statuses[:10] == [422] * 10
        assert statuses[10] == 429
    locked = web.post("/login", {"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def test_lock_lifts_after_the_window(web: WebClient, clock) -> None:
    user = make_user(make_org())
    for _ in range(10):
        web.post("/login", {"email": user.email, "password": "not the password!"})
    assert web.post("/login", {"email": user.email, "password": PASSWORD}).status_code == 429
    clock.advance(minutes=16)
    assert web.post("/login", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_forms_without_csrf_token_are_refused(web: WebClient) -> None:
    user = make_user(make_org())
    response = web.client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_one_time_password_must_be_changed_first(web: WebClient, clock) -> None:
    user = make_user(make_org(), must_change_password=True)
    sign_in(web, user, clock)
    response = web.get("/")
    assert response.status_code == 302
    assert response.location.endswith("/profile/password")


def test_a_failure_racing_another_workers_first_insert_still_counts(
    web: WebClient, monkeypatch
) -> None:
    """Two workers fail the first attempt at once: the loser of the insert counts on the row."""
    from referral.identity import sessions
    from referral.identity.models import LoginThrottle

    user = make_user(make_org())
    web.post("/login", {"email": user.email, "password": "not the password!"})
    real_scalar = db.session.scalar
    calls = {"n": 0}

    def miss_once(statement, *args, **kwargs):  # the other worker's row is not yet visible
        calls["n"] += 1
        return None if calls["n"] == 1 else real_scalar(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", miss_once)
    sessions.count_failure(user.email)
    monkeypatch.undo()
    db.session.commit()
    rows = db.session.scalars(
        sa.select(LoginThrottle).where(
            LoginThrottle.email_digest == sessions.email_digest(user.email)
        )
    ).all()
    assert len(rows) == 1
    assert rows[0].failures == 2
