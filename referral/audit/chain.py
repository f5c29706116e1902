"""Hashing and verification of the audit chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from referral.audit.models import GENESIS_HASH, AuditEvent
from referral.extensions import db


def canonical_json(data: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8; floats are refused."""

    def refuse_float(value: float) -> None:
        raise TypeError("floats are not allowed in audit events")

    return json.dumps(
        data,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=refuse_float,
    ).encode()


def chain_hash(prev_hash: str, data: dict[str, Any]) -> str:
    """SHA-256 over the previous hash followed by the canonical JSON of the event."""
    for value in data.values():
        if isinstance(value, float):
            raise TypeError("floats are not allowed in audit events")
    return hashlib.sha256(prev_hash.encode() + canonical_json(data)).hexdigest()


@dataclass
class VerifyResult:
    """Outcome of checking the chain; `broken_at` is the first bad sequence number."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_at: int | None = None
    problem: str | None = None


def verify_events(events: Iterable[AuditEvent], expect_head: str | None = None) -> VerifyResult:
    """Recompute the chain over events ordered by seq; optionally compare a recorded head."""
    head_seq, head_hash = 0, ""
    if expect_head:
        seq_text, _, head_hash = expect_head.partition(":")
        head_seq = int(seq_text)
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in events:
        problem = None
        if event.seq != expected_seq:
            problem = f"sequence gap: expected {expected_seq}, found {event.seq}"
        elif event.prev_hash != prev_hash:
            problem = "prev_hash does not match the previous event"
        elif chain_hash(prev_hash, event.chained_fields()) != event.hash:
            problem = "hash does not match the event's contents"
        elif event.seq == head_seq and event.hash != head_hash:
            problem = "hash differs from the recorded head"
        if problem:
            return VerifyResult(False, checked, expected_seq - 1, prev_hash, expected_seq, problem)
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    last = expected_seq - 1
    if head_seq > last:
        return VerifyResult(
            False,
            checked,
            last,
            prev_hash,
            last + 1,
            f"chain ends at {last} but the recorded head is {head_seq}: events were removed",
        )
    return VerifyResult(True, checked, last, prev_hash)


def verify_chain(expect_head: str | None = None, batch: int = 1000) -> VerifyResult:
    """Verify the whole chain in the database, streaming in batches."""
    query = sa.select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    events = db.session.scalars(query)
    try:
        return verify_events(events, expect_head)
    finally:
        events.close()  # a server-side cursor stays open if verification stops early


def verify_head_hash(seq: int) -> str | None:
    """The stored hash at `seq`, for recording a head off-site."""
    return db.session.scalar(sa.select(AuditEvent.hash).where(AuditEvent.seq == seq))
