"""JSON API for the audit log (data-protection officers): events and the chain's state."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from referral.audit import operations
from referral.audit.permissions import can_read_audit
from referral.audit.schemas import AuditFilterSchema, AuditPageSchema, ChainStatusSchema
from referral.core.policy import policy, require

blp = Blueprint("audit_api", __name__, url_prefix="/api/v1", description="audit log")


@blp.route("/audit-events")
class AuditEvents(MethodView):
    """The audit events you oversee."""

    @policy(can_read_audit, scope="audit:read")
    @blp.arguments(AuditFilterSchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first; pass `next_before` as `before` for older events. Never case values."""
        actor = require(can_read_audit)
        events, next_before = operations.read_log(actor, args)
        return {"items": events, "next_before": next_before}


@blp.route("/audit-chain")
class AuditChain(MethodView):
    """The hash chain over every event."""

    @policy(can_read_audit, scope="audit:read")
    @blp.response(200, ChainStatusSchema)
    def get(self) -> Any:
        """Recompute it from the first event now (the check is recorded)."""
        actor = require(can_read_audit)
        return operations.check_chain(actor)
