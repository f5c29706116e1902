"""Protection measures, their history and the European Protection Order profile."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.models import Case, CaseOwned, FamilyMember
from referral.core.crypto import CaseEncrypted
from referral.core.db import (
    INTERNAL,
    PublicIdMixin,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    label,
)
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.protection.enums import (
    Beneficiary,
    EventKind,
    MeasureStatus,
    MeasureType,
    Recognition,
    RefusalReason,
    SpecialMeasure,
)

_PROTECTION = label("personal", "protection")


def _enc(category: str = "protection", sensitivity: str = "safety") -> dict:
    return label(sensitivity, category)


class ProtectionMeasure(CaseOwned, PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """One measure protecting the person or a family member, in one country."""

    __tablename__ = "protection_measures"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    beneficiary: Mapped[Beneficiary] = mapped_column(enum_column(Beneficiary), info=_PROTECTION)
    family_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("family_members.id"), info=INTERNAL
    )
    #: Where the measure applies (for an EPO: the executing state).
    country: Mapped[str] = mapped_column(sa.String(2), info=_PROTECTION)
    #: Region or city only; never an address.
    coarse_area: Mapped[str | None] = mapped_column(sa.String(120), info=_PROTECTION)
    measure_type: Mapped[MeasureType] = mapped_column(enum_column(MeasureType), info=_PROTECTION)
    special_measure: Mapped[SpecialMeasure | None] = mapped_column(
        enum_column(SpecialMeasure), info=_PROTECTION
    )
    status: Mapped[MeasureStatus] = mapped_column(enum_column(MeasureStatus), info=_PROTECTION)
    issuing_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_PROTECTION)
    legal_act_ref_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("protection", "personal")
    )
    legal_act_on: Mapped[date | None] = mapped_column(info=_PROTECTION)
    prohibitions_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("protection", "personal")
    )
    penalty: Mapped[str | None] = mapped_column(sa.String(200), info=_PROTECTION)
    technical_device: Mapped[bool] = mapped_column(default=False, info=_PROTECTION)
    valid_from: Mapped[date | None] = mapped_column(info=_PROTECTION)
    valid_until: Mapped[date | None] = mapped_column(info=_PROTECTION)
    review_on: Mapped[date | None] = mapped_column(info=_PROTECTION)
    refusal_reason: Mapped[RefusalReason | None] = mapped_column(
        enum_column(RefusalReason), info=_PROTECTION
    )
    #: A precise address, only with a stated reason; shown only after an audited reveal.
    protected_address_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("location")
    )
    address_reason_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("location", "personal")
    )
    #: For a European Protection Order: the national measure it extends.
    national_measure_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protection_measures.id"), info=INTERNAL
    )
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)

    case: Mapped[Case] = relationship()
    family_member: Mapped[FamilyMember | None] = relationship()
    requested_by: Mapped[User] = relationship()
    national_measure: Mapped[ProtectionMeasure | None] = relationship(
        remote_side="ProtectionMeasure.id"
    )
    events: Mapped[list[MeasureEvent]] = relationship(
        back_populates="measure", order_by="MeasureEvent.at, MeasureEvent.id"
    )
    epo: Mapped[EpoProfile | None] = relationship(back_populates="measure", uselist=False)

    legal_act_ref = CaseEncrypted("legal_act_ref_encrypted", "legal_act_ref")
    prohibitions = CaseEncrypted("prohibitions_encrypted", "prohibitions")
    protected_address = CaseEncrypted("protected_address_encrypted", "protected_address")
    address_reason = CaseEncrypted("address_reason_encrypted", "address_reason")

    def __repr__(self) -> str:
        return f"<ProtectionMeasure {self.uuid} {self.measure_type} {self.status}>"


class MeasureEvent(CaseOwned, PublicIdMixin, db.Model):
    """One entry in a measure's history: who, when, what and why."""

    __tablename__ = "measure_events"

    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protection_measures.id"), index=True, info=INTERNAL
    )
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), info=_PROTECTION)
    at: Mapped[datetime] = mapped_column(UTCDateTime, info=_PROTECTION)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    actor_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    reason_code: Mapped[str | None] = mapped_column(sa.String(40), info=_PROTECTION)
    details_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("protection", "personal")
    )
    #: A breach of a European Protection Order is reported to the issuing state [EPO 12].
    reported_to_issuing_state_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, info=_PROTECTION
    )

    measure: Mapped[ProtectionMeasure] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    actor_org: Mapped[Organisation | None] = relationship()

    details = CaseEncrypted("details_encrypted", "details")

    @property
    def case(self) -> Case:
        return self.measure.case

    def __repr__(self) -> str:
        return f"<MeasureEvent {self.uuid} {self.kind}>"


class EpoProfile(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """What makes a measure a European Protection Order [EPO 7]."""

    __tablename__ = "epo_profiles"

    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protection_measures.id"), unique=True, info=INTERNAL
    )
    issuing_state: Mapped[str] = mapped_column(sa.String(2), info=_PROTECTION)
    executing_state: Mapped[str] = mapped_column(sa.String(2), info=_PROTECTION)
    #: The protected person asked for the order [EPO 6(2)].
    requested_by_protected_person_on: Mapped[date] = mapped_column(info=_PROTECTION)
    stay_from: Mapped[date | None] = mapped_column(info=_PROTECTION)
    approach_metres: Mapped[int | None] = mapped_column(info=_PROTECTION)
    transmitted_on: Mapped[date | None] = mapped_column(info=_PROTECTION)
    recognition: Mapped[Recognition] = mapped_column(enum_column(Recognition), info=_PROTECTION)
    recognition_decided_on: Mapped[date | None] = mapped_column(info=_PROTECTION)
    executing_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_PROTECTION)
    executing_measure_ref_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("protection", "personal")
    )

    measure: Mapped[ProtectionMeasure] = relationship(back_populates="epo")

    executing_measure_ref = CaseEncrypted(
        "executing_measure_ref_encrypted", "executing_measure_ref"
    )

    @property
    def case(self) -> Case:
        return self.measure.case

    def __repr__(self) -> str:
        return f"<EpoProfile {self.uuid} {self.issuing_state}->{self.executing_state}>"
