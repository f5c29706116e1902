"""The audit event table: append-only, each row chained to the previous by SHA-256."""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from referral.core.db import INTERNAL, StringList, UTCDateTime
from referral.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """One recorded action. Never updated or deleted; triggers refuse both."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True, info=INTERNAL)
    #: Gapless position in the chain, starting at 1.
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True, info=INTERNAL)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    actor_user: Mapped[uuid_module.UUID | None] = mapped_column(sa.Uuid, info=INTERNAL)
    actor_org: Mapped[uuid_module.UUID | None] = mapped_column(sa.Uuid, info=INTERNAL)
    actor_role: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    #: web, api, cli or job.
    via: Mapped[str] = mapped_column(sa.String(8), info=INTERNAL)
    #: `<noun>.<past participle>`, e.g. `login.failed`.
    action: Mapped[str] = mapped_column(sa.String(64), index=True, info=INTERNAL)
    object_type: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    object_uuid: Mapped[uuid_module.UUID | None] = mapped_column(sa.Uuid, index=True, info=INTERNAL)
    case_code: Mapped[str | None] = mapped_column(sa.String(16), info=INTERNAL)
    #: allowed, denied or failed.
    outcome: Mapped[str] = mapped_column(sa.String(8), info=INTERNAL)
    purpose: Mapped[str | None] = mapped_column(sa.String(40), info=INTERNAL)
    reason_code: Mapped[str | None] = mapped_column(sa.String(64), info=INTERNAL)
    #: Names of the fields touched, never their values.
    fields: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    categories: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    request_id: Mapped[str | None] = mapped_column(sa.String(36), info=INTERNAL)
    ip: Mapped[str | None] = mapped_column(sa.String(45), info=INTERNAL)
    prev_hash: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    hash: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)

    def chained_fields(self) -> dict[str, Any]:
        """The values the hash covers, as plain JSON types."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor_user": str(self.actor_user) if self.actor_user else None,
            "actor_org": str(self.actor_org) if self.actor_org else None,
            "actor_role": self.actor_role,
            "via": self.via,
            "action": self.action,
            "object_type": self.object_type,
            "object_uuid": str(self.object_uuid) if self.object_uuid else None,
            "case_code": self.case_code,
            "outcome": self.outcome,
            "purpose": self.purpose,
            "reason_code": self.reason_code,
            "fields": list(self.fields or []),
            "categories": list(self.categories or []),
            "request_id": self.request_id,
            "ip": self.ip,
        }

    def __repr__(self) -> str:
        return f"<AuditEvent {self.seq} {self.action} {self.outcome}>"
