"""Case models. Identity fields are encrypted with the case's own data key."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.enums import (
    AssessmentMethod,
    CaseStatus,
    DecisionOrgType,
    ErasureReason,
    Gender,
    GuardianKind,
    ReflectionEndReason,
    ReflectionStatus,
    RiskLevel,
    ScreeningOutcome,
    StaffGender,
    TraffickingStatus,
)
from referral.core.crypto import (
    CASE_KEY_ID,
    CaseEncrypted,
    DecryptionError,
    Key,
    unwrap_data_key,
)
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

_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_case_code() -> str:
    """A random, meaningless pseudonym like `7KQ4-M2XD-9` (about 51 bits)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(9))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8]}"


def _enc(category: str, sensitivity: str = "safety") -> dict:
    return label(sensitivity, category)


class Case(PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A victim's case, known to the outside only by its case code."""

    __tablename__ = "cases"
    # Every case-owned query leaves erased cases out (referral.cases.erasure): this keeps
    # that subquery to a few index entries.
    __table_args__ = (
        sa.Index(
            "ix_cases_erased",
            "id",
            postgresql_where=sa.text("erased_at IS NOT NULL"),
            sqlite_where=sa.text("erased_at IS NOT NULL"),
        ),
    )

    case_code: Mapped[str] = mapped_column(
        sa.String(16), unique=True, default=new_case_code, info=INTERNAL
    )
    owner_org_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True, info=INTERNAL
    )
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus), default=CaseStatus.active, info=INTERNAL
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    # demographics
    gender: Mapped[Gender] = mapped_column(
        enum_column(Gender), default=Gender.unknown, info=label("personal", "demographics")
    )
    citizenship: Mapped[list[str]] = mapped_column(
        StringList, default=list, info=label("personal", "demographics")
    )
    primary_language: Mapped[str | None] = mapped_column(
        sa.String(3), info=label("personal", "demographics")
    )
    secondary_language: Mapped[str | None] = mapped_column(
        sa.String(3), info=label("personal", "demographics")
    )
    #: Age in years as stated or estimated, when the date of birth is unknown.
    stated_age: Mapped[int | None] = mapped_column(info=label("personal", "demographics"))
    is_minor: Mapped[bool] = mapped_column(default=False, info=label("personal", "demographics"))
    #: A disputed age counts as a child until decided otherwise.
    age_disputed: Mapped[bool] = mapped_column(
        default=False, info=label("personal", "demographics")
    )
    interpreter_needed: Mapped[bool] = mapped_column(
        default=False, info=label("personal", "demographics")
    )
    cultural_mediator_needed: Mapped[bool] = mapped_column(
        default=False, info=label("personal", "demographics")
    )
    preferred_staff_gender: Mapped[StaffGender] = mapped_column(
        enum_column(StaffGender),
        default=StaffGender.no_preference,
        info=label("personal", "demographics"),
    )
    # victim status (residence category, with the reflection period)
    trafficking_status: Mapped[TraffickingStatus] = mapped_column(
        enum_column(TraffickingStatus),
        default=TraffickingStatus.unknown,
        info=label("special", "residence"),
    )
    status_decision_org: Mapped[DecisionOrgType | None] = mapped_column(
        enum_column(DecisionOrgType), info=label("special", "residence")
    )
    status_decided_on: Mapped[date | None] = mapped_column(info=label("special", "residence"))
    special_needs_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("health", "special")
    )
    # erasure (crypto-shredding): the case code stays, as the audit trail's only handle
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    erased_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    erasure_reason: Mapped[ErasureReason | None] = mapped_column(
        enum_column(ErasureReason), info=INTERNAL
    )

    owner_org: Mapped[Organisation] = relationship()
    key: Mapped[CaseKey] = relationship(back_populates="case", uselist=False)
    identity: Mapped[Identity | None] = relationship(back_populates="case", uselist=False)
    guardian: Mapped[Guardian | None] = relationship(back_populates="case", uselist=False)
    reflection: Mapped[ReflectionPeriod | None] = relationship(back_populates="case", uselist=False)
    members: Mapped[list[CaseMember]] = relationship(back_populates="case")
    family_members: Mapped[list[FamilyMember]] = relationship(
        back_populates="case", order_by="FamilyMember.id"
    )
    risk_assessments: Mapped[list[RiskAssessment]] = relationship(
        back_populates="case", order_by="RiskAssessment.version_number"
    )
    screenings: Mapped[list[IndicatorScreening]] = relationship(
        back_populates="case", order_by="IndicatorScreening.id"
    )

    special_needs = CaseEncrypted("special_needs_encrypted", "special_needs")

    @property
    def is_child(self) -> bool:
        """A minor, or anyone whose age is disputed."""
        return self.is_minor or self.age_disputed

    @property
    def current_risk(self) -> RiskAssessment | None:
        """The newest risk assessment."""
        return self.risk_assessments[-1] if self.risk_assessments else None

    def case_data_key(self) -> Key:
        """This case's unwrapped data key. :raise DecryptionError: after crypto-shredding."""
        if self.key is None or self.key.destroyed_at is not None or self.key.wrapped_key is None:
            raise DecryptionError("the case key is destroyed")
        cached = self.__dict__.get("_data_key")
        if cached is not None:
            return cached
        key = Key(CASE_KEY_ID, unwrap_data_key(self.key.wrapped_key, str(self.uuid)))
        self.__dict__["_data_key"] = key
        return key

    def __repr__(self) -> str:
        return f"<Case {self.uuid} {self.status}>"


class CaseKey(PublicIdMixin, db.Model):
    """A case's random data key, wrapped by the master key. Destroying it crypto-shreds the case."""

    __tablename__ = "case_keys"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True, info=INTERNAL)
    wrapped_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=INTERNAL)
    master_key_id: Mapped[str] = mapped_column(sa.String(16), info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    case: Mapped[Case] = relationship(back_populates="key")

    def __repr__(self) -> str:
        return f"<CaseKey {self.uuid} destroyed={self.destroyed_at is not None}>"


class CaseMember(PublicIdMixin, db.Model):
    """A member of the case team in the owner organisation."""

    __tablename__ = "case_members"
    __table_args__ = (sa.UniqueConstraint("case_id", "user_id"),)

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True, info=INTERNAL)
    is_lead: Mapped[bool] = mapped_column(default=False, info=INTERNAL)

    case: Mapped[Case] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CaseMember {self.uuid}>"


class CaseOwned:
    """Rows whose encrypted fields use the case's data key (via their `case` relationship)."""

    def case_data_key(self) -> Key:
        return self.case.case_data_key()  # type: ignore[attr-defined]


class Identity(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """Who the person is and where they are: every field encrypted, shown only when revealed."""

    __tablename__ = "identities"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True, info=INTERNAL)
    first_name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("identity")
    )
    middle_name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("identity")
    )
    second_name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("identity")
    )
    aliases_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("identity"))
    birthdate_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("identity"))
    identity_number_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("identity")
    )
    documents_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("identity"))
    mobile_phone_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("contact")
    )
    email_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("contact"))
    address_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("location"))

    case: Mapped[Case] = relationship(back_populates="identity")

    first_name = CaseEncrypted("first_name_encrypted", "first_name")  # prs_FirstName
    middle_name = CaseEncrypted("middle_name_encrypted", "middle_name")  # prs_MiddleName
    second_name = CaseEncrypted("second_name_encrypted", "second_name")  # prs_SecondName
    aliases = CaseEncrypted("aliases_encrypted", "aliases", "json")
    birthdate = CaseEncrypted("birthdate_encrypted", "birthdate", "date")  # prs_Birthdate
    identity_number = CaseEncrypted(
        "identity_number_encrypted", "identity_number"
    )  # prs_IdentityNumber
    documents = CaseEncrypted("documents_encrypted", "documents", "json")
    mobile_phone = CaseEncrypted("mobile_phone_encrypted", "mobile_phone")  # prs_MobilePhone
    email = CaseEncrypted("email_encrypted", "email")  # prs_Email
    #: {"street", "city", "region", "country"}
    address = CaseEncrypted("address_encrypted", "address", "json")

    def __repr__(self) -> str:
        return f"<Identity {self.uuid}>"


class Guardian(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """The guardian or representative of a child."""

    __tablename__ = "guardians"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True, info=INTERNAL)
    kind: Mapped[GuardianKind] = mapped_column(
        enum_column(GuardianKind), info=label("personal", "demographics")
    )
    organisation_name: Mapped[str | None] = mapped_column(
        sa.String(200), info=label("personal", "demographics")
    )
    appointed_on: Mapped[date | None] = mapped_column(info=label("personal", "demographics"))
    name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("contact", "personal")
    )
    contact_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("contact", "personal")
    )

    case: Mapped[Case] = relationship(back_populates="guardian")

    name = CaseEncrypted("name_encrypted", "name")
    contact = CaseEncrypted("contact_encrypted", "contact")

    def __repr__(self) -> str:
        return f"<Guardian {self.uuid} {self.kind}>"


class FamilyMember(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """A relative, often at risk of retaliation back home. Location is coarse unless revealed."""

    __tablename__ = "family_members"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    relationship_to_victim: Mapped[str] = mapped_column(
        sa.String(40), info=label("personal", "family")
    )
    is_child_of_victim: Mapped[bool] = mapped_column(
        default=False, info=label("personal", "family")
    )
    country: Mapped[str | None] = mapped_column(sa.String(2), info=label("personal", "family"))
    #: ThreatensChildrenFamily.
    is_threatened: Mapped[bool] = mapped_column(default=False, info=label("personal", "family"))
    name_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("family"))
    coarse_location_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("family")
    )
    precise_location_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("location")
    )
    contact_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_enc("family"))

    case: Mapped[Case] = relationship(back_populates="family_members")

    name = CaseEncrypted("name_encrypted", "name")
    #: Region or city only.
    coarse_location = CaseEncrypted("coarse_location_encrypted", "coarse_location")
    precise_location = CaseEncrypted("precise_location_encrypted", "precise_location")
    contact = CaseEncrypted("contact_encrypted", "contact")

    def __repr__(self) -> str:
        return f"<FamilyMember {self.uuid} threatened={self.is_threatened}>"


class RiskAssessment(CaseOwned, PublicIdMixin, db.Model):
    """One version of the risk assessment; versions are never changed, only added."""

    __tablename__ = "risk_assessments"
    __table_args__ = (sa.UniqueConstraint("case_id", "version_number"),)

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    version_number: Mapped[int] = mapped_column(info=INTERNAL)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, info=label("special", "risk"))
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    method: Mapped[AssessmentMethod] = mapped_column(
        enum_column(AssessmentMethod), info=label("special", "risk")
    )
    level_victim: Mapped[RiskLevel] = mapped_column(
        enum_column(RiskLevel, "risklevel_victim"), info=label("special", "risk")
    )
    level_family: Mapped[RiskLevel] = mapped_column(
        enum_column(RiskLevel, "risklevel_family"), info=label("special", "risk")
    )
    level_staff: Mapped[RiskLevel] = mapped_column(
        enum_column(RiskLevel, "risklevel_staff"), info=label("special", "risk")
    )
    threat_of_violence_or_retrafficking: Mapped[bool] = mapped_column(
        default=False, info=label("special", "risk")
    )
    urgent_medical_need: Mapped[bool] = mapped_column(default=False, info=label("special", "risk"))
    next_review_on: Mapped[date] = mapped_column(info=label("special", "risk"))
    victim_views_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("risk", "special")
    )
    safety_plan_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("risk", "special")
    )

    case: Mapped[Case] = relationship(back_populates="risk_assessments")
    assessor: Mapped[User] = relationship()

    #: The person's own view of the risks, in their words.
    victim_views = CaseEncrypted("victim_views_encrypted", "victim_views")
    safety_plan = CaseEncrypted("safety_plan_encrypted", "safety_plan")

    def __repr__(self) -> str:
        return f"<RiskAssessment {self.uuid} v{self.version_number}>"


class ReflectionPeriod(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """Recovery and reflection period (at least 30 days); no guard ever reads its end reason."""

    __tablename__ = "reflection_periods"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True, info=INTERNAL)
    country: Mapped[str] = mapped_column(sa.String(2), info=label("personal", "residence"))
    starts_on: Mapped[date] = mapped_column(info=label("personal", "residence"))
    planned_end_on: Mapped[date] = mapped_column(info=label("personal", "residence"))
    informed_on: Mapped[date | None] = mapped_column(info=label("personal", "residence"))
    informed_lang: Mapped[str | None] = mapped_column(
        sa.String(3), info=label("personal", "residence")
    )
    status: Mapped[ReflectionStatus] = mapped_column(
        enum_column(ReflectionStatus),
        default=ReflectionStatus.running,
        info=label("personal", "residence"),
    )
    ended_on: Mapped[date | None] = mapped_column(info=label("personal", "residence"))
    end_reason: Mapped[ReflectionEndReason | None] = mapped_column(
        enum_column(ReflectionEndReason), info=label("personal", "residence")
    )

    case: Mapped[Case] = relationship(back_populates="reflection")

    def __repr__(self) -> str:
        return f"<ReflectionPeriod {self.uuid} {self.status}>"


class IndicatorScreening(CaseOwned, PublicIdMixin, db.Model):
    """An optional indicator screening; it can suggest a referral, never decide status."""

    __tablename__ = "indicator_screenings"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    catalogue: Mapped[str] = mapped_column(sa.String(40), info=label("special", "exploitation"))
    assessed_at: Mapped[datetime] = mapped_column(
        UTCDateTime, info=label("special", "exploitation")
    )
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    outcome: Mapped[ScreeningOutcome] = mapped_column(
        enum_column(ScreeningOutcome), info=label("special", "exploitation")
    )
    methods_of_control_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("exploitation", "special")
    )
    exploitation_types_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=_enc("exploitation", "special")
    )

    case: Mapped[Case] = relationship(back_populates="screenings")

    methods_of_control = CaseEncrypted("methods_of_control_encrypted", "methods_of_control", "json")
    exploitation_types = CaseEncrypted("exploitation_types_encrypted", "exploitation_types", "json")

    def __repr__(self) -> str:
        return f"<IndicatorScreening {self.uuid} {self.outcome}>"
