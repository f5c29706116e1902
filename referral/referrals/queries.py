"""Read helpers: list queries and a referral as plain values for its viewer."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from referral.cases.enums import DataCategory
from referral.cases.queries import case_data
from referral.core.time import now_utc
from referral.identity.models import User
from referral.referrals.enums import ReferralStatus
from referral.referrals.models import Referral
from referral.referrals.permissions import is_sender, referrals_visible_to


def list_query(actor: User, filters: dict[str, Any]) -> sa.Select[tuple[Referral]]:
    """Visible referrals with the filters applied (the SQL does the scoping)."""
    query = referrals_visible_to(actor).options(
        selectinload(Referral.case),
        selectinload(Referral.service),
        selectinload(Referral.referring_org),
        selectinload(Referral.referred_org),
    )
    box = filters.get("box") or "all"
    if box == "received":
        query = query.where(Referral.referred_org_id == actor.organisation_id)
    elif box == "sent":
        query = query.where(Referral.referring_org_id == actor.organisation_id)
    if filters.get("status"):
        query = query.where(Referral.status == filters["status"])
    if filters.get("sender_country"):
        query = query.where(Referral.sender_country == filters["sender_country"])
    if filters.get("recipient_country"):
        query = query.where(Referral.recipient_country == filters["recipient_country"])
    if filters.get("overdue"):
        now = now_utc()
        query = query.where(
            sa.or_(
                sa.and_(
                    Referral.status == ReferralStatus.submitted,
                    Referral.acknowledged_at.is_(None),
                    Referral.ack_due_at < now,
                ),
                sa.and_(
                    Referral.status.in_([ReferralStatus.submitted, ReferralStatus.acknowledged]),
                    Referral.decided_at.is_(None),
                    Referral.decide_due_at < now,
                ),
            )
        )
    return query


def _org(org: Any) -> dict[str, Any]:
    return {
        "id": str(org.uuid),
        "name": org.name,
        "country": org.country,
        "emergency_phone": org.emergency_phone,
    }


def envelope(referral: Referral) -> dict[str, Any]:
    """What both sides always see: no case data."""
    return {
        "id": referral.uuid,
        "case_code": referral.case.case_code,
        "status": referral.status.value,
        "kind": referral.kind.value,
        "purpose": referral.purpose,
        "urgency": referral.urgency.value,
        "service": {
            "id": str(referral.service.uuid),
            "name": referral.service.name,
            "service_type": referral.service.service_type.value,
        },
        "referring_organisation": _org(referral.referring_org),
        "referred_organisation": _org(referral.referred_org),
        "sender_country": referral.sender_country,
        "recipient_country": referral.recipient_country,
        "data_package": list(referral.data_package),
        "submitted_at": referral.submitted_at,
        "acknowledged_at": referral.acknowledged_at,
        "decided_at": referral.decided_at,
        "ack_due_at": referral.ack_due_at,
        "decide_due_at": referral.decide_due_at,
        "is_overdue": referral.is_overdue(),
        "version": referral.version,
        "decline_reason": referral.decline_reason.value if referral.decline_reason else None,
        "withdrawal_reason": referral.withdrawal_reason.value
        if referral.withdrawal_reason
        else None,
        "outcome": referral.outcome.value if referral.outcome else None,
    }


def referral_view(actor: User, referral: Referral, categories: set[str]) -> dict[str, Any]:
    """The envelope, plus case data and free text only within `categories` (absent otherwise)."""
    data = {k: v for k, v in envelope(referral).items() if v is not None}
    if categories:
        data["case"] = case_data(referral.case, categories)
    if DataCategory.support.value in categories or is_sender(actor, referral):
        if referral.details:
            data["details"] = referral.details
        data["services_requested"] = list(referral.services_requested)
    if referral.arrival_at is not None and (categories or is_sender(actor, referral)):
        data["arrival"] = {
            "at": referral.arrival_at.isoformat(),
            "meeting_point": referral.meeting_point,
            "met_by": referral.met_by,
            "escort": referral.escort,
        }
    return data
