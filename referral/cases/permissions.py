"""Who may see and change a case. Pure predicates and scoped queries; deny by default."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.models import Case, CaseMember
from referral.identity.enums import Role
from referral.identity.models import User

CASE_ROLES = (Role.caseworker, Role.coordinator)
RECIPIENT_ROLES = (Role.receiving_officer, Role.coordinator)


def can_create_case(user: User) -> bool:
    """Caseworkers and coordinators open cases for their organisation."""
    return user.has_role(*CASE_ROLES)


def is_org_coordinator(user: User, case: Case) -> bool:
    return user.has_role(Role.coordinator) and user.organisation_id == case.owner_org_id


def is_case_team(user: User, case: Case) -> bool:
    """On the case team, or a coordinator of the owner organisation."""
    if user.organisation_id != case.owner_org_id:
        return False
    if is_org_coordinator(user, case):
        return True
    return user.has_role(Role.caseworker) and any(m.user_id == user.id for m in case.members)


def can_add_team_member(user: User, case: Case) -> bool:
    """The team brings in colleagues; coordinators staff every case of their organisation."""
    return is_case_team(user, case)


def can_remove_team_member(user: User, case: Case) -> bool:
    """Only the owner organisation's coordinators take people off a case."""
    return is_org_coordinator(user, case)


def can_edit_case(user: User, case: Case) -> bool:
    return is_case_team(user, case)


def can_view_case(user: User, case: Case) -> bool:
    """The case team, or a recipient whose organisation has a view now (checked per request)."""
    if is_case_team(user, case):
        return True
    from referral.consent.scope import recipient_view

    return user.has_role(*RECIPIENT_ROLES) and bool(recipient_view(case, user.organisation))


def visible_case_categories(user: User, case: Case) -> set[str]:
    """Every category for the case team; the organisation's consented view for anyone else."""
    from referral.consent.scope import recipient_view

    if is_case_team(user, case):
        return recipient_view(case, case.owner_org)
    return recipient_view(case, user.organisation)


def own_cases(actor: User) -> sa.Select[tuple[Case]]:
    """Cases the actor works on: all of the organisation for coordinators, else their team's."""
    query = sa.select(Case).where(Case.owner_org_id == actor.organisation_id)
    if actor.has_role(Role.coordinator):
        return query
    if actor.has_role(Role.caseworker):
        member = sa.select(CaseMember.case_id).where(CaseMember.user_id == actor.id)
        return query.where(Case.id.in_(member))
    return query.where(sa.false())


def cases_visible_to(actor: User) -> sa.Select[tuple[Case]]:
    """Own cases, plus cases shared with the actor's organisation through an open grant."""
    from referral.consent.enums import GrantSource
    from referral.consent.models import AccessGrant, RiskDisclosure
    from referral.core.time import now_utc

    own = own_cases(actor).with_only_columns(Case.id)
    conditions = [Case.id.in_(own)]
    if actor.has_role(*RECIPIENT_ROLES):
        granted = sa.select(AccessGrant.case_id).where(
            AccessGrant.organisation_id == actor.organisation_id,
            AccessGrant.closed_at.is_(None),
            # A claim's grant is the assigned lawyer's alone (compensation.permissions).
            AccessGrant.source_type != GrantSource.claim,
        )
        disclosed = sa.select(RiskDisclosure.case_id).where(
            RiskDisclosure.recipient_org_id == actor.organisation_id,
            RiskDisclosure.expires_at > now_utc(),
        )
        conditions += [Case.id.in_(granted), Case.id.in_(disclosed)]
    return sa.select(Case).where(sa.or_(*conditions))
