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
from referral.compensation.models import (
    ClaimDeadline,
    ClaimDocument,
    ClaimEvent,
    CompensationClaim,
    CompensationScheme,
    LedgerEntry,
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
from referral.directory.models import Service, Venue
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
from referral.protection.models import EpoProfile, MeasureEvent, ProtectionMeasure
from referral.referrals.models import Referral, ReferralMessage, ReferralTransition
from referral.testimony.models import HearingSession, Participant, Proceeding, Testimony
from referral.text_translations.models import TextTranslation, TranslationTask

__all__ = [
    "AccessGrant",
    "ApiToken",
    "AuditEvent",
    "Case",
    "CaseKey",
    "CaseMember",
    "ClaimDeadline",
    "ClaimDocument",
    "ClaimEvent",
    "CompensationClaim",
    "CompensationScheme",
    "Consent",
    "ConsentScopeItem",
    "DeadlineNotice",
    "Dossier",
    "DossierBlob",
    "EpoProfile",
    "FamilyMember",
    "Guardian",
    "HearingSession",
    "IdempotencyRecord",
    "Identity",
    "IndicatorScreening",
    "LedgerEntry",
    "LoginSession",
    "LoginThrottle",
    "MeasureEvent",
    "Notification",
    "Organisation",
    "Participant",
    "Proceeding",
    "ProtectionMeasure",
    "RecoveryCode",
    "Referral",
    "ReferralMessage",
    "ReferralTransition",
    "ReflectionPeriod",
    "RiskAssessment",
    "RiskDisclosure",
    "Service",
    "Testimony",
    "TextTranslation",
    "ThirdCountryItem",
    "TranslationTask",
    "User",
    "Venue",
    "Withdrawal",
]
