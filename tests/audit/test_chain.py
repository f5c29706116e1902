"""The audit chain: written with each change, append-only, and every kind of tampering detected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from referral.audit import operations as audit
from referral.audit.chain import verify_chain
from referral.audit.models import AuditEvent
from referral.core.operation import UnauditedChange, operation
from referral.extensions import db
from referral.identity.models import Organisation
from tests.identity.fixtures import PASSWORD, WebClient, make_org, make_user, sign_in


def _events(count: int) -> list[AuditEvent]:
    org = make_org()
    events = [audit.record(None, "test.recorded", org, reason_code=f"n{i}") for i in range(count)]
    db.session.commit()
    return events


def _drop_guards() -> None:
    """What an attacker with database access would do first."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
    else:
        db.session.execute(sa.text("DROP TRIGGER audit_events_no_update"))
        db.session.execute(sa.text("DROP TRIGGER audit_events_no_delete"))


def test_inv_28_chain_verifies_from_genesis() -> None:
    _events(5)
    result = verify_chain()
    assert result.ok
    assert result.checked == 5
    assert result.head_seq == 5


def test_inv_28_table_rejects_update_and_delete() -> None:
    _events(2)
    with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
        db.session.execute(sa.text("UPDATE audit_events SET action = 'x' WHERE seq = 1"))
    with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
        db.session.execute(sa.text("DELETE FROM audit_events WHERE seq = 2"))


def test_edit_is_detected() -> None:
    _events(5)
    _drop_guards()
    db.session.execute(sa.text("UPDATE audit_events SET reason_code = 'forged' WHERE seq = 3"))
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == 3


def test_delete_is_detected() -> None:
    _events(5)
    _drop_guards()
    db.session.execute(sa.text("DELETE FROM audit_events WHERE seq = 2"))
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == 2


def test_insert_is_detected() -> None:
    events = _events(4)
    _drop_guards()
    db.session.execute(sa.text("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 3"))
    db.session.execute(sa.text("UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000"))
    forged = AuditEvent(
        seq=3,
        occurred_at=events[1].occurred_at,
        via="cli",
        action="test.recorded",
        outcome="allowed",
        prev_hash=events[1].hash,
        hash=events[2].hash,
        fields=[],
        categories=[],
    )
    db.session.add(forged)
    db.session.flush()
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == 3


def test_reorder_is_detected() -> None:
    _events(4)
    _drop_guards()
    db.session.execute(sa.text("UPDATE audit_events SET seq = 100 WHERE seq = 2"))
    db.session.execute(sa.text("UPDATE audit_events SET seq = 2 WHERE seq = 3"))
    db.session.execute(sa.text("UPDATE audit_events SET seq = 3 WHERE seq = 100"))
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == 2


def test_truncated_tail_is_detected_with_a_recorded_head() -> None:
    _events(5)
    head = verify_chain()
    _drop_guards()
    db.session.execute(sa.text("DELETE FROM audit_events WHERE seq = 5"))
    assert verify_chain().ok  # a missing tail alone looks like a shorter chain...
    result = verify_chain(f"{head.head_seq}:{head.head_hash}")
    assert not result.ok  # ...but not against the head recorded off-site


def test_cli_reports_first_broken_link(app) -> None:
    _events(3)
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0
    assert "audit chain OK: 3 events" in ok.output
    _drop_guards()
    db.session.execute(sa.text("UPDATE audit_events SET action = 'forged' WHERE seq = 2"))
    db.session.commit()
    broken = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert "BROKEN at seq 2" in broken.output
    assert isinstance(runner, CliRunner)


def test_operation_without_audit_event_is_rolled_back() -> None:
    @operation
    def sneaky() -> None:
        db.session.add(
            Organisation(name="Sneaky", org_type="ngo", country="NL", working_languages=[])
        )

    with pytest.raises(UnauditedChange):
        sneaky()
    assert db.session.scalar(sa.select(Organisation).where(Organisation.name == "Sneaky")) is None


def test_inv_28_audit_rows_carry_no_personal_values(web: WebClient, clock) -> None:
    canary_email = "canary-7f3k@example.org"
    user = make_user(make_org(), email=canary_email, display_name="Canary Q. Person")
    web.post("/login", {"email": canary_email, "password": "wrong password canary"})
    sign_in(web, user, clock)
    rows = db.session.execute(sa.select(AuditEvent)).scalars().all()
    dump = " ".join(str(row.chained_fields()) for row in rows)
    assert rows
    for secret in (canary_email, "Canary Q. Person", "wrong password canary", PASSWORD):
        assert secret not in dump


def test_inv_29_sign_in_events_are_recorded(web: WebClient, clock) -> None:
    user = make_user(make_org())
    web.post("/login", {"email": user.email, "password": "bad password attempt"})
    sign_in(web, user, clock)
    web.post("/logout")
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))
    for expected in (
        "login.failed",
        "login.password_accepted",
        "mfa.verified",
        "login.succeeded",
        "logout.done",
    ):
        assert expected in actions
    assert verify_chain().ok
