"""Who may read the audit log: data-protection officers (role `auditor`); events hold no case
values, only who did what to which object, when, from where and with what outcome."""

from __future__ import annotations

import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.cases.models import Case
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User


def can_read_audit(user: User) -> bool:
    return user.has_role(Role.auditor)


def oversees_platform(user: User) -> bool:
    """The organisation that runs the platform is the one its platform administrators belong
    to; its auditors oversee every event (sign-ins, administration, every organisation)."""
    colleagues = db.session.scalars(
        sa.select(User).where(User.organisation_id == user.organisation_id, User.is_active)
    )
    return any(colleague.has_role(Role.platform_admin) for colleague in colleagues)


def events_visible_to(actor: User) -> sa.Select[tuple[AuditEvent]]:
    """Everything for the platform's auditors; otherwise what people of the auditor's own
    organisation did, and what anyone did on that organisation's cases."""
    query = sa.select(AuditEvent)
    if oversees_platform(actor):
        return query
    own_codes = sa.select(Case.case_code).where(Case.owner_org_id == actor.organisation_id)
    return query.where(
        sa.or_(
            AuditEvent.actor_org == actor.organisation.uuid,
            AuditEvent.case_code.in_(own_codes),
        )
    )
