"""Who may erase a case. Pure predicates; deny by default."""

from __future__ import annotations

from referral.cases.models import Case
from referral.cases.permissions import is_org_coordinator
from referral.identity.models import User


def can_erase_case(user: User, case: Case) -> bool:
    """Only the owner organisation's coordinators crypto-shred a case (DESIGN.md §2)."""
    return is_org_coordinator(user, case)
