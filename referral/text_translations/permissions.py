"""Who may ask for, see and do translation work. Pure predicates and scoped queries."""

from __future__ import annotations

import sqlalchemy as sa

from referral.identity.enums import Role
from referral.identity.models import User
from referral.referrals.enums import OPEN_STATES, ReferralStatus
from referral.referrals.models import Referral
from referral.referrals.permissions import can_view_referral, referrals_visible_to
from referral.text_translations.enums import TaskStatus
from referral.text_translations.models import TranslationTask


def is_requesting_side(user: User, task: TranslationTask) -> bool:
    """People of the organisation that asked, who can see the referral themselves."""
    return user.organisation_id == task.requesting_org_id and can_view_referral(user, task.referral)


def is_working_translator(user: User, task: TranslationTask) -> bool:
    """The assignee, only while the task and the referral are open: access ends with the work."""
    return (
        task.assignee_id == user.id
        and user.has_role(Role.mediator_interpreter)
        and task.status == TaskStatus.open
        and task.referral.is_open
    )


def can_request_translation(user: User, referral: Referral) -> bool:
    """Either side of a sent, open referral, by people who work on referrals."""
    return (
        referral.status != ReferralStatus.draft
        and referral.is_open
        and user.has_role(Role.caseworker, Role.coordinator, Role.receiving_officer)
        and can_view_referral(user, referral)
    )


def can_list_tasks(user: User) -> bool:
    return user.has_role(
        Role.mediator_interpreter, Role.caseworker, Role.coordinator, Role.receiving_officer
    )


def can_view_task(user: User, task: TranslationTask) -> bool:
    return is_working_translator(user, task) or is_requesting_side(user, task)


def can_translate(user: User, task: TranslationTask) -> bool:
    return is_working_translator(user, task)


def can_cancel_task(user: User, task: TranslationTask) -> bool:
    return task.status == TaskStatus.open and is_requesting_side(user, task)


def tasks_visible_to(user: User) -> sa.Select[tuple[TranslationTask]]:
    """Assigned open work, and the tasks one's own organisation asked for on visible referrals."""
    visible = referrals_visible_to(user).with_only_columns(sa.literal_column("referrals.id"))
    open_referrals = sa.select(Referral.id).where(Referral.status.in_(OPEN_STATES))
    assigned = sa.and_(
        TranslationTask.assignee_id == user.id,
        TranslationTask.status == TaskStatus.open,
        TranslationTask.referral_id.in_(open_referrals),
    )
    asked = sa.and_(
        TranslationTask.requesting_org_id == user.organisation_id,
        TranslationTask.referral_id.in_(visible),
    )
    query = sa.select(TranslationTask)
    if user.has_role(Role.mediator_interpreter):
        return query.where(sa.or_(assigned, asked))
    return query.where(asked)
