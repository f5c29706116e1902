"""Claim steps: move a claim along its route, with the guards of DESIGN.md §5 G.

Every step writes one ClaimEvent and one audit event, and tells the case team and the lawyer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.compensation.entries import append_entry
from referral.compensation.enums import (
    AWARD_ACTIONS,
    FILING_ACTIONS,
    TRANSITIONS,
    ClaimAction,
    ClaimOutcome,
    ClaimRoute,
    DeadlineKind,
    EntryKind,
    Head,
    Subtype,
)
from referral.compensation.ledger import balance_of
from referral.compensation.models import ClaimDeadline, CompensationClaim
from referral.compensation.operations import CATEGORIES, event, refresh_dates, tell
from referral.core.errors import (
    IllegalTransition,
    ValidationProblem,
    check_version,
    coerce_members,
    field_error,
)
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User


def available_actions(claim: CompensationClaim) -> list[ClaimAction]:
    """Actions the claim's route allows from its current state."""
    return [
        action
        for action, (states, _target) in TRANSITIONS[claim.route].items()
        if claim.status in states
    ]


def _awarded_errors(claim: CompensationClaim, data: dict[str, Any]) -> list[tuple[str, str]]:
    outcome = data.get("outcome")
    if outcome is None and claim.route != ClaimRoute.offender_order:
        return [field_error("outcome", _l("Choose the outcome."))]
    if outcome == ClaimOutcome.rejected:
        return []
    already = balance_of(claim.entries, data.get("currency") or claim.currency).awarded
    if not data.get("awarded_minor") and already <= 0:
        return [field_error("awarded", _l("Give the amount awarded."))]
    return []


def _guard(
    action: ClaimAction, claim: CompensationClaim, data: dict[str, Any], today: date
) -> list[tuple[str, str]]:
    """The unmet conditions of `action`, as field errors."""
    errors: list[tuple[str, str]] = []
    if action in FILING_ACTIONS and claim.lawyer_id is None and not claim.self_represented:
        errors.append(
            field_error(
                "action",
                _l("Assign a lawyer, or record that the person represents themselves, first."),
            )
        )
    if action == ClaimAction.submit_to_assisting and not (
        data.get("assisting_authority") or claim.assisting_authority
    ):
        errors.append(field_error("assisting_authority", _l("Name the assisting authority.")))
    if action == ClaimAction.transmit and not (
        data.get("deciding_authority") or claim.deciding_authority
    ):
        errors.append(field_error("deciding_authority", _l("Name the deciding authority.")))
    if action == ClaimAction.request_information and not data.get("respond_by"):
        errors.append(field_error("respond_by", _l("Give the date the answer is due.")))
    if action in AWARD_ACTIONS:
        errors += _awarded_errors(claim, data)
    if action == ClaimAction.make_final:
        final = data.get("judgment_final_on")
        if not final or final > today:
            errors.append(
                field_error("judgment_final_on", _l("Give the date the judgment became final."))
            )
    if action in (ClaimAction.mark_paid, ClaimAction.settle):
        owed = balance_of(claim.entries, claim.currency).outstanding
        if owed > 0 and not data.get("note"):
            errors.append(
                field_error(
                    "note",
                    _l(
                        "Money is still owed. Record the payments first, or say why the "
                        "claim ends with part unpaid."
                    ),
                )
            )
    if action == ClaimAction.close and not data.get("note"):
        errors.append(field_error("note", _l("Say why the claim is closed.")))
    for name in ("respond_by", "appeal_until"):
        if data.get(name) and data[name] < today:
            errors.append(field_error(name, _l("This date has passed.")))
    return errors


def _met(claim: CompensationClaim, kind: DeadlineKind, today: date) -> None:
    for deadline in claim.deadlines:
        if deadline.kind == kind and deadline.met_on is None:
            deadline.met_on = today


def _deadline(actor: User | None, claim: CompensationClaim, kind: DeadlineKind, due: date) -> None:
    db.session.add(
        ClaimDeadline(claim=claim, kind=kind, due_on=due, created_by_id=actor and actor.id)
    )


#: Ledger field names as the step's form calls them.
_AWARD_FIELDS = {"amount": "awarded", "occurred_on": "decided_on"}


def _award(actor: User | None, claim: CompensationClaim, data: dict[str, Any]) -> None:
    """The amount awarded, as a ledger entry checked like any other."""
    values = {
        "kind": EntryKind.awarded,
        "amount_minor": int(data["awarded_minor"]),
        "currency": data.get("currency"),
        "head": data.get("head"),
        "subtype": data.get("subtype"),
        "occurred_on": data.get("decided_on"),
    }
    try:
        append_entry(actor, claim, values)
    except ValidationProblem as problem:
        raise ValidationProblem(
            errors=[(_AWARD_FIELDS.get(name, name), text) for name, text in problem.field_errors]
        ) from None


def _apply(
    actor: User | None,
    action: ClaimAction,
    claim: CompensationClaim,
    data: dict[str, Any],
    today: date,
) -> list[str]:
    """Write what the step records; returns the names of the fields it changed."""
    changed = []
    for name in ("assisting_authority", "deciding_authority", "hearing_mode"):
        if data.get(name) and getattr(claim, name) != data[name]:
            setattr(claim, name, data[name])
            changed.append(name)
    if action in FILING_ACTIONS:
        _met(claim, DeadlineKind.filing, today)
        _met(claim, DeadlineKind.limitation, today)
    if action == ClaimAction.request_information:
        _deadline(actor, claim, DeadlineKind.response_due, data["respond_by"])
    if action == ClaimAction.answer_information:
        _met(claim, DeadlineKind.response_due, today)
    if action == ClaimAction.appeal:
        _met(claim, DeadlineKind.appeal_window, today)
    if action in AWARD_ACTIONS:
        if data.get("outcome"):
            claim.outcome = data["outcome"]
            changed.append("outcome")
        if data.get("awarded_minor") and data.get("outcome") != ClaimOutcome.rejected:
            _award(actor, claim, data)
            changed.append("ledger")
        if data.get("appeal_until"):
            _deadline(actor, claim, DeadlineKind.appeal_window, data["appeal_until"])
    if action == ClaimAction.make_final:
        claim.judgment_final_on = data["judgment_final_on"]
        changed.append("judgment_final_on")
        _met(claim, DeadlineKind.appeal_window, today)
    refresh_dates(claim)
    return changed


@operation
def transition_claim(
    actor: User | None, claim: CompensationClaim, data: dict[str, Any]
) -> CompensationClaim:
    """Move a claim along its route.  :raise IllegalTransition, ValidationProblem:"""
    try:
        action = ClaimAction(str(getattr(data.get("action"), "value", data.get("action"))))
    except ValueError:
        raise ValidationProblem(
            errors=[field_error("action", _l("Choose one of the options."))]
        ) from None
    steps = TRANSITIONS[claim.route]
    if action not in steps or claim.status not in steps[action][0]:
        raise IllegalTransition(
            str(
                _l(
                    "This step is not possible while the claim is %(status)s.",
                    status=claim.status.title,
                )
            )
        )
    if data.get("version") is not None:
        check_version(claim, data["version"])
    data = coerce_members(data, {"outcome": ClaimOutcome, "head": Head, "subtype": Subtype})
    today = now_utc().date()
    errors = _guard(action, claim, data, today)
    if errors:
        raise ValidationProblem(errors=errors)
    before = claim.status
    changed = _apply(actor, action, claim, data, today)
    claim.status = steps[action][1]
    claim.version += 1
    changed.append("status")
    event(actor, claim, action.value, before, data.get("note"))
    db.session.flush()
    audit.record(
        actor,
        f"compensation.{action.value}",
        claim,
        case_code=claim.case.case_code,
        fields=changed,
        categories=CATEGORIES,
        reason_code=claim.outcome.value if action in AWARD_ACTIONS and claim.outcome else None,
    )
    tell(actor, claim, "compensation.changed")
    return claim
