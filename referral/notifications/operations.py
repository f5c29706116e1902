"""Telling people: in-app notices, and e-mail in each recipient's language with no personal data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import Organisation, User
from referral.notifications.models import Notification


def notify_users(users: Iterable[User], kind: str, obj: Any) -> list[Notification]:
    """One notice per active user about `obj` (by type and UUID only)."""
    now = now_utc()
    notices = []
    for user in users:
        if not user.is_active:
            continue
        notice = Notification(
            user_id=user.id,
            kind=kind,
            object_type=obj.__tablename__,
            object_uuid=obj.uuid,
            created_at=now,
        )
        db.session.add(notice)
        notices.append(notice)
    db.session.flush()
    if notices:
        from referral.jobs import enqueue

        for notice in notices:
            enqueue("notifications.send_email", notification=notice.uuid)
    return notices


def notify_org(org: Organisation, kind: str, obj: Any, roles: Iterable[Role]) -> list[Notification]:
    """Notify the organisation's users who hold any of `roles`."""
    wanted = {str(role) for role in roles}
    users = db.session.scalars(
        sa.select(User).where(User.organisation_id == org.id, User.is_active)
    )
    return notify_users([user for user in users if wanted & set(user.roles)], kind, obj)


def unread_count(user: User) -> int:
    """Unread notices, for the header."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def recent(user: User, limit: int = 50) -> list[Notification]:
    """The user's newest notices."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


@operation
def mark_all_read(user: User) -> int:
    """Mark every notice read; returns how many."""
    now = now_utc()
    count = 0
    for notice in db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    ):
        notice.read_at = now
        count += 1
    audit.record(user, "notifications.read", user, reason_code=f"count:{count}")
    return count
