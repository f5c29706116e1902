"""Consent models."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.models import Case, CaseOwned
from referral.consent.enums import (
    ConsentMethod,
    ConsentStatus,
    DisclosureReason,
    GrantSource,
    WithdrawalChannel,
    WithdrawalScope,
)
from referral.core.crypto import CaseEncrypted
from referral.core.db import (
    INTERNAL,
    PublicIdMixin,
    StringList,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    label,
)
from referral.extensions import db
from referral.identity.models import Organisation, User

CONSENT = label("personal", "consent")


class Consent(CaseOwned, PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A versioned consent record; once given it never changes (a new version replaces it)."""

    __tablename__ = "consents"
    __table_args__ = (sa.UniqueConstraint("case_id", "version_number"),)

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    version_number: Mapped[int] = mapped_column(info=INTERNAL)
    status: Mapped[ConsentStatus] = mapped_column(
        enum_column(ConsentStatus), default=ConsentStatus.pending, info=INTERNAL
    )
    #: Language the information was given in (BCP 47 primary subtag).
    language: Mapped[str] = mapped_column(sa.String(3), info=CONSENT)
    #: Language of the written text used; an interpreter bridges when it differs from `language`.
    #: A shipped text's locale, which may name a script (zh_Hans).
    text_language: Mapped[str] = mapped_column(sa.String(12), info=CONSENT)
    text_key: Mapped[str] = mapped_column(sa.String(40), info=CONSENT)
    text_version: Mapped[str] = mapped_column(sa.String(16), info=CONSENT)
    text_sha256: Mapped[str] = mapped_column(sa.String(64), info=CONSENT)
    obtained_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    method: Mapped[ConsentMethod | None] = mapped_column(enum_column(ConsentMethod), info=CONSENT)
    #: Name of the interpreter, or None with `no_interpreter` set.
    interpreter_name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "consent")
    )
    no_interpreter: Mapped[bool] = mapped_column(default=False, info=CONSENT)
    cultural_mediator_name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "consent")
    )
    witness_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "consent")
    )
    guardian_present: Mapped[bool] = mapped_column(default=False, info=CONSENT)
    child_views_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("special", "consent")
    )
    #: con_ checklist: purpose, data_use, research_use, access_right, retention, withdrawal.
    checklist: Mapped[list[str]] = mapped_column(StringList, default=list, info=CONSENT)
    given_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=CONSENT)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, info=CONSENT)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, info=CONSENT)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=CONSENT)

    case: Mapped[Case] = relationship()
    obtained_by: Mapped[User] = relationship()
    scope_items: Mapped[list[ConsentScopeItem]] = relationship(
        back_populates="consent", order_by="ConsentScopeItem.id"
    )
    third_country_items: Mapped[list[ThirdCountryItem]] = relationship(back_populates="consent")
    withdrawals: Mapped[list[Withdrawal]] = relationship(
        back_populates="consent", order_by="Withdrawal.id"
    )

    interpreter_name = CaseEncrypted("interpreter_name_encrypted", "interpreter_name")
    cultural_mediator_name = CaseEncrypted(
        "cultural_mediator_name_encrypted", "cultural_mediator_name"
    )
    witness = CaseEncrypted("witness_encrypted", "witness")
    #: A child's own views, in their words.
    child_views = CaseEncrypted("child_views_encrypted", "child_views")

    def __repr__(self) -> str:
        return f"<Consent {self.uuid} v{self.version_number} {self.status}>"


class ConsentScopeItem(PublicIdMixin, db.Model):
    """Purposes x recipients x categories x validity."""

    __tablename__ = "consent_scope_items"

    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id"), index=True, info=INTERNAL)
    purposes: Mapped[list[str]] = mapped_column(StringList, default=list, info=CONSENT)
    recipient_country: Mapped[str] = mapped_column(sa.String(2), info=CONSENT)
    #: None means any organisation in that country (broad; the form says so).
    recipient_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    categories: Mapped[list[str]] = mapped_column(StringList, default=list, info=CONSENT)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, info=CONSENT)

    consent: Mapped[Consent] = relationship(back_populates="scope_items")
    recipient_org: Mapped[Organisation | None] = relationship()

    def __repr__(self) -> str:
        return f"<ConsentScopeItem {self.uuid} {self.recipient_country}>"


class ThirdCountryItem(PublicIdMixin, db.Model):
    """Separate, explicit agreement to a transfer outside the EU, after the risks were explained."""

    __tablename__ = "third_country_items"

    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id"), index=True, info=INTERNAL)
    country: Mapped[str] = mapped_column(sa.String(2), info=CONSENT)
    language: Mapped[str] = mapped_column(sa.String(3), info=CONSENT)
    risks_explained: Mapped[str] = mapped_column(sa.String(2000), info=CONSENT)
    risks_explained_at: Mapped[datetime] = mapped_column(UTCDateTime, info=CONSENT)
    explicit_agreement_at: Mapped[datetime] = mapped_column(UTCDateTime, info=CONSENT)

    consent: Mapped[Consent] = relationship(back_populates="third_country_items")

    def __repr__(self) -> str:
        return f"<ThirdCountryItem {self.uuid} {self.country}>"


class Withdrawal(CaseOwned, PublicIdMixin, db.Model):
    """A withdrawal: all, one organisation or one purpose. Needs nothing beyond the channel."""

    __tablename__ = "withdrawals"

    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id"), index=True, info=INTERNAL)
    scope: Mapped[WithdrawalScope] = mapped_column(enum_column(WithdrawalScope), info=CONSENT)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    purpose: Mapped[str | None] = mapped_column(sa.String(40), info=CONSENT)
    channel: Mapped[WithdrawalChannel] = mapped_column(enum_column(WithdrawalChannel), info=CONSENT)
    withdrawn_at: Mapped[datetime] = mapped_column(UTCDateTime, info=CONSENT)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    note_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "consent")
    )

    consent: Mapped[Consent] = relationship(back_populates="withdrawals")
    organisation: Mapped[Organisation | None] = relationship()

    note = CaseEncrypted("note_encrypted", "note")

    @property
    def case(self) -> Case:
        return self.consent.case

    def __repr__(self) -> str:
        return f"<Withdrawal {self.uuid} {self.scope}>"


class AccessGrant(PublicIdMixin, db.Model):
    """An organisation may currently see part of a case for one purpose."""

    __tablename__ = "access_grants"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True, info=INTERNAL
    )
    purpose: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    source_type: Mapped[GrantSource] = mapped_column(enum_column(GrantSource), info=INTERNAL)
    source_uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True, info=INTERNAL)
    categories: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    close_reason: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)

    case: Mapped[Case] = relationship()
    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<AccessGrant {self.uuid} open={self.closed_at is None}>"


class RiskDisclosure(CaseOwned, PublicIdMixin, db.Model):
    """Risk data sent without consent to protect life: reasoned, limited, expiring, audited."""

    __tablename__ = "risk_disclosures"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    recipient_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), info=INTERNAL)
    reason: Mapped[DisclosureReason] = mapped_column(enum_column(DisclosureReason), info=INTERNAL)
    written_reason_encrypted: Mapped[bytes] = mapped_column(
        sa.LargeBinary, info=label("special", "risk")
    )
    disclosed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    disclosed_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    victim_informed_on: Mapped[date | None] = mapped_column(info=INTERNAL)

    case: Mapped[Case] = relationship()
    recipient_org: Mapped[Organisation] = relationship()

    written_reason = CaseEncrypted("written_reason_encrypted", "written_reason")

    def __repr__(self) -> str:
        return f"<RiskDisclosure {self.uuid} {self.reason}>"
