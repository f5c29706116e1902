"""Every model module, imported once so SQLAlchemy's metadata is complete."""

from referral.audit.models import AuditEvent
from referral.identity.models import (
    ApiToken,
    LoginSession,
    LoginThrottle,
    Organisation,
    RecoveryCode,
    User,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "LoginSession",
    "LoginThrottle",
    "Organisation",
    "RecoveryCode",
    "User",
]
