"""Read helpers: list queries and a referral as plain values for its viewer."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.queries import case_data
from referral.core.time import now_utc
from referral.directory.models import Service
from referral.identity.models import Organisation, User
from referral.referrals.models import Referral
from referral.referrals.permissions import is_sender, referrals_visible_to

_case = aliased(Case, name="listed_case")
_service = aliased(Service, name="listed_service")
_orgs = {side: aliased(Organisation, name=f"{side}_org") for side in ("referring", "referred")}

#: The referral's own columns a list row carries (besides its id and creation time).
_ROW_COLUMNS = (
    "uuid", "status", "kind", "purpose", "urgency", "sender_country", "recipient_country",
    "data_package", "submitted_at", "acknowledged_at", "decided_at", "ack_due_at",
    "decide_due_at", "version", "decline_reason", "withdrawal_reason", "outcome",
)  # fmt: skip


def list_query(actor: User, filters: dict[str, Any]) -> sa.Select[Any]:
    """Visible referrals with the filters applied, as list rows (the SQL does the scoping).

    One statement of plain columns, its organisations and service joined: a list page is a
    projection, so no ORM objects and no follow-up queries. `summary` shapes a row."""
    now = now_utc()
    query = (
        referrals_visible_to(actor)
        .with_only_columns(
            Referral.id,
            Referral.created_at,
            *(getattr(Referral, name) for name in _ROW_COLUMNS),
            Referral.overdue_at(now).label("is_overdue"),
            _case.case_code,
            _service.uuid.label("service_uuid"),
            _service.name.label("service_name"),
            _service.service_type.label("service_type"),
            *(
                getattr(org, column).label(f"{side}_org_{column}")
                for side, org in _orgs.items()
                for column in ("uuid", "name", "country", "emergency_phone")
            ),
        )
        .join(_case, _case.id == Referral.case_id)
        .join(_service, _service.id == Referral.service_id)
        .join(_orgs["referring"], _orgs["referring"].id == Referral.referring_org_id)
        .join(_orgs["referred"], _orgs["referred"].id == Referral.referred_org_id)
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
        query = query.where(Referral.overdue_at(now))
    return query


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """Both sides' view of a referral, from its flat values: no case data, no free text."""
    data = {name: values[name] for name in _ROW_COLUMNS}
    data["id"] = data.pop("uuid")
    for name in ("status", "kind", "urgency", "decline_reason", "withdrawal_reason", "outcome"):
        data[name] = data[name].value if data[name] is not None else None
    data["data_package"] = list(data["data_package"])
    data["case_code"] = values["case_code"]
    data["is_overdue"] = bool(values["is_overdue"])
    data["service"] = {
        "id": str(values["service_uuid"]),
        "name": values["service_name"],
        "service_type": values["service_type"].value,
    }
    for side in _orgs:
        data[f"{side}_organisation"] = {
            "id": str(values[f"{side}_org_uuid"]),
            "name": values[f"{side}_org_name"],
            "country": values[f"{side}_org_country"],
            "emergency_phone": values[f"{side}_org_emergency_phone"],
        }
    return {name: value for name, value in data.items() if value is not None}


def summary(row: sa.Row[Any]) -> dict[str, Any]:
    """One row of `list_query` as a list shows it: the envelope only, for either side (a
    list discloses the least; opening the referral shows the rest)."""
    return _shown(row._asdict())


def envelope(referral: Referral) -> dict[str, Any]:
    """What both sides always see of one referral, its set values only: no case data."""
    values = {name: getattr(referral, name) for name in _ROW_COLUMNS}
    values.update(
        case_code=referral.case.case_code,
        is_overdue=referral.is_overdue(),
        service_uuid=referral.service.uuid,
        service_name=referral.service.name,
        service_type=referral.service.service_type,
    )
    for side in ("referring", "referred"):
        org = getattr(referral, f"{side}_org")
        for column in ("uuid", "name", "country", "emergency_phone"):
            values[f"{side}_org_{column}"] = getattr(org, column)
    return _shown(values)


def referral_view(actor: User, referral: Referral, categories: set[str]) -> dict[str, Any]:
    """The envelope, plus case data and free text only within `categories` (absent otherwise)."""
    data = envelope(referral)
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
