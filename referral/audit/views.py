"""HTML pages: the audit log for data-protection officers, and a check of its hash chain."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.audit import operations, queries
from referral.audit.enums import AuditOutcome
from referral.audit.permissions import can_read_audit, oversees_platform
from referral.audit.schemas import AuditFilterSchema
from referral.core.forms import enum_options
from referral.core.policy import policy, require
from referral.core.schemas import load_form

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _page(chain: object = None) -> ResponseReturnValue:
    actor = require(can_read_audit)
    args = load_form(AuditFilterSchema(), request.args)
    filters = {} if args.errors else args.data
    events, next_before = operations.read_log(actor, filters)
    return render_template(
        "audit/index.html",
        events=events,
        names=queries.people(events),
        older_url=url_for("audit.index", **{**args.raw, "before": next_before})
        if next_before
        else None,
        filters={**args.raw, **filters},
        errors=args.errors,
        outcomes=enum_options(AuditOutcome),
        everything=oversees_platform(actor),
        chain=chain,
    ), (422 if args.errors else 200)


@bp.get("")
@policy(can_read_audit)
def index() -> ResponseReturnValue:
    """Who did what, when and how it ended, newest first; filters and older pages."""
    return _page()


@bp.post("/verify")
@policy(can_read_audit)
def verify() -> ResponseReturnValue:
    """Recompute the hash chain now and show the result above the log."""
    actor = require(can_read_audit)
    return _page(chain=operations.check_chain(actor))
