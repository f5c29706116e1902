"""Reading the audit log (each read is itself an audit event: see operations)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.audit.permissions import events_visible_to
from referral.extensions import db
from referral.identity.models import User


def page(actor: User, filters: dict[str, Any]) -> tuple[list[AuditEvent], int | None]:
    """Newest first, `limit` events below `before`; and the `before` for the next page."""
    query = events_visible_to(actor)
    if filters.get("action"):
        query = query.where(AuditEvent.action.startswith(filters["action"], autoescape=True))
    if filters.get("outcome"):
        query = query.where(AuditEvent.outcome == filters["outcome"])
    if filters.get("case_code"):
        query = query.where(AuditEvent.case_code == filters["case_code"].strip().upper())
    if filters.get("since"):
        query = query.where(AuditEvent.occurred_at >= _midnight(filters["since"]))
    if filters.get("until"):
        query = query.where(AuditEvent.occurred_at < _midnight(filters["until"] + timedelta(1)))
    if filters.get("before"):
        query = query.where(AuditEvent.seq < filters["before"])
    limit = filters.get("limit") or 50
    rows = db.session.scalars(query.order_by(AuditEvent.seq.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].seq if more and rows else None)


def people(events: list[AuditEvent]) -> dict[Any, str]:
    """Display names of the people and organisations named in `events`, by uuid."""
    from referral.identity.models import Organisation

    user_ids = {e.actor_user for e in events if e.actor_user}
    org_ids = {e.actor_org for e in events if e.actor_org}
    users = sa.select(User.uuid, User.display_name).where(User.uuid.in_(user_ids))
    orgs = sa.select(Organisation.uuid, Organisation.name).where(Organisation.uuid.in_(org_ids))
    names: dict[Any, str] = {}
    for query, wanted in ((users, user_ids), (orgs, org_ids)):
        if wanted:
            names |= {key: name for key, name in db.session.execute(query)}
    return names


def _midnight(day: Any) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)
