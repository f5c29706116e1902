"""Compensation test helpers: Dutch and Belgian scheme rules, a lawyer, claims in known states."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from referral.compensation import entries, operations, schemes, steps
from referral.compensation.models import CompensationClaim, CompensationScheme
from referral.core.time import now_utc
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent

EUR_5000 = 500_000


def today() -> date:
    return now_utc().date()


def nl_advance_scheme() -> CompensationScheme:
    """The Dutch rule: the state advances after 8 months, capped at €5,000 unless violent/sexual."""
    return schemes.save_scheme(
        None,
        {
            "country": "NL",
            "kind": "state_advance",
            "name": "Advance scheme (demo)",
            "deciding_authority": "Central Fine Collection Agency (demo)",
            "accepted_languages": ["nl", "en"],
            "advance_after_months": 8,
            "cap_minor": EUR_5000,
            "currency": "EUR",
            "cap_exempt_offences": ["violent", "sexual"],
        },
    )


def be_state_scheme() -> CompensationScheme:
    return schemes.save_scheme(
        None,
        {
            "country": "BE",
            "kind": "state_scheme",
            "name": "Victims fund (demo)",
            "deciding_authority": "Commission for financial aid (demo)",
            "accepted_languages": ["fr", "nl", "de"],
            "currency": "EUR",
            "limitation_months": 36,
            "limitation_trigger": "offence_ended",
        },
    )


def lawyer_abroad(country: str = "RO", consent_for: Any = None) -> Any:
    """A lawyer at a law firm in another country."""
    firm = make_org(country, name=f"Law firm {country}")
    return make_user(firm, ("lawyer",))


def consent_for_lawyer(owner: Any, case: Any, lawyer: Any, categories: list[str] | None = None):
    return give_consent(
        owner,
        case,
        lawyer.organisation,
        categories or ["compensation", "legal", "identity"],
        purposes=["compensation"],
    )


def open_claim(actor: Any, case: Any, **data: Any) -> CompensationClaim:
    values: dict[str, Any] = {
        "route": "offender_order",
        "offence_category": "sexual",
        "crime_country": "NL",
    }
    values.update(data)
    return operations.open_claim(actor, case, values)


def step(actor: Any, claim: CompensationClaim, action: str, **data: Any) -> CompensationClaim:
    return steps.transition_claim(actor, claim, {"action": action, **data})


def entry(actor: Any, claim: CompensationClaim, kind: str, amount: int, **data: Any):
    values = {"kind": kind, "amount_minor": amount, "currency": "EUR", "occurred_on": today()}
    values.update(data)
    return entries.record_entry(actor, claim, values)


def order_in_enforcement(
    actor: Any, case: Any, awarded: int, final_days_ago: int = 270, **data: Any
) -> CompensationClaim:
    """An offender order: filed, imposed with `awarded`, final `final_days_ago`, enforced."""
    claim = open_claim(actor, case, self_represented=True, **data)
    step(actor, claim, "file")
    step(actor, claim, "impose_order", awarded_minor=awarded, currency="EUR")
    step(actor, claim, "make_final", judgment_final_on=today() - timedelta(days=final_days_ago))
    return step(actor, claim, "start_enforcement")


@pytest.fixture
def claim_world(world: dict[str, Any]) -> dict[str, Any]:
    world["nl_scheme"] = nl_advance_scheme()
    world["be_scheme"] = be_state_scheme()
    world["lawyer"] = lawyer_abroad("RO")
    return world
