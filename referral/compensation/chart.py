"""The money chart: awarded against paid, advanced and recovered, per currency.

Drawn as inline SVG on the server (no script, no CDN); the bar lengths are integer
arithmetic on minor units. The same figures are in the table beside it for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from referral.compensation.ledger import Balance

#: (label, attribute on Balance, CSS class of the bar)
SERIES = (
    (_l("Awarded"), "awarded", "bar-awarded"),
    (_l("Paid by the offender"), "paid_by_offender", "bar-paid"),
    (_l("Advanced by the state"), "advanced_by_state", "bar-advanced"),
    (_l("Recovered by the state"), "recovered_by_state", "bar-recovered"),
)
#: Drawing units for the longest bar.
WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: object
    amount_minor: int
    length: int
    css: str
    y: int


def bars(balance: Balance) -> list[Bar]:
    """One bar per series; lengths relative to the largest (at least 1 unit when not zero)."""
    values = [(label, max(getattr(balance, attr), 0), css) for label, attr, css in SERIES]
    largest = max((value for _label, value, _css in values), default=0)
    result = []
    for index, (label, value, css) in enumerate(values):
        length = 0 if largest == 0 else max(value * WIDTH // largest, 1 if value else 0)
        result.append(Bar(label, value, length, css, index * 34))
    return result
