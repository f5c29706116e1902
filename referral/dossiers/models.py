"""Dossier models: the request and its state, and the encrypted file stored by content hash."""

from __future__ import annotations

from datetime import datetime

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
    enum_column,
    label,
)
from referral.dossiers.enums import DossierKind, DossierStatus
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.referrals.models import Referral


class Dossier(PublicIdMixin, TimestampMixin, db.Model):
    """One generated document for one recipient, language and moment."""

    __tablename__ = "dossiers"

    kind: Mapped[DossierKind] = mapped_column(enum_column(DossierKind), info=INTERNAL)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id"), index=True, info=INTERNAL
    )
    recipient_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id"), info=INTERNAL
    )
    language: Mapped[str] = mapped_column(sa.String(12), info=INTERNAL)
    template_version: Mapped[str] = mapped_column(sa.String(16), info=INTERNAL)
    #: Categories the recipient could see at generation time.
    categories: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    #: SHA-256 of everything that went into the document, to reuse an unchanged one.
    content_key: Mapped[str] = mapped_column(sa.String(64), index=True, info=INTERNAL)
    status: Mapped[DossierStatus] = mapped_column(enum_column(DossierStatus), info=INTERNAL)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), info=INTERNAL)
    generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    sha256: Mapped[str | None] = mapped_column(sa.String(64), info=INTERNAL)
    size_bytes: Mapped[int | None] = mapped_column(info=INTERNAL)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    error_code: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)

    case: Mapped[Case] = relationship()
    referral: Mapped[Referral | None] = relationship()
    recipient_org: Mapped[Organisation | None] = relationship()
    requested_by: Mapped[User] = relationship()

    @property
    def filename(self) -> str:
        """Only the dossier id, never a name or a case code."""
        return f"dossier-{self.uuid}.pdf"

    def __repr__(self) -> str:
        return f"<Dossier {self.uuid} {self.status}>"


class DossierBlob(CaseOwned, PublicIdMixin, db.Model):
    """The PDF, encrypted with the case key, stored once per content hash."""

    __tablename__ = "dossier_blobs"

    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True, info=INTERNAL)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True, info=INTERNAL)
    data_encrypted: Mapped[bytes] = mapped_column(
        sa.LargeBinary, info=label("special", "documents")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    case: Mapped[Case] = relationship()

    data = CaseEncrypted("data_encrypted", "data", "bytes")

    def __repr__(self) -> str:
        return f"<DossierBlob {self.sha256[:12]}>"
