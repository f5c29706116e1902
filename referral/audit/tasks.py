"""Audit jobs."""

from __future__ import annotations

import logging

from referral.audit import operations as audit
from referral.audit.chain import verify_chain
from referral.core.operation import operation
from referral.jobs.registry import job

logger = logging.getLogger(__name__)


@job("audit.verify_chain")
@operation
def verify_chain_job() -> bool:
    """Daily: recompute the chain and record the outcome; a break is logged as an error."""
    result = verify_chain()
    if not result.ok:
        logger.error("audit chain broken at seq %s: %s", result.broken_at, result.problem)
    audit.record(
        None,
        "audit.chain_verified",
        object_type="audit_events",
        outcome=audit.ALLOWED if result.ok else audit.FAILED,
        reason_code=f"checked:{result.checked}" if result.ok else f"broken_at:{result.broken_at}",
    )
    return result.ok
