"""Ledger arithmetic: balances are derived from the entries, per currency, never stored.

`outstanding = awarded - paid_by_offender - advanced_by_state - other_compensation_deducted`
`state_to_recover = advanced_by_state - recovered_by_state_from_offender`  (DESIGN.md §4.5)

Amounts are integers in minor units; nothing here converts between currencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from referral.compensation.enums import EntryKind, Head


class Entry(Protocol):
    kind: EntryKind
    head: Head | None
    amount_minor: int
    currency: str
    reverses_id: int | None


def signed(entry: Entry) -> int:
    """An entry's effect on the total of its kind: a reversing entry subtracts."""
    return -entry.amount_minor if entry.reverses_id is not None else entry.amount_minor


@dataclass
class Balance:
    """Totals of one currency on one claim."""

    currency: str
    totals: dict[EntryKind, int] = field(default_factory=lambda: dict.fromkeys(EntryKind, 0))
    claimed_by_head: dict[Head, int] = field(default_factory=lambda: dict.fromkeys(Head, 0))

    def total(self, kind: EntryKind) -> int:
        return self.totals[kind]

    @property
    def claimed(self) -> int:
        return self.totals[EntryKind.claimed]

    @property
    def awarded(self) -> int:
        return self.totals[EntryKind.awarded]

    @property
    def paid_by_offender(self) -> int:
        return self.totals[EntryKind.paid_by_offender]

    @property
    def advanced_by_state(self) -> int:
        return self.totals[EntryKind.advanced_by_state]

    @property
    def recovered_by_state(self) -> int:
        return self.totals[EntryKind.recovered_by_state_from_offender]

    @property
    def deducted(self) -> int:
        return self.totals[EntryKind.other_compensation_deducted]

    @property
    def outstanding(self) -> int:
        """Still owed to the person."""
        return self.awarded - self.paid_by_offender - self.advanced_by_state - self.deducted

    @property
    def state_to_recover(self) -> int:
        """What the state advanced and has not yet recovered from the offender."""
        return self.advanced_by_state - self.recovered_by_state

    @property
    def offender_owes(self) -> int:
        """The offender's remaining debt: to the person, and to the state for its advance."""
        return max(self.outstanding, 0) + self.state_to_recover


def balances(entries: Iterable[Entry]) -> dict[str, Balance]:
    """One balance per currency that has entries, in currency-code order."""
    result: dict[str, Balance] = {}
    for entry in entries:
        balance = result.setdefault(entry.currency, Balance(entry.currency))
        balance.totals[entry.kind] += signed(entry)
        if entry.kind == EntryKind.claimed and entry.head is not None:
            balance.claimed_by_head[entry.head] += signed(entry)
    return dict(sorted(result.items()))


def balance_of(entries: Iterable[Entry], currency: str) -> Balance:
    """The balance of one currency (empty when there are no entries in it)."""
    return balances(entries).get(currency, Balance(currency))


def problems(balance: Balance, overpayment_confirmed: bool = False) -> list[str]:
    """Invariant 22 and totals that can never be negative, as field names with codes."""
    found = []
    if any(total < 0 for total in balance.totals.values()):
        found.append("negative_total")
    if balance.recovered_by_state > balance.advanced_by_state:
        found.append("recovered_more_than_advanced")
    if balance.outstanding < 0 and not overpayment_confirmed:
        found.append("overpaid")
    return found
