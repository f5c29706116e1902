"""Claim deadlines: add one, mark it met. Limitation dates come from the scheme (rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.compensation.enums import DeadlineKind
from referral.compensation.models import ClaimDeadline, CompensationClaim
from referral.compensation.operations import CATEGORIES, is_open, limitation_applies, tell
from referral.core.errors import ValidationProblem, coerce_members, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User


@dataclass(frozen=True)
class Due:
    """A date to act by, whether stored or worked out from the scheme."""

    kind: DeadlineKind
    due_on: date
    deadline: ClaimDeadline | None = None

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


def open_dues(claim: CompensationClaim) -> list[Due]:
    """Unmet deadlines and, until the claim is brought, its limitation date; soonest first."""
    if not is_open(claim):
        return []
    dues = [Due(d.kind, d.due_on, d) for d in claim.deadlines if d.met_on is None]
    if limitation_applies(claim):
        dues.append(Due(DeadlineKind.limitation, claim.limitation_on))
    return sorted(dues, key=lambda due: (due.due_on, due.kind.value))


def next_due(claim: CompensationClaim) -> Due | None:
    dues = open_dues(claim)
    return dues[0] if dues else None


@operation
def add_deadline(actor: User, claim: CompensationClaim, data: dict[str, Any]) -> ClaimDeadline:
    """Record a date to act by (a court's time limit, a hearing, an answer due…)."""
    if not is_open(claim):
        raise ValidationProblem(errors=[field_error("due_on", _l("The claim is finished."))])
    kind = coerce_members(data, {"kind": DeadlineKind})["kind"]
    if kind == DeadlineKind.limitation:
        raise ValidationProblem(
            errors=[
                field_error(
                    "kind", _l("The limitation date comes from the country's scheme rules.")
                )
            ]
        )
    deadline = ClaimDeadline(claim=claim, kind=kind, due_on=data["due_on"], created_by_id=actor.id)
    db.session.add(deadline)
    deadline.note = data.get("note")
    claim.version += 1
    db.session.flush()
    audit.record(
        actor,
        "compensation.deadline_added",
        deadline,
        case_code=claim.case.case_code,
        reason_code=kind.value,
        categories=CATEGORIES,
    )
    tell(actor, claim, "compensation.changed")
    return deadline


@operation
def meet_deadline(actor: User, claim: CompensationClaim, deadline: ClaimDeadline) -> ClaimDeadline:
    """Mark a deadline as dealt with."""
    if deadline.claim_id != claim.id or deadline.met_on is not None:
        raise ValidationProblem(
            errors=[field_error("deadline", _l("This deadline is not open on this claim."))]
        )
    deadline.met_on = now_utc().date()
    claim.version += 1
    audit.record(
        actor,
        "compensation.deadline_met",
        deadline,
        case_code=claim.case.case_code,
        reason_code=deadline.kind.value,
        categories=CATEGORIES,
    )
    return deadline
