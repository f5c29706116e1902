"""Who may see and publish services."""

from __future__ import annotations

import sqlalchemy as sa

from referral.directory.models import Service, Venue
from referral.identity.enums import Role
from referral.identity.models import User


def can_search_directory(user: User) -> bool:
    """Every signed-in user may search the directory (public data)."""
    return user.is_active


def can_manage_services(user: User) -> bool:
    """Organisation administrators and coordinators publish their organisation's services."""
    return user.has_role(Role.org_admin, Role.coordinator)


def can_manage_service(user: User, service: Service) -> bool:
    return can_manage_services(user) and service.organisation_id == user.organisation_id


def services_visible_to(actor: User) -> sa.Select[tuple[Service]]:
    """The directory is public to signed-in users."""
    return sa.select(Service)


def can_manage_venues(user: User) -> bool:
    """Organisation administrators and coordinators list their organisation's venues."""
    return user.has_role(Role.org_admin, Role.coordinator)


def venues_visible_to(actor: User) -> sa.Select[tuple[Venue]]:
    """Venue names, kinds and countries are public to signed-in users; addresses are not."""
    return sa.select(Venue)
