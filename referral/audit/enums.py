"""How a recorded action ended."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class AuditOutcome(TitledEnum):
    """Stored as plain text on each audit event."""

    allowed = "allowed", _l("Allowed")
    denied = "denied", _l("Denied")
    failed = "failed", _l("Failed")
