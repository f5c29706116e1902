"""Who may do what with identity records. Pure predicates; deny by default."""

from __future__ import annotations

import sqlalchemy as sa

from referral.identity.enums import Role
from referral.identity.models import ApiToken, Organisation, User


def is_signed_in(user: User) -> bool:
    """Any signed-in, active user."""
    return user is not None and user.is_active


def can_manage_users(user: User) -> bool:
    """Organisation administrators manage their own organisation's users."""
    return user.has_role(Role.org_admin)


def can_manage_user(user: User, target: User) -> bool:
    """Only users of the administrator's own organisation, never themselves' roles away."""
    return can_manage_users(user) and target.organisation_id == user.organisation_id


def can_manage_organisations(user: User) -> bool:
    """Platform administrators manage organisations."""
    return user.has_role(Role.platform_admin)


def can_manage_token(user: User, token: ApiToken) -> bool:
    """People manage only their own tokens."""
    return token.user_id == user.id


def users_visible_to(actor: User) -> sa.Select[tuple[User]]:
    """Users an actor may look up: their own organisation's, for administrators."""
    query = sa.select(User)
    if can_manage_users(actor):
        return query.where(User.organisation_id == actor.organisation_id)
    return query.where(sa.false())


def tokens_visible_to(actor: User) -> sa.Select[tuple[ApiToken]]:
    """The actor's own tokens."""
    return sa.select(ApiToken).where(ApiToken.user_id == actor.id)


def organisations_visible_to(actor: User) -> sa.Select[tuple[Organisation]]:
    """Organisations a platform administrator may edit."""
    query = sa.select(Organisation)
    return query if can_manage_organisations(actor) else query.where(sa.false())
