"""Ledger arithmetic (property-based), money formatting and parsing per locale."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from referral.compensation.enums import EntryKind
from referral.compensation.ledger import balances, problems
from referral.compensation.money import format_money, parse_amount


@dataclass
class FakeEntry:
    kind: EntryKind
    amount_minor: int
    currency: str
    head: None = None
    reverses_id: int | None = None


entry_strategy = st.builds(
    FakeEntry,
    kind=st.sampled_from(list(EntryKind)),
    amount_minor=st.integers(min_value=1, max_value=10**12),
    currency=st.sampled_from(["EUR", "RON", "JPY"]),
)


@given(st.lists(entry_strategy, max_size=40))
def test_each_total_is_the_sum_of_its_entries_per_currency(entries) -> None:
    result = balances(entries)
    assert set(result) == {e.currency for e in entries}  # never converted or merged
    for currency, balance in result.items():
        for kind in EntryKind:
            expected = sum(
                e.amount_minor for e in entries if e.currency == currency and e.kind == kind
            )
            assert balance.total(kind) == expected
        assert balance.outstanding == (
            balance.awarded
            - balance.paid_by_offender
            - balance.advanced_by_state
            - balance.deducted
        )
        assert balance.state_to_recover == balance.advanced_by_state - balance.recovered_by_state


@given(st.lists(entry_strategy, min_size=1, max_size=30), st.data())
def test_a_reversal_restores_the_balance(entries, data) -> None:
    before = balances(entries)
    chosen = data.draw(st.sampled_from(entries))
    reversal = FakeEntry(chosen.kind, chosen.amount_minor, chosen.currency, reverses_id=1)
    after = balances([*entries, chosen, reversal])
    assert after[chosen.currency].totals == before[chosen.currency].totals


@given(st.lists(entry_strategy, max_size=30))
def test_invariant_22_is_reported_exactly_when_broken(entries) -> None:
    for balance in balances(entries).values():
        found = problems(balance, overpayment_confirmed=True)
        broken = balance.recovered_by_state > balance.advanced_by_state
        assert ("recovered_more_than_advanced" in found) == broken


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "€12,500.00"),
        ("de", "12.500,00\xa0€"),
        ("nl", "€\xa012.500,00"),
        ("fr", "12\u202f500,00\xa0€"),
        ("ro", "12.500,00\xa0EUR"),  # CLDR: Romanian writes the code
        ("bg", "12\xa0500,00\xa0€"),
        ("ar", "\u200f12,500.00\xa0€"),
    ],
)
def test_currency_formatting_follows_the_locale(locale, expected) -> None:
    assert format_money(1_250_000, "EUR", locale) == expected


def test_currencies_keep_their_own_digits() -> None:
    assert format_money(1500, "JPY", "en") == "¥1,500"
    assert format_money(1500, "BHD", "en") == "BHD1.500"


@pytest.mark.parametrize(
    ("text", "locale", "minor"),
    [
        ("12.500,50", "de", 1_250_050),
        ("12,500.50", "en", 1_250_050),
        ("12 500,50", "fr", 1_250_050),
        ("12500.50", "de", 1_250_050),
        ("€ 1.000", "nl", 100_000),
        ("7", "en", 700),
    ],
)
def test_typed_amounts_are_read_in_the_users_format(text, locale, minor) -> None:
    assert parse_amount(text, "EUR", locale) == minor


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.234", "1e3x", "NaN"])
def test_bad_amounts_are_refused(text) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message is the bad text itself)
        parse_amount(text, "EUR", "en")
