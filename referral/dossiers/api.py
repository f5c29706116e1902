"""JSON API for dossiers."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate
from werkzeug.exceptions import NotFound

from referral.core.http import attachment
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import BaseSchema
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

blp = Blueprint("dossiers_api", __name__, url_prefix="/api/v1", description="dossiers")


class DossierRequestSchema(BaseSchema):
    language = fields.String(load_default=None, validate=validate.Length(max=12))


class DossierSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)
    status = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    categories = fields.List(fields.String(), dump_only=True)
    generated_at = fields.DateTime(dump_only=True)
    sha256 = fields.String(dump_only=True)
    size_bytes = fields.Integer(dump_only=True)
    revoked_at = fields.DateTime(dump_only=True)


@blp.route("/referrals/<uuid:referral_id>/dossiers")
class ReferralDossiers(MethodView):
    """Dossiers of a referral."""

    @policy(can_request_dossier, scope="referrals:write")
    @idempotent
    @blp.arguments(DossierRequestSchema)
    @blp.response(202, DossierSchema)
    def post(self, data: dict[str, Any], referral_id: uuid.UUID) -> Dossier:
        """Queue a dossier in the recipient's language (an unchanged one is reused)."""
        referral = load_visible(Referral, referral_id, referrals_visible_to)
        actor = require(can_request_dossier, referral)
        return operations.request_dossier(actor, referral, data.get("language"))


@blp.route("/dossiers/<uuid:dossier_id>")
class DossierById(MethodView):
    """One dossier's state."""

    @policy(can_download_dossier, scope="referrals:read")
    @blp.response(200, DossierSchema)
    def get(self, dossier_id: uuid.UUID) -> Dossier:
        """Status: queued, rendering, ready, failed or revoked."""
        dossier = load_visible(Dossier, dossier_id, dossiers_visible_to)
        require(can_download_dossier, dossier, hide=True)
        return dossier


@blp.route("/dossiers/<uuid:dossier_id>/file")
class DossierFile(MethodView):
    """The PDF."""

    @policy(can_download_dossier, scope="referrals:read")
    @blp.response(200, content_type="application/pdf")
    def get(self, dossier_id: uuid.UUID) -> Any:
        """Download a ready dossier; a revoked one is 404."""
        dossier = load_visible(Dossier, dossier_id, dossiers_visible_to)
        actor = require(can_download_dossier, dossier, hide=True)
        if dossier.status != DossierStatus.ready:
            raise NotFound()
        return attachment(operations.download(actor, dossier), "application/pdf", dossier.filename)
