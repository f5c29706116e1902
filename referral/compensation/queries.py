"""Read helpers: a claim as plain values, the dashboard rows, a claim's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from referral.cases.models import Case
from referral.compensation import rules
from referral.compensation.deadlines import Due, next_due, open_dues
from referral.compensation.ledger import Balance, balances
from referral.compensation.models import CompensationClaim, CompensationScheme
from referral.compensation.permissions import can_view_claim, claims_visible_to
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User


def claims_of(case: Case) -> list[CompensationClaim]:
    return list(
        db.session.scalars(
            sa.select(CompensationClaim)
            .where(CompensationClaim.case_id == case.id)
            .order_by(CompensationClaim.created_at)
        )
    )


def schemes() -> list[CompensationScheme]:
    return list(
        db.session.scalars(
            sa.select(CompensationScheme).order_by(
                CompensationScheme.country, CompensationScheme.kind
            )
        )
    )


@dataclass
class ClaimRow:
    """One line of the dashboard."""

    claim: CompensationClaim
    next_due: Due | None
    balances: dict[str, Balance]
    last_event_at: datetime | None
    last_event: str | None


def dashboard(actor: User) -> list[ClaimRow]:
    """Every claim the actor may see: next deadline first, then the newest."""
    claims = db.session.scalars(
        claims_visible_to(actor).options(
            selectinload(CompensationClaim.entries),
            selectinload(CompensationClaim.events),
            selectinload(CompensationClaim.deadlines),
            selectinload(CompensationClaim.case),
            selectinload(CompensationClaim.scheme),
        )
    ).all()
    rows = []
    for claim in claims:
        if not can_view_claim(actor, claim):
            continue
        last = claim.events[-1] if claim.events else None
        rows.append(
            ClaimRow(
                claim,
                next_due(claim),
                balances(claim.entries),
                last.at if last else None,
                last.action if last else None,
            )
        )
    far = date.max
    return sorted(
        rows,
        key=lambda row: (
            row.next_due.due_on if row.next_due else far,
            -(row.claim.created_at.timestamp()),
        ),
    )


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str  # event, entry, document
    item: Any


def timeline(claim: CompensationClaim) -> list[TimelineItem]:
    """Steps, money and documents in one list by when they were recorded, newest last."""
    items = [TimelineItem(e.at, "event", e) for e in claim.events]
    items += [TimelineItem(e.recorded_at, "entry", e) for e in claim.entries]
    items += [TimelineItem(d.uploaded_at, "document", d) for d in claim.documents]
    return sorted(items, key=lambda item: item.at)


def money(amount_minor: int, currency: str) -> dict[str, Any]:
    return {"amount_minor": amount_minor, "currency": currency}


def balance_view(balance: Balance, claim: CompensationClaim, today: date) -> dict[str, Any]:
    currency = balance.currency
    advance = rules.advance(claim, balance, today)
    return {
        "currency": currency,
        "claimed": money(balance.claimed, currency),
        "awarded": money(balance.awarded, currency),
        "paid_by_offender": money(balance.paid_by_offender, currency),
        "advanced_by_state": money(balance.advanced_by_state, currency),
        "recovered_by_state_from_offender": money(balance.recovered_by_state, currency),
        "other_compensation_deducted": money(balance.deducted, currency),
        "outstanding": money(balance.outstanding, currency),
        "state_to_recover": money(balance.state_to_recover, currency),
        "advance_claimable": advance.claimable,
        "advance_claimable_now": money(advance.claimable_minor, currency),
    }


def claim_view(actor: User | None, claim: CompensationClaim) -> dict[str, Any]:
    """Plain values for the API; documents are listed, never inlined."""
    today = now_utc().date()
    due = next_due(claim)
    return {
        "id": claim.uuid,
        "case": claim.case.uuid,
        "case_code": claim.case.case_code,
        "route": claim.route.value,
        "status": claim.status.value,
        "outcome": claim.outcome.value if claim.outcome else None,
        "offence_category": claim.offence_category.value,
        "crime_country": claim.crime_country,
        "residence_country": claim.residence_country,
        "assisting_authority": claim.assisting_authority,
        "deciding_authority": claim.deciding_authority,
        "forum": claim.forum,
        "hearing_mode": claim.hearing_mode.value if claim.hearing_mode else None,
        "scheme": claim.scheme.uuid if claim.scheme else None,
        "lawyer": claim.lawyer.uuid if claim.lawyer else None,
        "lawyer_name": claim.lawyer.display_name if claim.lawyer else None,
        "self_represented": claim.self_represented,
        "legal_aid": claim.legal_aid,
        "currency": claim.currency,
        "references": claim.references,
        "limitation_on": claim.limitation_on,
        "judgment_final_on": claim.judgment_final_on,
        "advance_eligible_on": claim.advance_eligible_on,
        "next_deadline": (
            {"kind": due.kind.value, "due_on": due.due_on, "overdue": due.is_overdue(today)}
            if due
            else None
        ),
        "deadlines": [
            {"kind": d.kind.value, "due_on": d.due_on, "overdue": d.is_overdue(today)}
            for d in open_dues(claim)
        ],
        "balances": [balance_view(b, claim, today) for b in balances(claim.entries).values()],
        "events": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "at": e.at,
                "organisation": e.actor_org.name if e.actor_org else None,
                "reason": e.reason,
            }
            for e in claim.events
        ],
        "documents": [document_view(d) for d in claim.documents],
        "version": claim.version,
    }


def document_view(document: Any) -> dict[str, Any]:
    """A document's description; the file itself is a separate, audited download."""
    return {
        "id": document.uuid,
        "kind": document.kind.value,
        "language": document.language,
        "media_type": document.media_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_at": document.uploaded_at,
        "translation_of": document.translation_of.uuid if document.translation_of else None,
    }


def entry_view(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.uuid,
        "kind": entry.kind.value,
        "head": entry.head.value if entry.head else None,
        "subtype": entry.subtype.value if entry.subtype else None,
        "amount": money(entry.amount_minor, entry.currency),
        "occurred_on": entry.occurred_on,
        "reference": entry.reference,
        "note": entry.note,
        "reverses": entry.reverses.uuid if entry.reverses else None,
        "recorded_at": entry.recorded_at,
    }
