"""The start page's summary of work waiting: counts only, from the same scoped queries."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from referral.cases.permissions import own_cases
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.notifications.operations import unread_count
from referral.referrals.enums import OPEN_STATES
from referral.referrals.models import Referral
from referral.referrals.queries import list_query
from referral.text_translations.enums import TaskStatus
from referral.text_translations.models import TranslationTask
from referral.text_translations.permissions import tasks_visible_to


def _count(query: sa.Select[Any]) -> int:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
        or 0
    )


def work_summary(actor: User) -> dict[str, Any]:
    """Open referrals received (and overdue), cases, unread notices."""
    summary: dict[str, Any] = {
        "received": None,
        "overdue": 0,
        "cases": None,
        "unread": unread_count(actor),
        "translations": None,
    }
    if actor.has_role(Role.mediator_interpreter):
        summary["translations"] = _count(
            tasks_visible_to(actor).where(
                TranslationTask.assignee_id == actor.id, TranslationTask.status == TaskStatus.open
            )
        )
    if actor.has_role(Role.receiving_officer, Role.coordinator):
        received = list_query(actor, {"box": "received"}).where(Referral.status.in_(OPEN_STATES))
        summary["received"] = _count(received)
        summary["overdue"] = _count(list_query(actor, {"box": "received", "overdue": True}))
    if actor.has_role(Role.caseworker, Role.coordinator):
        summary["cases"] = _count(own_cases(actor))
    return summary
