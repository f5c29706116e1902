"""Demo data loads idempotently, with the promised logins, and the audit chain verifies."""

from __future__ import annotations

import sqlalchemy as sa

from referral.audit.chain import verify_chain
from referral.extensions import db
from referral.identity.models import Organisation, User

REQUIRED = [
    "caseworker@nl-shelter.demo",
    "intake@ng-ngo.demo",
    "intake@ro-ngo.demo",
    "lawyer@nl-law.demo",
    "admin@platform.demo",
]


def test_demo_load_is_idempotent_and_prints_logins(app) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    users = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == users
    for email in REQUIRED:
        assert email in second.output
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user.totp_secret in second.output
    assert "demo-Referral-2026" in second.output
    countries = set(db.session.scalars(sa.select(Organisation.country)))
    assert {"NL", "BE", "RO", "BG", "NG"} <= countries
    assert verify_chain().ok
    roles = {u.email: u.roles for u in db.session.scalars(sa.select(User))}
    assert roles["admin@platform.demo"] == ["platform_admin"]
    assert roles["lawyer@nl-law.demo"][0] == "lawyer"


def test_demo_refuses_a_database_with_real_data(app) -> None:
    db.session.add(
        Organisation(name="Real NGO", org_type="ngo", country="NL", working_languages=[])
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "refusing" in result.output


def test_demo_user_can_sign_in_and_enrol(app, clock) -> None:
    import re

    from referral.core.time import now_utc
    from referral.demo.data import DEMO_PASSWORD, demo_totp_secret
    from referral.identity.credentials import current_totp
    from tests.identity.fixtures import WebClient

    app.test_cli_runner().invoke(args=["demo", "load"])
    browser = WebClient(app.test_client())
    email = "caseworker@nl-shelter.demo"
    assert browser.post("/login", {"email": email, "password": DEMO_PASSWORD}).status_code == 302
    page = browser.get("/login/enrol").get_data(as_text=True)
    assert demo_totp_secret(email) in page
    clock.advance(seconds=30)
    done = browser.post("/login/enrol", {"code": current_totp(demo_totp_secret(email), now_utc())})
    assert done.status_code == 200
    assert len(re.findall(r"<code>[a-z0-9-]{14}</code>", done.get_data(as_text=True))) == 10
