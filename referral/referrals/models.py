"""Referral models."""

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
from referral.core.time import now_utc
from referral.directory.models import Service
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.referrals.enums import (
    OPEN_STATES,
    DeclineReason,
    MessageKind,
    Outcome,
    ReferralKind,
    ReferralStatus,
    Urgency,
    WithdrawalReason,
)

SUPPORT = label("personal", "support")


class Referral(CaseOwned, PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A request from one organisation's case to another organisation's service."""

    __tablename__ = "referrals"
    __table_args__ = (
        sa.Index("ix_referrals_received", "referred_org_id", "created_at", "id"),
        sa.Index("ix_referrals_sent", "referring_org_id", "created_at", "id"),
        # The overdue filter: only steps not done yet are indexed, so the index stays small.
        sa.Index(
            "ix_referrals_ack_open",
            "referred_org_id",
            "ack_due_at",
            postgresql_where=sa.text("acknowledged_at IS NULL"),
            sqlite_where=sa.text("acknowledged_at IS NULL"),
        ),
        sa.Index(
            "ix_referrals_decision_open",
            "referred_org_id",
            "decide_due_at",
            postgresql_where=sa.text("decided_at IS NULL"),
            sqlite_where=sa.text("decided_at IS NULL"),
        ),
    )

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    kind: Mapped[ReferralKind] = mapped_column(enum_column(ReferralKind), info=INTERNAL)
    purpose: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    referring_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), info=INTERNAL)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("services.id"), info=INTERNAL)
    referred_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), info=INTERNAL)
    sender_country: Mapped[str] = mapped_column(sa.String(2), info=INTERNAL)
    recipient_country: Mapped[str] = mapped_column(sa.String(2), info=INTERNAL)
    #: Sender and recipient in one country: allowed only when flagged.
    is_domestic: Mapped[bool] = mapped_column(default=False, info=INTERNAL)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency), info=INTERNAL)
    #: Consent categories the recipient will see.
    data_package: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    services_requested: Mapped[list[str]] = mapped_column(StringList, default=list, info=SUPPORT)
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus), default=ReferralStatus.draft, index=True, info=INTERNAL
    )
    #: cas_ReasonForOutgoingReferral and details, in `text_lang`; shown under `support`.
    details_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )
    text_lang: Mapped[str | None] = mapped_column(sa.String(3), info=INTERNAL)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    ack_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    decide_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    capacity_confirmed: Mapped[bool] = mapped_column(default=False, info=INTERNAL)
    receiving_caseworker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), info=INTERNAL
    )
    decline_reason: Mapped[DeclineReason | None] = mapped_column(
        enum_column(DeclineReason), info=INTERNAL
    )
    decline_note_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )
    withdrawal_reason: Mapped[WithdrawalReason | None] = mapped_column(
        enum_column(WithdrawalReason), info=INTERNAL
    )
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome), info=INTERNAL)
    # arrival logistics (safety: they tell where and when the person will be)
    arrival_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, info=label("safety", "location")
    )
    meeting_point_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("safety", "location")
    )
    met_by_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("safety", "location")
    )
    escort_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("safety", "location")
    )
    travel_documents_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("safety", "identity")
    )
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    # return referrals
    is_voluntary: Mapped[bool | None] = mapped_column(info=INTERNAL)
    joint_risk_assessment_on: Mapped[date | None] = mapped_column(info=label("special", "risk"))
    # feedback
    feedback_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )
    sender_view_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )

    case: Mapped[Case] = relationship()
    referring_org: Mapped[Organisation] = relationship(foreign_keys=[referring_org_id])
    referred_org: Mapped[Organisation] = relationship(foreign_keys=[referred_org_id])
    service: Mapped[Service] = relationship()
    receiving_caseworker: Mapped[User | None] = relationship()
    transitions: Mapped[list[ReferralTransition]] = relationship(
        back_populates="referral", order_by="ReferralTransition.id"
    )
    messages: Mapped[list[ReferralMessage]] = relationship(
        back_populates="referral", order_by="ReferralMessage.id"
    )

    details = CaseEncrypted("details_encrypted", "details")
    decline_note = CaseEncrypted("decline_note_encrypted", "decline_note")
    meeting_point = CaseEncrypted("meeting_point_encrypted", "meeting_point")
    met_by = CaseEncrypted("met_by_encrypted", "met_by")
    escort = CaseEncrypted("escort_encrypted", "escort")
    travel_documents = CaseEncrypted("travel_documents_encrypted", "travel_documents")
    #: The receiver's feedback on the outcome.
    feedback = CaseEncrypted("feedback_encrypted", "feedback")
    #: The sender's own view of the outcome.
    sender_view = CaseEncrypted("sender_view_encrypted", "sender_view")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def ack_overdue(self, at: datetime | None = None) -> bool:
        """Not acknowledged (or decided) by its deadline."""
        at = at or now_utc()
        return (
            self.ack_due_at is not None
            and self.acknowledged_at is None
            and self.decided_at is None
            and self.status == ReferralStatus.submitted
            and at > self.ack_due_at
        )

    def decide_overdue(self, at: datetime | None = None) -> bool:
        """Not decided by its deadline (the clock pauses while information is requested)."""
        at = at or now_utc()
        return (
            self.decide_due_at is not None
            and self.decided_at is None
            and self.status in {ReferralStatus.submitted, ReferralStatus.acknowledged}
            and at > self.decide_due_at
        )

    def is_overdue(self, at: datetime | None = None) -> bool:
        return self.ack_overdue(at) or self.decide_overdue(at)

    @classmethod
    def overdue_at(cls, at: datetime) -> sa.ColumnElement[bool]:
        """`is_overdue` as SQL, for filtering and listing many referrals at once."""
        return sa.or_(
            sa.and_(
                cls.status == ReferralStatus.submitted,
                cls.acknowledged_at.is_(None),
                cls.decided_at.is_(None),
                cls.ack_due_at < at,
            ),
            sa.and_(
                cls.status.in_([ReferralStatus.submitted, ReferralStatus.acknowledged]),
                cls.decided_at.is_(None),
                cls.decide_due_at < at,
            ),
        )

    def __repr__(self) -> str:
        return f"<Referral {self.uuid} {self.status}>"


class ReferralTransition(CaseOwned, PublicIdMixin, db.Model):
    """One step of a referral's history: who did what, when and why."""

    __tablename__ = "referral_transitions"

    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id"), index=True, info=INTERNAL
    )
    from_status: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    to_status: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    action: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    actor_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    reason_code: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    note_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )

    referral: Mapped[Referral] = relationship(back_populates="transitions")
    actor_org: Mapped[Organisation | None] = relationship()

    note = CaseEncrypted("note_encrypted", "note")

    @property
    def case(self) -> Case:
        return self.referral.case

    def __repr__(self) -> str:
        return f"<ReferralTransition {self.uuid} {self.action}>"


class ReferralMessage(CaseOwned, PublicIdMixin, db.Model):
    """A message between sender and receiver; its body is case data."""

    __tablename__ = "referral_messages"

    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id"), index=True, info=INTERNAL
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    author_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), info=INTERNAL)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind), info=INTERNAL)
    body_encrypted: Mapped[bytes] = mapped_column(sa.LargeBinary, info=label("personal", "support"))
    text_lang: Mapped[str | None] = mapped_column(sa.String(3), info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    referral: Mapped[Referral] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
    author_org: Mapped[Organisation] = relationship()

    body = CaseEncrypted("body_encrypted", "body")

    @property
    def case(self) -> Case:
        return self.referral.case

    def __repr__(self) -> str:
        return f"<ReferralMessage {self.uuid} {self.kind}>"
