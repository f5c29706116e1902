"""Demo data loads idempotently, with the promised logins, and the audit chain verifies."""

from __future__ import annotations

import pytest
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
    _check_protection_and_translation_scenarios()


def _check_protection_and_translation_scenarios() -> None:
    from referral.protection.models import ProtectionMeasure
    from referral.text_translations.models import TextTranslation

    measures = db.session.scalars(sa.select(ProtectionMeasure)).all()
    by_type = {m.measure_type.value: m for m in measures}
    epo = by_type["epo"]
    assert (epo.epo.issuing_state, epo.epo.executing_state) == ("NL", "BE")
    assert epo.epo.recognition.value == "recognised"
    assert epo.status.value == "active"
    family = by_type["police_protection"]
    assert (family.country, family.beneficiary.value) == ("NG", "family_member")
    assert family.status.value == "active"
    _check_hearings()
    _check_claims()
    translation = db.session.scalars(sa.select(TextTranslation)).one()
    assert translation.is_certified
    assert translation.target_lang == "en"


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


def _check_claims() -> None:
    """The Dutch order paid in full by the state's advance; the Belgian claim awaiting an answer."""
    from referral.compensation.ledger import balance_of
    from referral.compensation.models import CompensationClaim
    from referral.compensation.permissions import can_view_claim

    lawyer = db.session.scalar(sa.select(User).where(User.email == "lawyer@nl-law.demo"))
    claims = {c.route.value: c for c in db.session.scalars(sa.select(CompensationClaim))}
    order = claims["offender_order"]
    money = balance_of(order.entries, "EUR")
    assert (money.awarded, money.paid_by_offender, money.advanced_by_state) == (
        1_250_000,
        100_000,
        1_150_000,
    )
    assert (money.recovered_by_state, money.outstanding, money.state_to_recover) == (
        200_000,
        0,
        950_000,
    )
    assert order.status.value == "enforcement"
    cross = claims["state_scheme_cross_border"]
    assert cross.status.value == "information_requested"
    assert (cross.crime_country, cross.residence_country) == ("BE", "RO")
    assert all(can_view_claim(lawyer, claim) for claim in claims.values())


def _check_hearings() -> None:
    from datetime import UTC, datetime

    from referral.core.time import now_utc
    from referral.testimony import clocks
    from referral.testimony.models import HearingSession, Testimony

    times = {s.starts_at: s.status.value for s in db.session.scalars(sa.select(HearingSession))}
    # 09:00 in Amsterdam both days: 08:00 UTC in winter time, 07:00 UTC in summer time.
    assert times == {
        datetime(2027, 3, 22, 8, 0, tzinfo=UTC): "adjourned",
        datetime(2027, 3, 29, 7, 0, tzinfo=UTC): "scheduled",
    }
    eio = next(t for t in db.session.scalars(sa.select(Testimony)) if t.legal_basis.value == "eio")
    acknowledge = clocks.eio_clocks(eio, now_utc().date())[0]
    assert acknowledge.state.value == "breached"


@pytest.mark.parametrize("hours", [-11.5, 11.75])
def test_demo_loads_at_any_time_of_day(app, clock, hours) -> None:
    """Steps dated a fraction of a day ago must agree with the dates they record."""
    clock.advance(hours=hours)  # 00:30 and 23:45 UTC
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    _check_protection_and_translation_scenarios()
