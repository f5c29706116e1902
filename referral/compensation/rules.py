"""Scheme rules: limitation dates, when a state advance becomes claimable, and how much.

Every number comes from the country's CompensationScheme row; none is written here
(invariants 23 and 24).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from referral.compensation.enums import LimitationTrigger, SchemeKind
from referral.compensation.ledger import Balance
from referral.compensation.models import CompensationClaim, CompensationScheme


def add_months(start: date, months: int) -> date:
    """Calendar months later; the 31st becomes the month's last day when it has no 31st."""
    return start + relativedelta(months=months)


def limitation_on(scheme: CompensationScheme | None, claim: CompensationClaim) -> date | None:
    """The last day to bring the claim, from the scheme's period and the claim's trigger date."""
    if scheme is None or not scheme.limitation_months:
        return None
    start = (
        claim.judgment_final_on
        if scheme.limitation_trigger == LimitationTrigger.judgment_final
        else claim.limitation_starts_on
    )
    return add_months(start, scheme.limitation_months) if start else None


def advance_eligible_on(
    scheme: CompensationScheme | None, judgment_final_on: date | None
) -> date | None:
    """judgment_final_on + scheme.advance_after_months, for a state-advance scheme."""
    if (
        scheme is None
        or scheme.kind != SchemeKind.state_advance
        or scheme.advance_after_months is None
        or judgment_final_on is None
    ):
        return None
    return add_months(judgment_final_on, scheme.advance_after_months)


def cap_applies(scheme: CompensationScheme, claim: CompensationClaim) -> bool:
    return scheme.cap_minor is not None and claim.offence_category not in (
        scheme.cap_exempt_offences or []
    )


@dataclass(frozen=True)
class Advance:
    """What the state advance rule says about a claim today."""

    eligible_on: date | None
    #: True from eligible_on on (the day itself included).
    claimable: bool
    #: The most the state may still advance in the scheme currency (None: no advance rule).
    room_minor: int | None
    capped: bool
    #: The part of the outstanding amount the state would advance now.
    claimable_minor: int


def advance(claim: CompensationClaim, balance: Balance, today: date) -> Advance:
    """When the advance becomes claimable, how much room is left under the cap, how much now."""
    scheme = claim.scheme
    eligible_on = claim.advance_eligible_on
    if scheme is None or scheme.kind != SchemeKind.state_advance or eligible_on is None:
        return Advance(eligible_on, False, None, False, 0)
    capped = cap_applies(scheme, claim)
    room = None
    if capped and balance.currency == scheme.currency:
        room = max((scheme.cap_minor or 0) - balance.advanced_by_state, 0)
    elif capped:
        room = 0  # the cap is in another currency: nothing is converted silently
    claimable = today >= eligible_on
    unpaid = max(balance.outstanding, 0)
    amount = unpaid if room is None else min(unpaid, room)
    return Advance(eligible_on, claimable, room, capped, amount if claimable else 0)
