"""Compensation schemes per country, claims, their ledger, deadlines, history and documents."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.models import Case, CaseOwned
from referral.compensation.enums import (
    ClaimOutcome,
    ClaimRoute,
    ClaimStatus,
    DeadlineKind,
    DocumentKind,
    EntryKind,
    Head,
    HearingMode,
    LimitationTrigger,
    OffenceCategory,
    SchemeKind,
    Subtype,
)
from referral.core.crypto import CaseEncrypted
from referral.core.db import (
    INTERNAL,
    PUBLIC,
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
from referral.testimony.models import Proceeding

_CLAIM = label("personal", "compensation")
_SECRET = label("special", "compensation")


class CompensationScheme(PublicIdMixin, TimestampMixin, db.Model):
    """A country's rules for state compensation or a state advance; reference data, not law."""

    __tablename__ = "compensation_schemes"

    country: Mapped[str] = mapped_column(sa.String(2), index=True, info=PUBLIC)
    kind: Mapped[SchemeKind] = mapped_column(enum_column(SchemeKind), info=PUBLIC)
    name: Mapped[str] = mapped_column(sa.String(200), info=PUBLIC)
    deciding_authority: Mapped[str] = mapped_column(sa.String(200), info=PUBLIC)
    #: Languages the deciding authority accepts applications in (BCP 47 codes).
    accepted_languages: Mapped[list[str]] = mapped_column(StringList, default=list, info=PUBLIC)
    eligibility_notes: Mapped[str | None] = mapped_column(sa.Text, info=PUBLIC)
    #: Months after the judgment became final before the state advances the unpaid part.
    advance_after_months: Mapped[int | None] = mapped_column(info=PUBLIC)
    #: The most the state advances, in minor units of `currency`; None is uncapped.
    cap_minor: Mapped[int | None] = mapped_column(sa.BigInteger, info=PUBLIC)
    currency: Mapped[str] = mapped_column(sa.String(3), info=PUBLIC)
    #: Offence categories the cap does not apply to.
    cap_exempt_offences: Mapped[list[str]] = mapped_column(StringList, default=list, info=PUBLIC)
    limitation_months: Mapped[int | None] = mapped_column(info=PUBLIC)
    limitation_trigger: Mapped[LimitationTrigger | None] = mapped_column(
        enum_column(LimitationTrigger), info=PUBLIC
    )
    valid_from: Mapped[date | None] = mapped_column(info=PUBLIC)
    valid_until: Mapped[date | None] = mapped_column(info=PUBLIC)

    def __repr__(self) -> str:
        return f"<CompensationScheme {self.country} {self.kind}>"


class CompensationClaim(CaseOwned, PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """One claim for compensation, by one route, tracked by its lawyer."""

    __tablename__ = "compensation_claims"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    route: Mapped[ClaimRoute] = mapped_column(enum_column(ClaimRoute), info=_CLAIM)
    status: Mapped[ClaimStatus] = mapped_column(enum_column(ClaimStatus), info=_CLAIM)
    offence_category: Mapped[OffenceCategory] = mapped_column(
        enum_column(OffenceCategory), info=_CLAIM
    )
    #: Country of the crime (deciding authority's country for a cross-border claim).
    crime_country: Mapped[str] = mapped_column(sa.String(2), info=_CLAIM)
    #: Where the person lives now.
    residence_country: Mapped[str | None] = mapped_column(sa.String(2), info=_CLAIM)
    assisting_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_CLAIM)
    deciding_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_CLAIM)
    #: The court or authority before which the claim is brought (other routes).
    forum: Mapped[str | None] = mapped_column(sa.String(200), info=_CLAIM)
    proceeding_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proceedings.id"), info=INTERNAL
    )
    scheme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("compensation_schemes.id"), info=INTERNAL
    )
    lawyer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info=INTERNAL
    )
    #: The person represents themselves (no lawyer needed to file).
    self_represented: Mapped[bool] = mapped_column(default=False, info=_CLAIM)
    legal_aid: Mapped[bool] = mapped_column(default=False, info=_CLAIM)
    currency: Mapped[str] = mapped_column(sa.String(3), info=_CLAIM)
    outcome: Mapped[ClaimOutcome | None] = mapped_column(enum_column(ClaimOutcome), info=_CLAIM)
    hearing_mode: Mapped[HearingMode | None] = mapped_column(enum_column(HearingMode), info=_CLAIM)
    #: The day the trigger of the scheme's limitation period happened.
    limitation_starts_on: Mapped[date | None] = mapped_column(info=_CLAIM)
    limitation_on: Mapped[date | None] = mapped_column(info=_CLAIM)
    judgment_final_on: Mapped[date | None] = mapped_column(info=_CLAIM)
    advance_eligible_on: Mapped[date | None] = mapped_column(info=_CLAIM)
    references_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)

    case: Mapped[Case] = relationship()
    proceeding: Mapped[Proceeding | None] = relationship()
    scheme: Mapped[CompensationScheme | None] = relationship()
    lawyer: Mapped[User | None] = relationship(foreign_keys=[lawyer_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    entries: Mapped[list[LedgerEntry]] = relationship(
        back_populates="claim", order_by="LedgerEntry.occurred_on, LedgerEntry.id"
    )
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim", order_by="ClaimEvent.at, ClaimEvent.id"
    )
    deadlines: Mapped[list[ClaimDeadline]] = relationship(
        back_populates="claim", order_by="ClaimDeadline.due_on, ClaimDeadline.id"
    )
    documents: Mapped[list[ClaimDocument]] = relationship(
        back_populates="claim", order_by="ClaimDocument.uploaded_at, ClaimDocument.id"
    )

    references = CaseEncrypted("references_encrypted", "references")

    def __repr__(self) -> str:
        return f"<CompensationClaim {self.uuid} {self.route} {self.status}>"


class LedgerEntry(CaseOwned, PublicIdMixin, db.Model):
    """One money movement on a claim. Append-only: a mistake is undone by a reversing entry."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.CheckConstraint("amount_minor > 0", name="positive"),
        sa.UniqueConstraint("reverses_id", name="uq_ledger_entries_reverses_id"),
    )

    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("compensation_claims.id"), index=True, info=INTERNAL
    )
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind), info=_CLAIM)
    head: Mapped[Head | None] = mapped_column(enum_column(Head), info=_CLAIM)
    subtype: Mapped[Subtype | None] = mapped_column(enum_column(Subtype), info=_CLAIM)
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger, info=_CLAIM)
    currency: Mapped[str] = mapped_column(sa.String(3), info=_CLAIM)
    occurred_on: Mapped[date] = mapped_column(info=_CLAIM)
    reference_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    note_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    #: The entry this one cancels (a correction); each entry is reversed at most once.
    reverses_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ledger_entries.id"), info=INTERNAL
    )
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    claim: Mapped[CompensationClaim] = relationship(back_populates="entries")
    reverses: Mapped[LedgerEntry | None] = relationship(remote_side="LedgerEntry.id")
    recorded_by: Mapped[User | None] = relationship()

    reference = CaseEncrypted("reference_encrypted", "reference")
    note = CaseEncrypted("note_encrypted", "note")

    @property
    def case(self) -> Case:
        return self.claim.case

    @property
    def signed_minor(self) -> int:
        """The entry's effect on its kind's total: a reversal subtracts."""
        return -self.amount_minor if self.reverses_id is not None else self.amount_minor

    def __repr__(self) -> str:
        return f"<LedgerEntry {self.uuid} {self.kind} {self.amount_minor} {self.currency}>"


class ClaimEvent(CaseOwned, PublicIdMixin, db.Model):
    """One step in a claim's history: who, when, from which state to which, and why."""

    __tablename__ = "claim_events"

    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("compensation_claims.id"), index=True, info=INTERNAL
    )
    action: Mapped[str] = mapped_column(sa.String(40), info=_CLAIM)
    from_status: Mapped[str | None] = mapped_column(sa.String(40), info=_CLAIM)
    to_status: Mapped[str | None] = mapped_column(sa.String(40), info=_CLAIM)
    at: Mapped[datetime] = mapped_column(UTCDateTime, info=_CLAIM)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    actor_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    reason_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)

    claim: Mapped[CompensationClaim] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    actor_org: Mapped[Organisation | None] = relationship()

    reason = CaseEncrypted("reason_encrypted", "reason")

    @property
    def case(self) -> Case:
        return self.claim.case

    def __repr__(self) -> str:
        return f"<ClaimEvent {self.action} {self.from_status}->{self.to_status}>"


class ClaimDeadline(CaseOwned, PublicIdMixin, db.Model):
    """A date on a claim: limitation, appeal window, response due…"""

    __tablename__ = "claim_deadlines"

    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("compensation_claims.id"), index=True, info=INTERNAL
    )
    kind: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind), info=_CLAIM)
    due_on: Mapped[date] = mapped_column(info=_CLAIM)
    note_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    met_on: Mapped[date | None] = mapped_column(info=_CLAIM)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)

    claim: Mapped[CompensationClaim] = relationship(back_populates="deadlines")

    note = CaseEncrypted("note_encrypted", "note")

    @property
    def case(self) -> Case:
        return self.claim.case

    def __repr__(self) -> str:
        return f"<ClaimDeadline {self.kind} {self.due_on}>"


class ClaimDocument(CaseOwned, PublicIdMixin, db.Model):
    """An uploaded file, encrypted with the case key; only ever served as an attachment."""

    __tablename__ = "claim_documents"

    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("compensation_claims.id"), index=True, info=INTERNAL
    )
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), info=_CLAIM)
    language: Mapped[str | None] = mapped_column(sa.String(12), info=_CLAIM)
    #: For a translation: the document it translates.
    translation_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("claim_documents.id"), info=INTERNAL
    )
    media_type: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    size: Mapped[int] = mapped_column(info=INTERNAL)
    sha256: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    filename_encrypted: Mapped[bytes] = mapped_column(sa.LargeBinary, info=_SECRET)
    data_encrypted: Mapped[bytes] = mapped_column(sa.LargeBinary, info=_SECRET)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    claim: Mapped[CompensationClaim] = relationship(back_populates="documents")
    translation_of: Mapped[ClaimDocument | None] = relationship(remote_side="ClaimDocument.id")
    uploaded_by: Mapped[User | None] = relationship()

    filename = CaseEncrypted("filename_encrypted", "filename")
    data = CaseEncrypted("data_encrypted", "data", "bytes")

    @property
    def case(self) -> Case:
        return self.claim.case

    def __repr__(self) -> str:
        return f"<ClaimDocument {self.uuid} {self.kind} {self.media_type}>"
