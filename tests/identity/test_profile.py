"""Profile: preferences, language switching, tokens in the browser."""

from __future__ import annotations

import re

import sqlalchemy as sa

from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.credentials import current_totp
from referral.identity.models import ApiToken, User


def test_preferences_are_saved_and_used(web_for) -> None:
    browser = web_for("caseworker")
    response = browser.post(
        "/profile/preferences", {"locale": "ro", "time_zone": "Europe/Bucharest"}
    )
    assert response.status_code == 302
    user = db.session.get(User, browser.user.id)
    assert (user.locale, user.time_zone) == ("ro", "Europe/Bucharest")
    assert '<html lang="ro" dir="ltr">' in browser.get("/profile").get_data(as_text=True)


def test_bad_preferences_are_refused_per_field(web_for) -> None:
    browser = web_for("caseworker")
    response = browser.post("/profile/preferences", {"locale": "xx", "time_zone": "Nowhere/City"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#field-locale"' in page
    assert 'href="#field-time_zone"' in page


def test_switching_to_arabic_turns_the_page_right_to_left(web_for) -> None:
    browser = web_for("caseworker")
    assert browser.post("/language", {"locale": "ar", "next": "/profile"}).status_code == 302
    page = browser.get("/profile").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert db.session.get(User, browser.user.id).locale == "ar"


def test_language_choice_before_sign_in_is_kept(web) -> None:
    web.post("/language", {"locale": "fr", "next": "/login"})
    assert '<html lang="fr"' in web.get("/login").get_data(as_text=True)


def test_accept_language_is_used_when_nothing_was_chosen(app) -> None:
    page = app.test_client().get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="de"' in page.get_data(as_text=True)


def test_user_setting_beats_session_and_header(web_for) -> None:
    browser = web_for("caseworker")
    user = db.session.get(User, browser.user.id)
    user.locale = "nl"
    db.session.commit()
    page = browser.get("/profile", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="nl"' in page


def test_create_and_revoke_a_token_in_the_browser(web_for) -> None:
    browser = web_for("caseworker")
    response = browser.post(
        "/profile/tokens", {"name": "laptop script", "scopes": ["me:read"], "expires_in_days": "7"}
    )
    assert response.status_code == 200
    raw = re.search(r'<code id="new-token">([^<]+)</code>', response.get_data(as_text=True)).group(
        1
    )
    assert raw.startswith("rfl_")
    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == browser.user.id)).one()
    assert token.token_hash != raw
    assert raw not in browser.get("/profile/tokens").get_data(as_text=True)
    assert browser.post(f"/profile/tokens/{token.uuid}/revoke").status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None


def test_token_creation_needs_a_fresh_code_after_five_minutes(web_for, clock) -> None:
    browser = web_for("caseworker")
    clock.advance(minutes=6)
    refused = browser.post("/profile/tokens", {"name": "x", "scopes": ["me:read"]})
    assert refused.status_code == 422
    clock.advance(seconds=30)
    code = current_totp(browser.user.totp_secret, now_utc())
    accepted = browser.post("/profile/tokens", {"name": "x", "scopes": ["me:read"], "code": code})
    assert accepted.status_code == 200


def test_new_recovery_codes_replace_old_ones(web_for, clock) -> None:
    browser = web_for("caseworker")
    clock.advance(seconds=30)
    code = current_totp(browser.user.totp_secret, now_utc())
    page = browser.post("/profile/recovery-codes", {"code": code}).get_data(as_text=True)
    assert len(re.findall(r"<code>[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}</code>", page)) == 10


def test_moving_to_a_new_phone_resets_enrolment_and_signs_out(web_for, clock) -> None:
    browser = web_for("caseworker")
    clock.advance(seconds=30)
    code = current_totp(browser.user.totp_secret, now_utc())
    assert browser.post("/profile/mfa/reset", {"mfa_code": code}).status_code == 302
    user = db.session.get(User, browser.user.id)
    assert user.mfa_enrolled_at is None
    assert browser.get("/").status_code == 302
