"""HTML pages: ask for a dossier, follow its progress, download it."""

from __future__ import annotations

import uuid

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from referral.core.errors import IllegalTransition
from referral.core.http import attachment
from referral.core.policy import load_visible, policy, require
from referral.dossiers import operations
from referral.dossiers.enums import DossierStatus
from referral.dossiers.models import Dossier
from referral.dossiers.permissions import (
    can_download_dossier,
    can_request_dossier,
    dossiers_visible_to,
)
from referral.referrals.models import Referral
from referral.referrals.permissions import referrals_visible_to

bp = Blueprint("dossiers", __name__)


@bp.app_context_processor
def dossier_helpers() -> dict[str, object]:
    """Lets the referral page list dossiers without the referrals package knowing about them."""
    return {
        "dossiers_of": operations.dossiers_of,
        "default_dossier_language": operations.default_language,
    }


@bp.post("/referrals/<uuid:referral_id>/dossiers")
@policy(can_request_dossier)
def request_dossier(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Prepare a PDF dossier in the recipient's language (or reuse an unchanged one)."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_request_dossier, referral)
    try:
        dossier = operations.request_dossier(actor, referral, request.form.get("language") or None)
    except IllegalTransition as problem:
        return render_template("dossiers/detail.html", dossier=None, error=problem.description), 409
    return redirect(url_for("dossiers.detail", dossier_id=dossier.uuid))


@bp.get("/dossiers/<uuid:dossier_id>")
@policy(can_download_dossier)
def detail(dossier_id: uuid.UUID) -> ResponseReturnValue:
    """Progress: waiting, being prepared, ready (the page refreshes itself until then)."""
    dossier: Dossier = load_visible(Dossier, dossier_id, dossiers_visible_to)
    require(can_download_dossier, dossier, hide=True)
    pending = dossier.status in (DossierStatus.queued, DossierStatus.rendering)
    return render_template("dossiers/detail.html", dossier=dossier, pending=pending, error=None)


@bp.get("/dossiers/<uuid:dossier_id>/file")
@policy(can_download_dossier)
def download(dossier_id: uuid.UUID) -> ResponseReturnValue:
    """The PDF, as an attachment named only by the dossier id."""
    dossier: Dossier = load_visible(Dossier, dossier_id, dossiers_visible_to)
    actor = require(can_download_dossier, dossier, hide=True)
    if dossier.status != DossierStatus.ready:
        raise NotFound()
    try:
        data = operations.download(actor, dossier)
    except IllegalTransition:
        raise NotFound() from None
    return attachment(data, "application/pdf", dossier.filename)
