"""Read helpers for identity records."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from referral.extensions import db
from referral.identity.models import Organisation


def organisation_by_uuid(public_id: uuid.UUID | str | None) -> Organisation | None:
    """The organisation with this public id, or None (also for None or a malformed id)."""
    if not public_id:
        return None
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None
    return db.session.scalar(sa.select(Organisation).where(Organisation.uuid == key))
