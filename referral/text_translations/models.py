"""Translation tasks and the human translations attached to them (never machine translation)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.cases.models import Case, CaseOwned
from referral.core.crypto import CaseEncrypted
from referral.core.db import (
    INTERNAL,
    PublicIdMixin,
    TimestampMixin,
    UTCDateTime,
    enum_column,
    label,
)
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.referrals.models import Referral
from referral.text_translations.enums import TaskStatus


class TranslationTask(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """A request to one interpreter or mediator: translate a referral's free text."""

    __tablename__ = "translation_tasks"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id"), index=True, info=INTERNAL
    )
    requesting_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), info=INTERNAL)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    assignee_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True, info=INTERNAL)
    target_lang: Mapped[str] = mapped_column(sa.String(12), info=INTERNAL)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), info=INTERNAL)
    due_on: Mapped[date | None] = mapped_column(info=INTERNAL)
    #: Instructions for the translator (context, terms); no personal data is asked for here.
    note_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("personal", "support")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    case: Mapped[Case] = relationship()
    referral: Mapped[Referral] = relationship()
    requesting_org: Mapped[Organisation] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    assignee: Mapped[User] = relationship(foreign_keys=[assignee_id])

    note = CaseEncrypted("note_encrypted", "note")

    def __repr__(self) -> str:
        return f"<TranslationTask {self.uuid} {self.target_lang} {self.status}>"


class TextTranslation(CaseOwned, PublicIdMixin, TimestampMixin, db.Model):
    """One human translation of one free-text value, tied to the exact text it translates."""

    __tablename__ = "text_translations"
    __table_args__ = (
        sa.Index("ix_text_translations_source", "source_table", "source_column", "source_uuid"),
    )

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    task_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("translation_tasks.id"), index=True, info=INTERNAL
    )
    source_table: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    source_column: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    source_uuid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, info=INTERNAL)
    #: SHA-256 of the original as translated: a changed original makes the translation stale.
    source_sha256: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    source_lang: Mapped[str | None] = mapped_column(sa.String(12), info=INTERNAL)
    target_lang: Mapped[str] = mapped_column(sa.String(12), info=INTERNAL)
    #: The translation is as sensitive as the original; the category follows the source field.
    text_encrypted: Mapped[bytes] = mapped_column(sa.LargeBinary, info=label("special"))
    translator: Mapped[str] = mapped_column(sa.String(200), info=label("personal"))
    translator_org: Mapped[str | None] = mapped_column(sa.String(200), info=INTERNAL)
    translated_on: Mapped[date] = mapped_column(info=INTERNAL)
    is_certified: Mapped[bool] = mapped_column(default=False, info=INTERNAL)
    certification_ref: Mapped[str | None] = mapped_column(sa.String(200), info=INTERNAL)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    case: Mapped[Case] = relationship()
    task: Mapped[TranslationTask | None] = relationship()
    recorded_by: Mapped[User] = relationship()

    text = CaseEncrypted("text_encrypted", "text")

    def __repr__(self) -> str:
        return f"<TextTranslation {self.uuid} {self.source_column} → {self.target_lang}>"
