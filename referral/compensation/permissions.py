"""Who may see and work on compensation claims. Pure predicates and scoped queries.

A claim belongs to the case team of the owner organisation and to its assigned lawyer, who
may work at another organisation in another country. The lawyer sees the claim, and the
case data it needs, only while the consent lets their organisation see compensation data
for the purpose of compensation (through the claim's own access grant).
"""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.permissions import is_case_team, own_cases
from referral.compensation.models import CompensationClaim
from referral.consent.enums import GrantSource
from referral.consent.models import AccessGrant
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User

#: What a claim's lawyer may see of the case, at most (the consent narrows it further).
CLAIM_CATEGORIES = frozenset(
    {
        DataCategory.identity.value,
        DataCategory.contact.value,
        DataCategory.legal.value,
        DataCategory.compensation.value,
        DataCategory.residence.value,
        DataCategory.documents.value,
    }
)
COMPENSATION = DataCategory.compensation.value


def is_assigned_lawyer(user: User, claim: CompensationClaim) -> bool:
    return (
        claim.lawyer_id is not None
        and claim.lawyer_id == user.id
        and user.has_role(Role.lawyer)
        and user.is_active
    )


def claim_grant(claim: CompensationClaim) -> AccessGrant | None:
    """The open grant the claim gave its lawyer's organisation."""
    return db.session.scalar(
        sa.select(AccessGrant).where(
            AccessGrant.source_type == GrantSource.claim,
            AccessGrant.source_uuid == claim.uuid,
            AccessGrant.closed_at.is_(None),
        )
    )


def lawyer_categories(user: User, claim: CompensationClaim) -> set[str]:
    """What the assigned lawyer may see: every claim category in-house, else grant by consent."""
    if not is_assigned_lawyer(user, claim):
        return set()
    if user.organisation_id == claim.case.owner_org_id:
        return set(CLAIM_CATEGORIES)
    from referral.consent.scope import grant_view

    grant = claim_grant(claim)
    return grant_view(grant) & CLAIM_CATEGORIES if grant is not None else set()


def claim_categories(user: User, claim: CompensationClaim) -> set[str]:
    """Case categories the user may see through this claim."""
    if is_case_team(user, claim.case):
        return set(CLAIM_CATEGORIES)
    return lawyer_categories(user, claim)


def can_view_claim(user: User, claim: CompensationClaim) -> bool:
    """The case team, and the assigned lawyer while the consent covers compensation."""
    return COMPENSATION in claim_categories(user, claim)


def can_work_on_claim(user: User, claim: CompensationClaim) -> bool:
    """Steps, ledger entries, deadlines and documents: the same people who see it."""
    return can_view_claim(user, claim)


def can_assign_lawyer(user: User, claim: CompensationClaim) -> bool:
    """The case team chooses (and changes) the lawyer."""
    return is_case_team(user, claim.case)


def can_open_claim(user: User, case: Case) -> bool:
    """The case team opens claims for their person."""
    return is_case_team(user, case)


def can_list_claims(user: User) -> bool:
    """Lawyers, and the people who run cases."""
    return user.has_role(Role.lawyer, Role.caseworker, Role.coordinator)


def can_list_case_claims(user: User, case: Case) -> bool:
    return is_case_team(user, case)


def can_view_schemes(user: User) -> bool:
    """Scheme rules are reference data for every signed-in user."""
    return True


def can_manage_schemes(user: User) -> bool:
    """Platform administrators keep the country rules."""
    return user.has_role(Role.platform_admin)


def claims_visible_to(user: User) -> sa.Select[tuple[CompensationClaim]]:
    """Claims of the user's own cases, and claims they are the lawyer of.

    An outside lawyer's claims need the claim's open grant; whether the consent still covers
    it is checked per claim (`can_view_claim`), as for every partner view.
    """
    mine = own_cases(user).with_only_columns(Case.id)
    conditions = [CompensationClaim.case_id.in_(mine)]
    if user.has_role(Role.lawyer) and user.is_active:
        in_house = sa.select(Case.id).where(Case.owner_org_id == user.organisation_id)
        granted = sa.select(AccessGrant.source_uuid).where(
            AccessGrant.source_type == GrantSource.claim, AccessGrant.closed_at.is_(None)
        )
        conditions.append(
            sa.and_(
                CompensationClaim.lawyer_id == user.id,
                sa.or_(
                    CompensationClaim.case_id.in_(in_house),
                    CompensationClaim.uuid.in_(granted),
                ),
            )
        )
    return sa.select(CompensationClaim).where(sa.or_(*conditions))
