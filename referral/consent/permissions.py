"""Who may record, see and withdraw consents: the case team of the owner organisation."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.permissions import is_case_team, is_org_coordinator, own_cases
from referral.consent.models import Consent
from referral.identity.models import User


def can_manage_consent(user: User, consent: Consent) -> bool:
    return is_case_team(user, consent.case)


def can_disclose_risk(user: User, case: object) -> bool:
    """Only a coordinator of the owner organisation may make a risk-to-life disclosure."""
    return is_org_coordinator(user, case)  # type: ignore[arg-type]


def consents_visible_to(actor: User) -> sa.Select[tuple[Consent]]:
    own = own_cases(actor).with_only_columns(sa.literal_column("cases.id"))
    return sa.select(Consent).where(Consent.case_id.in_(own))
