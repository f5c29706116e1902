"""HTML page: your notifications."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from referral.core.policy import policy, require
from referral.identity.permissions import is_signed_in
from referral.notifications import operations
from referral.notifications.kinds import kind_title

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@policy(is_signed_in)
def index() -> ResponseReturnValue:
    """What happened to the referrals and cases you work on."""
    actor = require(is_signed_in)
    return render_template(
        "notifications/index.html", notices=operations.recent(actor), kind_title=kind_title
    )


@bp.post("/read")
@policy(is_signed_in)
def read() -> ResponseReturnValue:
    """Mark everything read."""
    actor = require(is_signed_in)
    operations.mark_all_read(actor)
    return redirect(url_for("notifications.index"))
