"""Every model module, imported once so SQLAlchemy's metadata is complete."""

from referral.audit.models import AuditEvent
from referral.cases.models import (
    Case,
    CaseKey,
    CaseMember,
    FamilyMember,
    Guardian,
    Identity,
    IndicatorScreening,
    ReflectionPeriod,
    RiskAssessment,
)
from referral.consent.models import (
    AccessGrant,
    Consent,
    ConsentScopeItem,
    RiskDisclosure,
    ThirdCountryItem,
    Withdrawal,
)
from referral.core.idempotency import IdempotencyRecord
from referral.directory.models import Service
from referral.dossiers.models import Dossier, DossierBlob
from referral.identity.models import (
    ApiToken,
    LoginSession,
    LoginThrottle,
    Organisation,
    RecoveryCode,
    User,
)
from referral.notifications.models import DeadlineNotice, Notification
from referral.referrals.models import Referral, ReferralMessage, ReferralTransition
from referral.text_translations.models import TextTranslation, TranslationTask

__all__ = [
    "AccessGrant",
    "ApiToken",
    "AuditEvent",
    "Case",
    "CaseKey",
    "CaseMember",
    "Consent",
    "ConsentScopeItem",
    "DeadlineNotice",
    "Dossier",
    "DossierBlob",
    "FamilyMember",
    "Guardian",
    "IdempotencyRecord",
    "Identity",
    "IndicatorScreening",
    "LoginSession",
    "LoginThrottle",
    "Notification",
    "Organisation",
    "RecoveryCode",
    "Referral",
    "ReferralMessage",
    "ReferralTransition",
    "ReflectionPeriod",
    "RiskAssessment",
    "RiskDisclosure",
    "Service",
    "TextTranslation",
    "ThirdCountryItem",
    "TranslationTask",
    "User",
    "Withdrawal",
]
