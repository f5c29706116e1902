"""Read helpers for identity records."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import Organisation, User


def organisation_by_uuid(public_id: uuid.UUID | str | None) -> Organisation | None:
    """The organisation with this public id, or None (also for None or a malformed id)."""
    if not public_id:
        return None
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None
    return db.session.scalar(sa.select(Organisation).where(Organisation.uuid == key))


def active_members_with_role(organisation_id: int, role: Role) -> list[User]:
    """Active users of an organisation holding `role`, by name."""
    users = db.session.scalars(
        sa.select(User)
        .where(User.organisation_id == organisation_id, User.is_active)
        .order_by(User.display_name)
    )
    return [user for user in users if user.has_role(role)]
