"""Every referral transition and guard (DESIGN.md §5 D), through the operations layer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.cases import operations as case_ops
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.time import now_utc
from referral.extensions import db
from referral.notifications.models import Notification
from referral.referrals import operations as ops
from referral.referrals.enums import TRANSITIONS, Action, ReferralStatus
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


def fields_of(problem: pytest.ExceptionInfo) -> set[str]:
    return {field for field, _ in problem.value.field_errors}


@pytest.fixture
def sent(world):
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    world["referral"] = submitted_referral(
        world["caseworker"], world["case"], world["service"], PACKAGE
    )
    return world


def accept(w) -> None:
    ops.transition_referral(
        w["officer"],
        w["referral"],
        {
            "action": "accept",
            "capacity_confirmed": True,
            "receiving_caseworker_id": w["officer"].uuid,
        },
    )


def arrival(**extra):
    return {
        "action": "schedule_arrival",
        "arrival_at": now_utc() + timedelta(days=3),
        "meeting_point": "Airport",
        "met_by": "Osaro",
        "is_voluntary": True,
        "joint_risk_assessment_on": now_utc().date(),
        **extra,
    }


def test_inv_02_submit_sets_clocks_opens_grant_and_notifies(sent) -> None:
    referral = sent["referral"]
    assert referral.submitted_at == now_utc()
    assert referral.ack_due_at == now_utc() + timedelta(hours=72)
    assert referral.decide_due_at == now_utc() + timedelta(hours=240)
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == sent["officer"].id)
    )
    assert "referral.submitted" in list(kinds)
    assert ops.recipient_categories(referral) == set(PACKAGE)


def test_inv_11_submit_refused_when_risk_review_overdue(world, clock) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = ops.create_referral(
        world["caseworker"],
        world["case"],
        world["service"],
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": PACKAGE,
        },
    )
    clock.advance(days=15)
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(world["caseworker"], referral, {"action": "submit"})
    assert "risk" in fields_of(problem)


def test_inv_08_child_needs_guardian(world) -> None:
    child = make_case(world["caseworker"], is_minor=True)
    referral = ops.create_referral(
        world["caseworker"],
        child,
        world["service"],
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": PACKAGE,
        },
    )
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(world["caseworker"], referral, {"action": "submit"})
    assert {"guardian", "data_package"} <= fields_of(problem)


def test_inv_09_same_country_needs_domestic_flag(world) -> None:
    dutch = make_org("NL", name="Dutch NGO")
    service = make_service(dutch)
    give_consent(world["caseworker"], world["case"], dutch, PACKAGE)
    referral = ops.create_referral(
        world["caseworker"],
        world["case"],
        service,
        {
            "kind": "assistance",
            "purpose": "assistance",
            "urgency": "standard",
            "data_package": PACKAGE,
        },
    )
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(world["caseworker"], referral, {"action": "submit"})
    assert fields_of(problem) == {"is_domestic"}
    ops.update_draft(
        world["caseworker"], referral, {"is_domestic": True, "version": referral.version}
    )
    ops.transition_referral(world["caseworker"], referral, {"action": "submit"})
    assert referral.status == ReferralStatus.submitted


def test_closed_inbox_refuses_new_referrals(world) -> None:
    world["service"].is_inbox_open = False
    db.session.commit()
    with pytest.raises(ValidationProblem):
        ops.create_referral(
            world["caseworker"],
            world["case"],
            world["service"],
            {
                "kind": "return",
                "purpose": "return_reintegration",
                "urgency": "urgent",
                "data_package": PACKAGE,
            },
        )


def test_acknowledge_then_accept(sent) -> None:
    ops.transition_referral(sent["officer"], sent["referral"], {"action": "acknowledge"})
    assert sent["referral"].acknowledged_at == now_utc()
    accept(sent)
    assert sent["referral"].status == ReferralStatus.accepted
    assert sent["referral"].receiving_caseworker_id == sent["officer"].id


def test_accept_needs_capacity_and_a_caseworker_of_the_recipient(sent) -> None:
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(sent["officer"], sent["referral"], {"action": "accept"})
    assert fields_of(problem) == {"capacity_confirmed"}
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(
            sent["officer"],
            sent["referral"],
            {
                "action": "accept",
                "capacity_confirmed": True,
                "receiving_caseworker_id": sent["caseworker"].uuid,
            },
        )
    assert fields_of(problem) == {"receiving_caseworker_id"}


def test_inv_13_decline_needs_reason_and_other_needs_note(sent) -> None:
    with pytest.raises(ValidationProblem):
        ops.transition_referral(sent["officer"], sent["referral"], {"action": "decline"})
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(
            sent["officer"], sent["referral"], {"action": "decline", "decline_reason": "other"}
        )
    assert fields_of(problem) == {"note"}
    ops.transition_referral(
        sent["officer"], sent["referral"], {"action": "decline", "decline_reason": "no_capacity"}
    )
    assert sent["referral"].status == ReferralStatus.declined
    assert ops.recipient_categories(sent["referral"]) == set()


def test_request_info_then_resubmit_restarts_decide_clock(sent, clock) -> None:
    with pytest.raises(ValidationProblem):
        ops.transition_referral(sent["officer"], sent["referral"], {"action": "request_info"})
    ops.transition_referral(
        sent["officer"], sent["referral"], {"action": "request_info", "message": "Which city?"}
    )
    assert sent["referral"].status == ReferralStatus.information_requested
    clock.advance(days=2)
    ops.transition_referral(
        sent["caseworker"], sent["referral"], {"action": "resubmit", "message": "Benin City"}
    )
    assert sent["referral"].status == ReferralStatus.submitted
    assert sent["referral"].decide_due_at == now_utc() + timedelta(hours=240)
    assert [m.kind.value for m in sent["referral"].messages] == ["info_request", "info_response"]


def test_inv_12_return_arrival_guards(sent) -> None:
    accept(sent)
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(
            sent["officer"],
            sent["referral"],
            arrival(
                is_voluntary=False,
                joint_risk_assessment_on=(now_utc() - timedelta(days=40)).date(),
                arrival_at=now_utc() - timedelta(hours=1),
                meeting_point=None,
            ),
        )
    assert {"is_voluntary", "joint_risk_assessment_on", "arrival_at", "meeting_point"} <= fields_of(
        problem
    )
    case_ops.start_reflection(
        sent["caseworker"],
        sent["case"],
        {
            "country": "NL",
            "starts_on": now_utc().date(),
            "planned_end_on": now_utc().date() + timedelta(days=30),
        },
    )
    with pytest.raises(ValidationProblem) as problem:
        ops.transition_referral(sent["officer"], sent["referral"], arrival())
    assert fields_of(problem) == {"reflection"}
    case_ops.end_reflection(
        sent["caseworker"],
        sent["case"],
        {"ended_on": now_utc().date(), "end_reason": "victim_decision"},
    )
    ops.transition_referral(sent["officer"], sent["referral"], arrival())
    assert sent["referral"].status == ReferralStatus.arrival_scheduled


def test_confirm_arrival_and_close(sent) -> None:
    accept(sent)
    ops.transition_referral(sent["officer"], sent["referral"], arrival())
    ops.transition_referral(sent["officer"], sent["referral"], {"action": "confirm_arrival"})
    assert sent["referral"].status == ReferralStatus.in_service
    with pytest.raises(ValidationProblem):
        ops.transition_referral(sent["officer"], sent["referral"], {"action": "close"})
    ops.transition_referral(
        sent["officer"],
        sent["referral"],
        {"action": "close", "outcome": "completed", "feedback": "Settled well"},
    )
    assert sent["referral"].status == ReferralStatus.closed
    assert sent["referral"].feedback == "Settled well"


def test_sender_withdraws(sent) -> None:
    ops.transition_referral(sent["caseworker"], sent["referral"], {"action": "withdraw"})
    assert sent["referral"].status == ReferralStatus.withdrawn
    assert str(sent["referral"].withdrawal_reason) == "sender_decision"
    assert ops.recipient_categories(sent["referral"]) == set()


@pytest.mark.parametrize("action", list(Action))
def test_actions_outside_their_states_are_illegal(sent, action) -> None:
    allowed_from = TRANSITIONS[action][0]
    if sent["referral"].status in allowed_from:
        ops.transition_referral(sent["caseworker"], sent["referral"], {"action": "withdraw"})
    with pytest.raises(IllegalTransition):
        ops.transition_referral(sent["officer"], sent["referral"], {"action": action.value})


def test_inv_14_every_step_writes_one_audit_event(sent) -> None:
    def count() -> int:
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.like("referral.%"))
        )

    before = count()
    ops.transition_referral(sent["officer"], sent["referral"], {"action": "acknowledge"})
    assert count() == before + 1


def test_inv_01_no_field_ties_assistance_to_cooperation() -> None:
    from referral.core.db import Base

    suspicious = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if "cooperat" in c.name
    ]
    assert suspicious == []
    source = Path(ops.__file__).read_text()
    assert "decided_to_cooperate" not in source
    assert "end_reason" not in source


def test_a_second_organisation_cannot_see_a_draft(world) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = ops.create_referral(
        world["caseworker"],
        world["case"],
        world["service"],
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": PACKAGE,
        },
    )
    assert ops.recipient_categories(referral) == set()
    other = make_user(make_org("BE"), ("receiving_officer",))
    from referral.referrals.permissions import can_view_referral

    assert not can_view_referral(other, referral)
    assert not can_view_referral(world["officer"], referral)
