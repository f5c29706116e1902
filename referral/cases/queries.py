"""Read helpers: a case as plain values, limited to the categories its viewer may see."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User

#: Shown only after an audited "Show" (reveal), for everyone.
MASKED = frozenset(
    {DataCategory.identity.value, DataCategory.contact.value, DataCategory.location.value}
)


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def _demographics(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = {
        "gender": case.gender.value,
        "citizenship": list(case.citizenship),
        "primary_language": case.primary_language,
        "secondary_language": case.secondary_language,
        "stated_age": case.stated_age,
        "is_child": case.is_child,
        "age_disputed": case.age_disputed,
        "interpreter_needed": case.interpreter_needed,
        "cultural_mediator_needed": case.cultural_mediator_needed,
        "preferred_staff_gender": case.preferred_staff_gender.value,
    }
    if case.guardian is not None:
        data["guardian"] = {
            "kind": case.guardian.kind.value,
            "organisation_name": case.guardian.organisation_name,
            "appointed_on": _iso(case.guardian.appointed_on),
        }
    return data


def _residence(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = {
        "trafficking_status": case.trafficking_status.value,
        "status_decision_org": case.status_decision_org.value if case.status_decision_org else None,
        "status_decided_on": _iso(case.status_decided_on),
    }
    period = case.reflection
    if period is not None:
        data["reflection_period"] = {
            "country": period.country,
            "starts_on": _iso(period.starts_on),
            "planned_end_on": _iso(period.planned_end_on),
            "informed_on": _iso(period.informed_on),
            "informed_lang": period.informed_lang,
            "status": period.status.value,
            "ended_on": _iso(period.ended_on),
            "end_reason": period.end_reason.value if period.end_reason else None,
        }
    return data


def _risk(case: Case) -> dict[str, Any]:
    current = case.current_risk
    if current is None:
        return {}
    return {
        "version": current.version_number,
        "assessed_at": _iso(current.assessed_at),
        "method": current.method.value,
        "level_victim": current.level_victim.value,
        "level_family": current.level_family.value,
        "level_staff": current.level_staff.value,
        "threat_of_violence_or_retrafficking": current.threat_of_violence_or_retrafficking,
        "urgent_medical_need": current.urgent_medical_need,
        "victim_views": current.victim_views,
        "safety_plan": current.safety_plan,
        "next_review_on": _iso(current.next_review_on),
    }


def _family(case: Case, revealed: set[str]) -> list[dict[str, Any]]:
    members = []
    for member in case.family_members:
        item = {
            "id": str(member.uuid),
            "relationship": member.relationship_to_victim,
            "is_child_of_victim": member.is_child_of_victim,
            "country": member.country,
            "coarse_location": member.coarse_location,
            "is_threatened": member.is_threatened,
        }
        if "location" in revealed and member.precise_location:
            item["precise_location"] = member.precise_location
        members.append(item)
    return members


def _exploitation(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "assessed_at": _iso(screening.assessed_at),
            "outcome": screening.outcome.value,
            "methods_of_control": screening.methods_of_control or [],
            "exploitation_types": screening.exploitation_types or [],
        }
        for screening in case.screenings
    ]


def _identity(case: Case) -> dict[str, Any]:
    identity = case.identity
    if identity is None:
        return {}
    return {
        "first_name": identity.first_name,
        "middle_name": identity.middle_name,
        "second_name": identity.second_name,
        "aliases": identity.aliases or [],
        "birthdate": _iso(identity.birthdate),
        "identity_number": identity.identity_number,
        "documents": identity.documents or [],
    }


def _contact(case: Case) -> dict[str, Any]:
    identity = case.identity
    data = {}
    if identity is not None:
        data = {"mobile_phone": identity.mobile_phone, "email": identity.email}
    if case.guardian is not None:
        data["guardian_name"] = case.guardian.name
        data["guardian_contact"] = case.guardian.contact
    return data


def _location(case: Case) -> dict[str, Any]:
    identity = case.identity
    return {"address": identity.address} if identity is not None and identity.address else {}


def case_data(case: Case, categories: set[str], revealed: set[str] = frozenset()) -> dict[str, Any]:
    """The case as plain values: only `categories`; masked ones only when also `revealed`."""
    data: dict[str, Any] = {
        "id": str(case.uuid),
        "case_code": case.case_code,
        "status": case.status.value,
        "opened_at": _iso(case.opened_at),
        "visible_categories": sorted(categories),
    }
    builders = {
        "demographics": lambda: _demographics(case),
        "health": lambda: {"special_needs": case.special_needs},
        "residence": lambda: _residence(case),
        "risk": lambda: _risk(case),
        "family": lambda: _family(case, revealed & categories),
        "exploitation": lambda: _exploitation(case),
        "identity": lambda: _identity(case),
        "contact": lambda: _contact(case),
        "location": lambda: _location(case),
    }
    for category, build in builders.items():
        if category not in categories:
            continue
        if category in MASKED and category not in revealed:
            continue
        data[category] = build()
    return data


def team_users(case: Case) -> list[User]:
    """The case team and the owner organisation's coordinators, who follow every case."""
    people = {member.user for member in case.members}
    owners = db.session.scalars(
        sa.select(User).where(User.organisation_id == case.owner_org_id, User.is_active)
    )
    people |= {user for user in owners if user.has_role(Role.coordinator)}
    return sorted(people, key=lambda user: user.id)
