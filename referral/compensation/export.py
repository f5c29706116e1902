"""CSV of the caller's claims: codes, states, dates and amounts; no names, no free text."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from referral.compensation.money import format_plain
from referral.compensation.queries import ClaimRow

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
HEADER = (
    "case_code",
    "claim_id",
    "route",
    "status",
    "crime_country",
    "residence_country",
    "next_deadline_kind",
    "next_deadline_on",
    "overdue",
    "currency",
    "claimed",
    "awarded",
    "paid_by_offender",
    "advanced_by_state",
    "recovered_by_state_from_offender",
    "other_compensation_deducted",
    "outstanding",
    "state_to_recover",
    "advance_eligible_on",
    "limitation_on",
)


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if _NUMBER.fullmatch(text):
        return text  # an over-payment shows as a negative amount
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claims_csv(rows: list[ClaimRow], today: date) -> str:
    """One line per claim and currency (a claim without money yet has one line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        claim, due = row.claim, row.next_due
        common = [
            claim.case.case_code,
            claim.uuid,
            claim.route.value,
            claim.status.value,
            claim.crime_country,
            claim.residence_country,
            due.kind.value if due else None,
            due.due_on.isoformat() if due else None,
            "yes" if due and due.is_overdue(today) else "no",
        ]
        tail = [
            claim.advance_eligible_on.isoformat() if claim.advance_eligible_on else None,
            claim.limitation_on.isoformat() if claim.limitation_on else None,
        ]
        money_rows = [
            [
                currency,
                *(
                    format_plain(amount, currency)
                    for amount in (
                        b.claimed,
                        b.awarded,
                        b.paid_by_offender,
                        b.advanced_by_state,
                        b.recovered_by_state,
                        b.deducted,
                        b.outstanding,
                        b.state_to_recover,
                    )
                ),
            ]
            for currency, b in row.balances.items()
        ] or [[claim.currency, *([None] * 8)]]
        for money in money_rows:
            writer.writerow([_cell(value) for value in (*common, *money, *tail)])
    return out.getvalue()
