"""Writing audit events: in the caller's transaction, chained, with no sensitive values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context, request

from referral.audit.chain import VerifyResult, chain_hash, verify_chain
from referral.audit.enums import AuditOutcome
from referral.audit.models import GENESIS_HASH, AuditEvent
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db

#: Constant key for PostgreSQL's transaction-level advisory lock around the chain head.
_CHAIN_LOCK_KEY = 0x52454641  # "REFA"

ALLOWED, DENIED, FAILED = (outcome.value for outcome in AuditOutcome)


def _lock_chain() -> None:
    """Serialise writers of the chain head (SQLite already holds the write lock)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})


def _context() -> dict[str, Any]:
    if not has_request_context():
        return {"via": getattr(g, "via", "cli") if _has_g() else "cli"}
    return {
        "via": getattr(g, "via", "web"),
        "request_id": getattr(g, "request_id", None),
        "ip": request.remote_addr,
    }


def _has_g() -> bool:
    try:
        return bool(g)
    except RuntimeError:
        return False


def record(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    outcome: str = ALLOWED,
    object_type: str | None = None,
    object_uuid: uuid.UUID | None = None,
    case_code: str | None = None,
    purpose: str | None = None,
    reason_code: str | None = None,
    fields: Iterable[str] = (),
    categories: Iterable[str] = (),
    org: Any = None,
    role: str | None = None,
) -> AuditEvent:
    """Append one event for `action` on `obj` by `actor` to the chain, in this transaction."""
    _lock_chain()
    last = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    organisation = org if org is not None else getattr(actor, "organisation", None)
    event = AuditEvent(
        seq=seq,
        occurred_at=now_utc(),
        actor_user=getattr(actor, "uuid", None),
        actor_org=getattr(organisation, "uuid", None),
        actor_role=role,
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else None),
        object_uuid=object_uuid or getattr(obj, "uuid", None),
        case_code=case_code,
        outcome=outcome,
        purpose=purpose,
        reason_code=reason_code,
        fields=sorted(fields),
        categories=sorted(categories),
        prev_hash=prev_hash,
        **_context(),
    )
    event.hash = chain_hash(prev_hash, event.chained_fields())
    db.session.add(event)
    db.session.flush()
    if _has_g():
        g.audit_written = getattr(g, "audit_written", 0) + 1
    return event


# --- reading the log (data-protection officers) ---------------------------------------------


@operation
def read_log(actor: Any, filters: dict[str, Any]) -> tuple[list[AuditEvent], int | None]:
    """A page of the events the auditor may see; reading the log is itself recorded."""
    from referral.audit import queries

    events, next_before = queries.page(actor, filters)
    used = sorted(name for name, value in filters.items() if value and name != "limit")
    record(actor, "audit.read", object_type="audit_events", fields=used)
    return events, next_before


@operation
def check_chain(actor: Any) -> VerifyResult:
    """Recompute the whole chain now; the check and its result are recorded."""
    result = verify_chain()
    record(
        actor,
        "audit.verified",
        object_type="audit_events",
        outcome=ALLOWED if result.ok else FAILED,
        reason_code=None if result.ok else f"broken_at_{result.broken_at}",
    )
    return result
