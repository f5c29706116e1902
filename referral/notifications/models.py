"""Notification models."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.core.db import INTERNAL, PublicIdMixin, UTCDateTime
from referral.extensions import db
from referral.identity.models import User


class Notification(PublicIdMixin, db.Model):
    """Something a user should know: an event kind and the object, never case data."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    kind: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    object_type: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    object_uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.uuid} {self.kind}>"


class DeadlineNotice(db.Model):
    """A reminder that has fired, so each fires once."""

    __tablename__ = "deadline_notices"
    __table_args__ = (sa.UniqueConstraint("object_uuid", "clock", "threshold"),)

    id: Mapped[int] = mapped_column(primary_key=True, info=INTERNAL)
    object_uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, info=INTERNAL)
    clock: Mapped[str] = mapped_column(sa.String(40), info=INTERNAL)
    #: Percentage of the allowed time: 75 (reminder), 100 (overdue), 200 (escalation).
    threshold: Mapped[int] = mapped_column(info=INTERNAL)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    def __repr__(self) -> str:
        return f"<DeadlineNotice {self.object_uuid} {self.clock} {self.threshold}>"
