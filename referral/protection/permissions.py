"""Who may see and record protection measures. Pure predicates and scoped queries."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.permissions import (
    can_view_case,
    cases_visible_to,
    is_case_team,
    own_cases,
    visible_case_categories,
)
from referral.identity.enums import Role
from referral.identity.models import User
from referral.protection.models import ProtectionMeasure


def can_view_protection(user: User, case: Case) -> bool:
    """The case team, and partners whose consented view includes protection."""
    if is_case_team(user, case):
        return True
    return can_view_case(user, case) and (
        DataCategory.protection.value in visible_case_categories(user, case)
    )


def can_record_protection(user: User, case: Case) -> bool:
    """The owner's case team records and updates measures."""
    return is_case_team(user, case)


def can_view_measure(user: User, measure: ProtectionMeasure) -> bool:
    return can_view_protection(user, measure.case)


def can_change_measure(user: User, measure: ProtectionMeasure) -> bool:
    return can_record_protection(user, measure.case)


def can_reveal_address(user: User, measure: ProtectionMeasure) -> bool:
    """Only the owner's case team, and only by an audited reveal."""
    return is_case_team(user, measure.case)


def can_see_family_details(user: User, case: Case) -> bool:
    """Which relative a measure protects is family data."""
    return DataCategory.family.value in visible_case_categories(user, case)


def can_list_protection_alerts(user: User) -> bool:
    """People who run cases: the coordinator's list of expiries and reviews."""
    return user.has_role(Role.caseworker, Role.coordinator)


def measures_visible_to(user: User) -> sa.Select[tuple[ProtectionMeasure]]:
    """Measures of cases the user can reach; the category check runs per measure."""
    reachable = cases_visible_to(user).with_only_columns(Case.id)
    return sa.select(ProtectionMeasure).where(ProtectionMeasure.case_id.in_(reachable))


def own_measures(user: User) -> sa.Select[tuple[ProtectionMeasure]]:
    """Measures of the cases the user works on."""
    mine = own_cases(user).with_only_columns(Case.id)
    return sa.select(ProtectionMeasure).where(ProtectionMeasure.case_id.in_(mine))
