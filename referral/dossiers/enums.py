"""Dossier enumerations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class DossierStatus(TitledEnum):
    """queued, rendering, then ready or failed; a ready dossier can be revoked."""

    queued = "queued", _l("Waiting")
    rendering = "rendering", _l("Being prepared")
    ready = "ready", _l("Ready")
    failed = "failed", _l("Failed")
    revoked = "revoked", _l("Revoked")


class DossierKind(TitledEnum):
    """What the document is."""

    referral = "referral", _l("Referral dossier")
    consent_sheet = "consent_sheet", _l("Consent information sheet")
