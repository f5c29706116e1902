"""Who may see and act on a referral. Pure predicates and scoped queries; deny by default."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.permissions import is_case_team, own_cases
from referral.identity.enums import Role
from referral.identity.models import User
from referral.referrals.enums import TRANSITIONS, Action, ReferralStatus
from referral.referrals.models import Referral

#: Until a decision every receiving officer of the inbox works on it; then only the named one.
PRE_DECISION = (
    ReferralStatus.submitted,
    ReferralStatus.acknowledged,
    ReferralStatus.information_requested,
)


def is_sender(user: User, referral: Referral) -> bool:
    return is_case_team(user, referral.case)


def is_recipient(user: User, referral: Referral) -> bool:
    """Receiving coordinators; receiving officers until a decision, then only the named one."""
    if user.organisation_id != referral.referred_org_id or referral.status == ReferralStatus.draft:
        return False
    if user.has_role(Role.coordinator):
        return True
    if not user.has_role(Role.receiving_officer):
        return False
    return (
        referral.status in PRE_DECISION
        or referral.receiving_caseworker_id == user.id
        or (
            referral.status in (ReferralStatus.declined, ReferralStatus.withdrawn)
            and referral.receiving_caseworker_id is None
        )
    )


def can_view_referral(user: User, referral: Referral) -> bool:
    return is_sender(user, referral) or is_recipient(user, referral)


def can_list_referrals(user: User) -> bool:
    """People who send or receive referrals."""
    return user.has_role(Role.caseworker, Role.coordinator, Role.receiving_officer)


def can_create_referral(user: User) -> bool:
    return user.has_role(Role.caseworker, Role.coordinator)


def can_edit_draft(user: User, referral: Referral) -> bool:
    return is_sender(user, referral) and referral.status == ReferralStatus.draft


def can_transition_referral(user: User, referral: Referral, action: str) -> bool:
    """Sender actions for the case team, recipient actions for the receiving side."""
    try:
        side = TRANSITIONS[Action(action)][2]
    except ValueError:
        return False
    if side == "sender":
        return is_sender(user, referral)
    if side == "recipient":
        return is_recipient(user, referral)
    return is_sender(user, referral) or is_recipient(user, referral)


def can_record_sender_view(user: User, referral: Referral) -> bool:
    """The sending team, once the receiver has decided or the referral ended."""
    return is_sender(user, referral) and referral.status not in (
        ReferralStatus.draft,
        ReferralStatus.submitted,
        ReferralStatus.acknowledged,
    )


def can_message(user: User, referral: Referral) -> bool:
    return referral.status != ReferralStatus.draft and can_view_referral(user, referral)


def referrals_visible_to(actor: User) -> sa.Select[tuple[Referral]]:
    """Sent from the actor's cases, or received by the actor's organisation (per role and state)."""
    own = own_cases(actor).with_only_columns(sa.literal_column("cases.id"))
    conditions = [Referral.case_id.in_(own)]
    received = sa.and_(
        Referral.referred_org_id == actor.organisation_id, Referral.status != ReferralStatus.draft
    )
    if actor.has_role(Role.coordinator):
        conditions.append(received)
    elif actor.has_role(Role.receiving_officer):
        conditions.append(
            sa.and_(
                received,
                sa.or_(
                    Referral.status.in_(PRE_DECISION),
                    Referral.receiving_caseworker_id == actor.id,
                    sa.and_(
                        Referral.status.in_((ReferralStatus.declined, ReferralStatus.withdrawn)),
                        Referral.receiving_caseworker_id.is_(None),
                    ),
                ),
            )
        )
    return sa.select(Referral).where(sa.or_(*conditions))
