"""Proceedings, hearing requests (testimonies), their sessions and the people taking part."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.models import Case, CaseOwned
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
from referral.directory.models import Venue
from referral.extensions import db
from referral.identity.models import User
from referral.testimony.enums import (
    LegalBasis,
    Modality,
    ParticipantRole,
    ProceedingKind,
    ProceedingStage,
    SessionStatus,
    TestimonyStatus,
    VictimRole,
)

_LEGAL = label("personal", "legal")
_SECRET = label("safety", "legal")


class Proceeding(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """A criminal, civil or labour case in which the person takes part."""

    __tablename__ = "proceedings"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    country: Mapped[str] = mapped_column(sa.String(2), info=_LEGAL)
    authority: Mapped[str] = mapped_column(sa.String(200), info=_LEGAL)
    case_reference_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    kind: Mapped[ProceedingKind] = mapped_column(enum_column(ProceedingKind), info=_LEGAL)
    victim_role: Mapped[VictimRole] = mapped_column(enum_column(VictimRole), info=_LEGAL)
    stage: Mapped[ProceedingStage] = mapped_column(enum_column(ProceedingStage), info=_LEGAL)
    legal_representative: Mapped[str | None] = mapped_column(sa.String(200), info=_LEGAL)

    case: Mapped[Case] = relationship()

    case_reference = CaseEncrypted("case_reference_encrypted", "case_reference")

    def __repr__(self) -> str:
        return f"<Proceeding {self.uuid} {self.kind} {self.country}>"


class Testimony(CaseOwned, PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A request to hear the person from another country, by video or telephone."""

    __tablename__ = "testimonies"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    proceeding_id: Mapped[int] = mapped_column(sa.ForeignKey("proceedings.id"), info=INTERNAL)
    status: Mapped[TestimonyStatus] = mapped_column(enum_column(TestimonyStatus), info=_LEGAL)
    #: Where the person lives now and is heard from.
    victim_country: Mapped[str] = mapped_column(sa.String(2), info=_LEGAL)
    legal_basis: Mapped[LegalBasis | None] = mapped_column(enum_column(LegalBasis), info=_LEGAL)
    issuing_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_LEGAL)
    executing_authority: Mapped[str | None] = mapped_column(sa.String(200), info=_LEGAL)
    references_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    modality: Mapped[Modality | None] = mapped_column(enum_column(Modality), info=_LEGAL)
    special_measures: Mapped[list[str]] = mapped_column(StringList, default=list, info=_LEGAL)
    consulted_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    right_not_to_testify_explained_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    wishes_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("special", "legal")
    )
    window_from: Mapped[date | None] = mapped_column(info=_LEGAL)
    window_until: Mapped[date | None] = mapped_column(info=_LEGAL)
    requested_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    #: When the executing state received the request: the EIO clocks start here.
    received_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    acknowledged_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    recognised_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    held_on: Mapped[date | None] = mapped_column(info=_LEGAL)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)

    case: Mapped[Case] = relationship()
    proceeding: Mapped[Proceeding] = relationship()
    sessions: Mapped[list[HearingSession]] = relationship(
        back_populates="testimony", order_by="HearingSession.starts_at"
    )

    references = CaseEncrypted("references_encrypted", "references")
    wishes = CaseEncrypted("wishes_encrypted", "wishes")

    def __repr__(self) -> str:
        return f"<Testimony {self.uuid} {self.status}>"


class HearingSession(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """One sitting: UTC times, the person's venue, and who joins from where."""

    __tablename__ = "hearing_sessions"

    testimony_id: Mapped[int] = mapped_column(
        sa.ForeignKey("testimonies.id"), index=True, info=INTERNAL
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True, info=_LEGAL)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, info=_LEGAL)
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venues.id"), index=True, info=INTERNAL)
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus), info=_LEGAL)
    is_recorded: Mapped[bool] = mapped_column(default=False, info=_LEGAL)
    #: Calendar SEQUENCE: goes up with every change sent to participants.
    sequence: Mapped[int] = mapped_column(default=0, info=INTERNAL)
    video_link_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    minutes_ref_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=_SECRET)
    #: Why a double booking was accepted, when it was.
    override_reason: Mapped[str | None] = mapped_column(sa.String(300), info=_LEGAL)

    testimony: Mapped[Testimony] = relationship(back_populates="sessions")
    venue: Mapped[Venue] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="session", order_by="Participant.id"
    )

    video_link = CaseEncrypted("video_link_encrypted", "video_link")
    minutes_ref = CaseEncrypted("minutes_ref_encrypted", "minutes_ref")

    @property
    def case(self) -> Case:
        return self.testimony.case

    def __repr__(self) -> str:
        return f"<HearingSession {self.uuid} {self.starts_at:%Y-%m-%dT%H:%MZ} {self.status}>"


class Participant(CaseOwned, PublicIdMixin, db.Model):
    """Someone taking part in a session, with the time zone they see times in."""

    __tablename__ = "hearing_participants"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("hearing_sessions.id"), index=True, info=INTERNAL
    )
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole), info=_LEGAL)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info=INTERNAL
    )
    name_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "legal")
    )
    time_zone: Mapped[str] = mapped_column(sa.String(64), info=_LEGAL)
    language: Mapped[str | None] = mapped_column(sa.String(12), info=_LEGAL)
    #: For interpreters: the two languages, like `bin-nl`.
    language_pair: Mapped[str | None] = mapped_column(sa.String(30), info=_LEGAL)
    country: Mapped[str | None] = mapped_column(sa.String(2), info=_LEGAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    session: Mapped[HearingSession] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()

    name = CaseEncrypted("name_encrypted", "name")

    @property
    def case(self) -> Case:
        return self.session.testimony.case

    def __repr__(self) -> str:
        return f"<Participant {self.uuid} {self.role}>"
