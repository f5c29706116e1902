"""Who follows a case: its team, and partners whose consented view includes a category."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from referral.cases.models import Case
from referral.cases.queries import team_users
from referral.consent.scope import partners_seeing
from referral.identity.enums import Role
from referral.identity.models import User
from referral.notifications import operations as notifications


def notify_followers(
    actor: User | None,
    case: Case,
    obj: Any,
    kind: str,
    category: str,
    partner_roles: Iterable[Role] = (Role.coordinator,),
) -> None:
    """Notify the case team (not the actor) and, within consent, the partners' `partner_roles`."""
    team = [user for user in team_users(case) if actor is None or user.id != actor.id]
    notifications.notify_users(team, kind, obj)
    for org in partners_seeing(case, category):
        notifications.notify_org(org, kind, obj, tuple(partner_roles))
