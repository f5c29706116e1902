"""Organisation administrators manage their own users; platform administrators organisations."""

from __future__ import annotations

import re

import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.extensions import db
from referral.identity.models import Organisation, User
from tests.identity.fixtures import WebClient, make_org, make_user


def last_action() -> str:
    return db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(1))


def test_org_admin_lists_only_own_users(web_for) -> None:
    admin = web_for("org_admin")
    mine = make_user(admin.user.organisation, email="mine@example.org")
    make_user(make_org("NL"), email="theirs@example.org")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert mine.email in page
    assert "theirs@example.org" not in page


def test_org_admin_adds_a_user_who_must_change_password(web_for, app, clock) -> None:
    admin = web_for("org_admin")
    response = admin.post(
        "/admin/users/new",
        {
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "roles": ["caseworker", "coordinator"],
            "locale": "fr",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 200
    temporary = re.search(
        r'class="secret" dir="ltr"><code>([^<]+)</code>', response.get_data(as_text=True)
    ).group(1)
    user = db.session.scalar(sa.select(User).where(User.email == "new.person@example.org"))
    assert user.organisation_id == admin.user.organisation_id
    assert sorted(user.roles) == ["caseworker", "coordinator"]
    assert user.must_change_password
    assert last_action() == "user.created"
    newcomer = WebClient(app.test_client())
    login = newcomer.post("/login", {"email": user.email, "password": temporary})
    assert login.location.endswith("/login/enrol")


def test_org_admin_cannot_hand_out_platform_roles(web_for) -> None:
    admin = web_for("org_admin")
    response = admin.post(
        "/admin/users/new",
        {"email": "x@example.org", "display_name": "X", "roles": ["platform_admin"]},
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(User).where(User.email == "x@example.org")) is None


def test_duplicate_email_gets_a_field_message_and_keeps_input(web_for) -> None:
    admin = web_for("org_admin")
    existing = make_user(make_org("BE"), email="taken@example.org")
    response = admin.post(
        "/admin/users/new",
        {"email": existing.email, "display_name": "Keep Me", "roles": ["caseworker"]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#field-email"' in page
    assert 'value="Keep Me"' in page


def test_stale_edit_is_refused_with_a_message(web_for) -> None:
    admin = web_for("org_admin")
    target = make_user(admin.user.organisation)
    old_version = target.version
    target.display_name = "Changed meanwhile"
    db.session.commit()
    response = admin.post(
        f"/admin/users/{target.uuid}",
        {
            "display_name": "Mine",
            "roles": ["caseworker"],
            "is_active": "on",
            "version": old_version,
        },
    )
    assert response.status_code == 409
    db.session.refresh(target)
    assert target.display_name == "Changed meanwhile"


def test_role_change_needs_a_fresh_code(web_for, clock) -> None:
    admin = web_for("org_admin")
    target = make_user(admin.user.organisation)
    clock.advance(minutes=6)
    response = admin.post(
        f"/admin/users/{target.uuid}",
        {
            "display_name": target.display_name,
            "roles": ["coordinator"],
            "is_active": "on",
            "version": target.version,
        },
    )
    assert response.status_code == 422
    db.session.refresh(target)
    assert target.roles == ["caseworker"]


def test_admin_resets_mfa_of_a_user(web_for) -> None:
    admin = web_for("org_admin")
    target = make_user(admin.user.organisation)
    assert admin.post(f"/admin/users/{target.uuid}/reset-mfa").status_code == 302
    db.session.refresh(target)
    assert target.mfa_enrolled_at is None
    assert target.totp_secret is None
    assert last_action() == "mfa.reset"


def test_platform_admin_registers_an_organisation_and_its_admin(web_for) -> None:
    platform = web_for("platform_admin")
    response = platform.post(
        "/admin/organisations/new",
        {
            "name": "Tirana Shelter",
            "org_type": "shelter",
            "country": "AL",
            "working_languages": ["sq", "en"],
            "time_zone": "Europe/Tirane",
            "phone": "+35541234567",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Tirana Shelter"))
    assert org.working_languages == ["sq", "en"]
    assert last_action() == "organisation.created"
    added = platform.post(
        f"/admin/organisations/{org.uuid}/administrators",
        {"email": "admin@tirana.example", "display_name": "Tirana Admin"},
    )
    assert added.status_code == 200
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@tirana.example"))
    assert admin.roles == ["org_admin"]
    assert admin.organisation_id == org.id


def test_organisation_form_errors_are_per_field(web_for) -> None:
    platform = web_for("platform_admin")
    response = platform.post(
        "/admin/organisations/new",
        {
            "name": "",
            "org_type": "bakery",
            "country": "Netherlands",
            "phone": "0612",
            "time_zone": "Mars/Olympus",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("name", "org_type", "country", "phone", "time_zone", "working_languages"):
        assert f'href="#field-{field}"' in page, field
