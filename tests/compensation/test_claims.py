"""Compensation claims: routes and guards, the state advance rule, lawyers and consent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.compensation import operations, rules
from referral.compensation.enums import ClaimStatus
from referral.compensation.ledger import balance_of
from referral.compensation.models import ClaimDeadline, LedgerEntry
from referral.compensation.permissions import can_view_claim, claims_visible_to
from referral.consent import operations as consent_ops
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.extensions import db
from referral.notifications.models import Notification
from tests.compensation.fixtures import (
    EUR_5000,
    consent_for_lawyer,
    entry,
    lawyer_abroad,
    open_claim,
    order_in_enforcement,
    step,
    today,
)


def errors_of(refused) -> list[str]:
    return [name for name, _ in refused.value.field_errors]


def actions(claim_id) -> list[str]:
    return list(
        db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_uuid == claim_id))
    )


def test_dutch_order_with_state_advance_and_partial_recovery(claim_world) -> None:
    """The demo scenario: €12,500 awarded, €1,000 paid, €11,500 advanced, €2,000 recovered."""
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(worker, case, 1_250_000, final_days_ago=274)
    assert claim.status == ClaimStatus.enforcement
    assert claim.scheme == claim_world["nl_scheme"]
    final = claim.judgment_final_on
    assert claim.advance_eligible_on == rules.add_months(final, 8)
    entry(worker, claim, "paid_by_offender", 100_000, occurred_on=final + timedelta(days=30))
    entry(worker, claim, "advanced_by_state", 1_150_000)  # sexual offence: no cap
    entry(worker, claim, "recovered_by_state_from_offender", 200_000)
    balance = balance_of(claim.entries, "EUR")
    assert balance.awarded == 1_250_000
    assert balance.outstanding == 0
    assert balance.state_to_recover == 950_000
    assert balance.offender_owes == 950_000
    step(worker, claim, "settle")
    assert claim.status == ClaimStatus.settled
    assert [e.action for e in claim.events] == [
        "opened",
        "file",
        "impose_order",
        "make_final",
        "start_enforcement",
        "settle",
    ]
    assert "compensation.settle" in actions(claim.uuid)


def test_advance_rule_at_its_date_boundaries(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(
        worker, case, 1_000_000, final_days_ago=1, offence_category="other"
    )
    eligible = claim.advance_eligible_on
    assert eligible == rules.add_months(today() - timedelta(days=1), 8)
    balance = balance_of(claim.entries, "EUR")
    day_before = rules.advance(claim, balance, eligible - timedelta(days=1))
    on_the_day = rules.advance(claim, balance, eligible)
    assert (day_before.claimable, day_before.claimable_minor) == (False, 0)
    assert on_the_day.claimable
    assert on_the_day.capped
    assert on_the_day.claimable_minor == EUR_5000  # capped: €10,000 owed, at most €5,000
    with pytest.raises(ValidationProblem) as refused:  # an advance before its date
        entry(worker, claim, "advanced_by_state", 100_000)
    assert errors_of(refused) == ["occurred_on"]


def test_advance_above_the_cap_is_refused_unless_the_offence_is_exempt(claim_world, clock) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    other = order_in_enforcement(worker, case, 1_000_000, offence_category="other")
    with pytest.raises(ValidationProblem) as refused:
        entry(worker, other, "advanced_by_state", EUR_5000 + 1)
    assert errors_of(refused) == ["amount"]
    entry(worker, other, "advanced_by_state", EUR_5000)
    with pytest.raises(ValidationProblem):
        entry(worker, other, "advanced_by_state", 1)  # the cap is used up
    violent = order_in_enforcement(worker, case, 1_000_000, offence_category="violent")
    entry(worker, violent, "advanced_by_state", 1_000_000)
    assert balance_of(violent.entries, "EUR").outstanding == 0


def test_month_arithmetic_keeps_to_the_calendar() -> None:
    assert rules.add_months(date(2026, 6, 30), 8) == date(2027, 2, 28)
    assert rules.add_months(date(2027, 6, 30), 8) == date(2028, 2, 29)
    assert rules.add_months(date(2026, 1, 15), 8) == date(2026, 9, 15)


def test_invariant_22_recovery_never_exceeds_the_advance(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(worker, case, 1_000_000)
    entry(worker, claim, "advanced_by_state", 300_000)
    with pytest.raises(ValidationProblem) as refused:
        entry(worker, claim, "recovered_by_state_from_offender", 300_001)
    assert errors_of(refused) == ["amount"]
    assert balance_of(claim.entries, "EUR").recovered_by_state == 0


def test_over_payment_needs_to_be_confirmed(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(worker, case, 100_000)
    with pytest.raises(ValidationProblem):
        entry(worker, claim, "paid_by_offender", 150_000)
    entry(worker, claim, "paid_by_offender", 150_000, confirm_overpayment=True)
    assert balance_of(claim.entries, "EUR").outstanding == -50_000


def test_payments_need_an_award_in_their_currency(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(worker, case, 100_000)
    with pytest.raises(ValidationProblem) as refused:
        entry(worker, claim, "paid_by_offender", 1_000, currency="RON")
    assert errors_of(refused) == ["kind"]
    with pytest.raises(ValidationProblem) as refused:
        entry(worker, claim, "paid_by_offender", 1_000, currency="XYZ")
    assert errors_of(refused) == ["currency"]


def test_reversal_undoes_an_entry_once_and_the_ledger_stays_append_only(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = order_in_enforcement(worker, case, 100_000)
    wrong = entry(worker, claim, "paid_by_offender", 40_000)
    from referral.compensation import entries

    with pytest.raises(ValidationProblem) as refused:
        entries.reverse_entry(worker, claim, wrong, {})
    assert errors_of(refused) == ["note"]
    reversal = entries.reverse_entry(worker, claim, wrong, {"note": "Typed twice"})
    assert reversal.reverses_id == wrong.id
    assert reversal.amount_minor == 40_000
    assert balance_of(claim.entries, "EUR").outstanding == 100_000
    with pytest.raises(ValidationProblem):
        entries.reverse_entry(worker, claim, wrong, {"note": "again"})
    with pytest.raises(ValidationProblem):
        entries.reverse_entry(worker, claim, reversal, {"note": "undo the undo"})
    with pytest.raises(sa.exc.DBAPIError), db.session.begin_nested():
        db.session.execute(sa.update(LedgerEntry).values(amount_minor=1))
    with pytest.raises(sa.exc.DBAPIError), db.session.begin_nested():
        db.session.execute(sa.delete(LedgerEntry))


def test_cross_border_route_with_information_request_and_appeal(claim_world) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = open_claim(
        worker,
        case,
        route="state_scheme_cross_border",
        offence_category="other",
        crime_country="BE",
        residence_country="RO",
        limitation_starts_on=today() - timedelta(days=100),
    )
    assert claim.scheme == claim_world["be_scheme"]
    assert claim.deciding_authority == "Commission for financial aid (demo)"
    assert claim.limitation_on == rules.add_months(today() - timedelta(days=100), 36)
    with pytest.raises(ValidationProblem) as refused:
        step(worker, claim, "submit_to_assisting", assisting_authority="Iasi tribunal (demo)")
    assert errors_of(refused) == ["action"]  # no lawyer and no self-representation
    with pytest.raises(IllegalTransition):
        step(worker, claim, "file")  # not a step of this route
    claim.self_represented = True
    step(worker, claim, "submit_to_assisting", assisting_authority="Iasi tribunal (demo)")
    step(worker, claim, "transmit")
    step(worker, claim, "acknowledge", hearing_mode="video")
    with pytest.raises(ValidationProblem) as refused:
        step(worker, claim, "request_information")
    assert errors_of(refused) == ["respond_by"]
    step(worker, claim, "request_information", respond_by=today() + timedelta(days=20))
    due = db.session.scalar(sa.select(ClaimDeadline).where(ClaimDeadline.claim_id == claim.id))
    assert due.kind.value == "response_due"
    assert due.met_on is None
    step(worker, claim, "answer_information")
    assert due.met_on == today()
    with pytest.raises(ValidationProblem) as refused:
        step(worker, claim, "decide", outcome="granted")
    assert errors_of(refused) == ["awarded"]
    step(worker, claim, "decide", outcome="rejected", appeal_until=today() + timedelta(days=30))
    step(worker, claim, "appeal", note="New medical evidence")
    step(worker, claim, "decide", outcome="partly_granted", awarded_minor=800_000)
    assert claim.outcome.value == "partly_granted"
    with pytest.raises(ValidationProblem) as refused:
        step(worker, claim, "mark_paid")
    assert errors_of(refused) == ["note"]  # money is still owed
    entry(worker, claim, "advanced_by_state", 800_000)  # the scheme pays
    step(worker, claim, "mark_paid")
    step(worker, claim, "close", note="Paid")
    assert claim.status == ClaimStatus.closed
    with pytest.raises(IllegalTransition):
        step(worker, claim, "close", note="again")


def test_outside_lawyer_needs_consent_and_sees_only_assigned_claims(claim_world) -> None:
    worker, case, lawyer = claim_world["caseworker"], claim_world["case"], claim_world["lawyer"]
    with pytest.raises(ValidationProblem) as refused:
        open_claim(worker, case, lawyer=lawyer.uuid)
    assert errors_of(refused) == ["lawyer"]
    consent_for_lawyer(worker, case, lawyer)
    claim = open_claim(worker, case, lawyer=lawyer.uuid)
    other_claim = open_claim(worker, case)
    assert can_view_claim(lawyer, claim)
    assert not can_view_claim(lawyer, other_claim)
    visible = set(db.session.scalars(claims_visible_to(lawyer)))
    assert visible == {claim}
    assert (
        db.session.scalar(sa.select(Notification.kind).where(Notification.user_id == lawyer.id))
        == "compensation.assigned"
    )
    # The law firm's coordinator does not reach the case through the claim's grant.
    from referral.cases.permissions import can_view_case
    from tests.identity.fixtures import make_user

    firm_coordinator = make_user(lawyer.organisation, ("coordinator",))
    assert not can_view_case(firm_coordinator, case)
    # Another lawyer takes over: the first loses the claim at once.
    successor = lawyer_abroad("RO")
    consent_for_lawyer(worker, case, successor)
    operations.assign_lawyer(worker, claim, {"lawyer": successor.uuid})
    assert not can_view_claim(lawyer, claim)
    assert can_view_claim(successor, claim)


def test_consent_withdrawal_ends_the_lawyers_access(claim_world) -> None:
    worker, case, lawyer = claim_world["caseworker"], claim_world["case"], claim_world["lawyer"]
    consent = consent_for_lawyer(worker, case, lawyer)
    claim = open_claim(worker, case, lawyer=lawyer.uuid)
    assert can_view_claim(lawyer, claim)
    consent_ops.withdraw_consent(worker, consent, {"scope": "all", "channel": "in_person"})
    assert not can_view_claim(lawyer, claim)
    assert list(db.session.scalars(claims_visible_to(lawyer))) == []


def test_every_step_is_audited_and_notifies_the_lawyer(claim_world) -> None:
    worker, case, lawyer = claim_world["caseworker"], claim_world["case"], claim_world["lawyer"]
    consent_for_lawyer(worker, case, lawyer)
    claim = open_claim(worker, case, lawyer=lawyer.uuid)
    step(lawyer, claim, "file")
    step(lawyer, claim, "impose_order", awarded_minor=50_000)
    assert actions(claim.uuid)[-2:] == ["compensation.file", "compensation.impose_order"]
    told = set(
        db.session.scalars(
            sa.select(Notification.user_id).where(Notification.kind == "compensation.changed")
        )
    )
    assert worker.id in told
    assert lawyer.id not in told


def test_dossier_lists_claims_only_when_compensation_is_consented(claim_world) -> None:
    from referral.dossiers import context as dossier_context
    from tests.referrals.fixtures import give_consent, submitted_referral

    worker, case = claim_world["caseworker"], claim_world["case"]
    open_claim(worker, case, self_represented=True)
    recipient = claim_world["service"].organisation
    give_consent(worker, case, recipient, ["demographics", "compensation"])
    referral = submitted_referral(
        worker, case, claim_world["service"], ["demographics", "compensation"]
    )
    shown = dossier_context.collect(referral)["compensation"]
    assert [(c["route"], c["status"]) for c in shown] == [("offender_order", "prepared")]
    assert "amount" not in str(shown)


def test_dossier_leaves_claims_out_without_consent(claim_world) -> None:
    from referral.dossiers import context as dossier_context
    from tests.referrals.fixtures import give_consent, submitted_referral

    worker, case = claim_world["caseworker"], claim_world["case"]
    open_claim(worker, case, self_represented=True)
    give_consent(worker, case, claim_world["service"].organisation, ["demographics"])
    referral = submitted_referral(worker, case, claim_world["service"], ["demographics"])
    assert "compensation" not in dossier_context.collect(referral)


def test_an_award_is_checked_like_any_ledger_entry_and_nothing_is_kept_on_error(claim_world):
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = open_claim(worker, case, self_represented=True)
    step(worker, claim, "file")
    with pytest.raises(ValidationProblem) as refused:
        step(
            worker,
            claim,
            "impose_order",
            awarded_minor=100_000,
            decided_on=today() + timedelta(days=1),
            appeal_until=today() + timedelta(days=30),
        )
    assert errors_of(refused) == ["decided_on"]
    db.session.expire_all()
    assert claim.status == ClaimStatus.filed
    assert claim.entries == []
    assert claim.deadlines == []
