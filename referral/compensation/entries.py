"""Ledger operations: record money as it moves, and correct mistakes by reversing entries.

Entries are never changed or deleted (invariant 21). Each one is checked against the rules
of its claim: payments need an award in their currency, the state's advance waits for its
date and stays under its cap (invariant 23), and the state never recovers more than it
advanced (invariant 22).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.compensation import rules
from referral.compensation.enums import (
    HEAD_OF,
    PAYMENT_KINDS,
    ClaimRoute,
    ClaimStatus,
    EntryKind,
    Head,
    SchemeKind,
    Subtype,
)
from referral.compensation.ledger import Balance, balance_of, problems
from referral.compensation.models import CompensationClaim, LedgerEntry
from referral.compensation.money import format_money, is_currency
from referral.compensation.operations import CATEGORIES, event, tell
from referral.core.errors import ValidationProblem, coerce_members, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User

#: Steps of an offender order during which the state advances and recovers [NL].
ENFORCEMENT = frozenset({ClaimStatus.enforcement})


def _problem_messages(found: list[str]) -> list[tuple[str, str]]:
    messages = {
        "negative_total": _l("This would take a total below zero."),
        "recovered_more_than_advanced": _l("The state cannot recover more than it advanced."),
        "overpaid": _l("This is more than is still owed. Tick the box to record an over-payment."),
    }
    return [field_error("amount", messages[code]) for code in found]


def _advance_errors(
    claim: CompensationClaim, balance: Balance, amount: int, on: date
) -> list[tuple[str, str]]:
    """A state advance: from its date, during enforcement, under the cap."""
    scheme = claim.scheme
    if scheme is None or scheme.kind != SchemeKind.state_advance:
        return []
    if claim.route == ClaimRoute.offender_order and claim.status not in ENFORCEMENT:
        return [field_error("kind", _l("The state advances only during enforcement."))]
    advance = rules.advance(claim, balance, on)
    if advance.eligible_on is None:
        return [field_error("kind", _l("Record the date the judgment became final first."))]
    if on < advance.eligible_on:
        return [
            field_error(
                "occurred_on",
                _l(
                    "The state advances the unpaid part only from %(date)s.",
                    date=format_date(advance.eligible_on, "medium"),
                ),
            )
        ]
    if advance.room_minor is not None and amount > advance.room_minor:
        return [
            field_error(
                "amount",
                _l(
                    "Above the scheme's cap: at most %(amount)s more can be advanced for this "
                    "offence.",
                    amount=format_money(advance.room_minor, scheme.currency),
                ),
            )
        ]
    return []


def _entry_errors(
    claim: CompensationClaim, data: dict[str, Any], today: date
) -> list[tuple[str, str]]:
    errors = []
    kind = data["kind"]
    if not is_currency(data["currency"]):
        errors.append(field_error("currency", _l("Give a currency code such as EUR.")))
    if data["occurred_on"] > today:
        errors.append(field_error("occurred_on", _l("This date cannot be in the future.")))
    if kind == EntryKind.claimed and data.get("head") is None:
        errors.append(field_error("head", _l("Choose the head of damage.")))
    subtype = data.get("subtype")
    if subtype in HEAD_OF and data.get("head") not in (None, HEAD_OF[subtype]):
        errors.append(field_error("subtype", _l("This does not belong to that head.")))
    if errors:
        return errors
    balance = balance_of(claim.entries, data["currency"])
    if kind in PAYMENT_KINDS and balance.awarded <= 0:
        errors.append(field_error("kind", _l("Record the amount awarded in this currency first.")))
    elif kind == EntryKind.advanced_by_state:
        errors += _advance_errors(claim, balance, data["amount_minor"], data["occurred_on"])
    return errors


def _after(balance: Balance, kind: EntryKind, signed_amount: int) -> Balance:
    after = Balance(balance.currency, dict(balance.totals), dict(balance.claimed_by_head))
    after.totals[kind] += signed_amount
    return after


def append_entry(actor: User | None, claim: CompensationClaim, data: dict[str, Any]) -> LedgerEntry:
    """Check and add one entry (the caller audits).  :raise ValidationProblem: nothing is kept."""
    data = coerce_members(data, {"kind": EntryKind, "head": Head, "subtype": Subtype})
    if data.get("subtype") in HEAD_OF and data.get("head") is None:
        data["head"] = HEAD_OF[data["subtype"]]
    data["currency"] = (data.get("currency") or claim.currency).upper()
    today = now_utc().date()
    data["occurred_on"] = data.get("occurred_on") or today
    errors = _entry_errors(claim, data, today)
    if not errors:
        after = _after(
            balance_of(claim.entries, data["currency"]), data["kind"], data["amount_minor"]
        )
        errors = _problem_messages(problems(after, bool(data.get("confirm_overpayment"))))
    if errors:
        raise ValidationProblem(errors=errors)
    with db.session.no_autoflush:  # one INSERT with its encrypted fields: rows never change
        entry = LedgerEntry(
            claim=claim,
            kind=data["kind"],
            head=data.get("head"),
            subtype=data.get("subtype"),
            amount_minor=int(data["amount_minor"]),
            currency=data["currency"],
            occurred_on=data["occurred_on"],
            recorded_by=actor,
            recorded_at=now_utc(),
        )
        entry.reference = data.get("reference")
        entry.note = data.get("note")
        db.session.add(entry)
    return entry


@operation
def record_entry(actor: User, claim: CompensationClaim, data: dict[str, Any]) -> LedgerEntry:
    """Append one entry.  :raise ValidationProblem: naming each field at fault; nothing is kept."""
    entry = append_entry(actor, claim, data)
    claim.version += 1
    db.session.flush()
    audit.record(
        actor,
        "compensation.ledger_recorded",
        entry,
        case_code=claim.case.case_code,
        reason_code=entry.kind.value,
        categories=CATEGORIES,
    )
    tell(actor, claim, "compensation.changed")
    return entry


@operation
def reverse_entry(
    actor: User, claim: CompensationClaim, entry: LedgerEntry, data: dict[str, Any]
) -> LedgerEntry:
    """Cancel an entry by a reversing one of the same amount; the reason is required."""
    errors = []
    if entry.claim_id != claim.id:
        errors.append(field_error("entry", _l("Choose an entry of this claim.")))
    elif entry.reverses_id is not None:
        errors.append(field_error("entry", _l("A correction cannot itself be reversed.")))
    elif db.session.scalar(sa.select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id)):
        errors.append(field_error("entry", _l("This entry was already reversed.")))
    if not data.get("note"):
        errors.append(field_error("note", _l("Say why the entry is wrong.")))
    if not errors:
        after = _after(balance_of(claim.entries, entry.currency), entry.kind, -entry.amount_minor)
        found = [code for code in problems(after, True) if code != "overpaid"]
        errors = _problem_messages(found)
    if errors:
        raise ValidationProblem(errors=errors)
    with db.session.no_autoflush:
        reversal = LedgerEntry(
            claim=claim,
            kind=entry.kind,
            head=entry.head,
            subtype=entry.subtype,
            amount_minor=entry.amount_minor,
            currency=entry.currency,
            occurred_on=now_utc().date(),
            reverses=entry,
            reverses_id=entry.id,
            recorded_by=actor,
            recorded_at=now_utc(),
        )
        reversal.note = data["note"]
        db.session.add(reversal)
    claim.version += 1
    event(actor, claim, "entry_reversed", claim.status, data["note"])
    db.session.flush()
    audit.record(
        actor,
        "compensation.ledger_reversed",
        reversal,
        case_code=claim.case.case_code,
        reason_code=entry.kind.value,
        categories=CATEGORIES,
    )
    tell(actor, claim, "compensation.changed")
    return reversal
