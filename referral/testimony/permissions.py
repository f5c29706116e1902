"""Who may see and arrange testimony. Pure predicates and scoped queries."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.permissions import (
    can_view_case,
    cases_visible_to,
    is_case_team,
    visible_case_categories,
)
from referral.identity.models import User
from referral.testimony.models import HearingSession, Participant, Testimony


def can_view_testimony(user: User, case: Case) -> bool:
    """The case team, and partners whose consented view includes legal proceedings."""
    if is_case_team(user, case):
        return True
    return can_view_case(user, case) and (
        DataCategory.legal.value in visible_case_categories(user, case)
    )


def can_arrange_testimony(user: User, case: Case) -> bool:
    """The owner's case team arranges hearings."""
    return is_case_team(user, case)


def can_view_request(user: User, testimony: Testimony) -> bool:
    return can_view_testimony(user, testimony.case)


def can_change_request(user: User, testimony: Testimony) -> bool:
    return can_arrange_testimony(user, testimony.case)


def takes_part(user: User, session: HearingSession) -> bool:
    """A participant linked to the user's account (an interpreter, say)."""
    return any(p.user_id == user.id for p in session.participants)


def can_view_session(user: User, session: HearingSession) -> bool:
    """Those who see the request, and the people taking part (their own calendar only)."""
    return takes_part(user, session) or can_view_testimony(user, session.testimony.case)


def can_change_session(user: User, session: HearingSession) -> bool:
    return can_arrange_testimony(user, session.testimony.case)


def can_see_calendar(user: User) -> bool:
    """Everyone signed in has a hearing calendar (empty when they take part in nothing)."""
    return user.is_active


def testimonies_visible_to(user: User) -> sa.Select[tuple[Testimony]]:
    reachable = cases_visible_to(user).with_only_columns(Case.id)
    return sa.select(Testimony).where(Testimony.case_id.in_(reachable))


def sessions_visible_to(user: User) -> sa.Select[tuple[HearingSession]]:
    """Sessions of reachable cases (the category check runs per session) and one's own."""
    reachable = cases_visible_to(user).with_only_columns(Case.id)
    mine = sa.select(Participant.session_id).where(Participant.user_id == user.id)
    return (
        sa.select(HearingSession)
        .join(Testimony, HearingSession.testimony_id == Testimony.id)
        .where(sa.or_(Testimony.case_id.in_(reachable), HearingSession.id.in_(mine)))
    )
