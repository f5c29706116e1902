"""The case team: who works on a case in the owner organisation."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.models import Case, CaseMember
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.operation import operation
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.identity.queries import active_members_with_role
from referral.notifications.operations import notify_users


def team_candidates(case: Case) -> list[User]:
    """Caseworkers of the owner organisation who are not on the team yet."""
    members = {member.user_id for member in case.members}
    return [
        user
        for user in active_members_with_role(case.owner_org_id, Role.caseworker)
        if user.id not in members
    ]


@operation
def add_team_member(actor: User, case: Case, data: dict[str, Any]) -> CaseMember:
    """Put a caseworker of the owner organisation on the case team; they are told."""
    user = next((u for u in team_candidates(case) if u.uuid == data["user"]), None)
    if user is None:
        raise ValidationProblem(
            errors=[("user", str(_l("Choose a caseworker of your organisation not on the team.")))]
        )
    member = CaseMember(case=case, user_id=user.id, is_lead=False)
    db.session.add(member)
    db.session.flush()
    audit.record(actor, "case.member_added", member, case_code=case.case_code)
    notify_users([user], "case.assigned", case)
    return member


@operation
def remove_team_member(actor: User, case: Case, member: CaseMember) -> None:
    """Take someone off the case; their access ends with this request. The last one stays."""
    if len(case.members) <= 1:
        raise IllegalTransition(str(_l("A case keeps at least one person on its team.")))
    audit.record(actor, "case.member_removed", member, case_code=case.case_code)
    db.session.delete(member)
