"""Case operations: open a case, record its parts, reveal masked values. Each one is audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.enums import ReflectionStatus, ScreeningOutcome
from referral.cases.models import (
    Case,
    CaseKey,
    CaseMember,
    FamilyMember,
    Guardian,
    Identity,
    IndicatorScreening,
    ReflectionPeriod,
    RiskAssessment,
)
from referral.cases.queries import case_data
from referral.core.crypto import new_data_key, wrap_data_key
from referral.core.errors import ValidationProblem, check_version
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User

PROFILE_FIELDS = (
    "gender",
    "citizenship",
    "primary_language",
    "secondary_language",
    "stated_age",
    "is_minor",
    "age_disputed",
    "interpreter_needed",
    "cultural_mediator_needed",
    "preferred_staff_gender",
)
IDENTITY_FIELDS = (
    "first_name",
    "middle_name",
    "second_name",
    "aliases",
    "birthdate",
    "identity_number",
    "documents",
    "mobile_phone",
    "email",
)
ADDRESS_FIELDS = ("address_street", "address_city", "address_region", "address_country")
#: Longest allowed interval between risk reviews.
MAX_REVIEW_DAYS = 30


def _touched(data: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if data.get(name) not in (None, "", [])]


def _write_identity(case: Case, data: dict[str, Any]) -> list[str]:
    identity = case.identity
    if identity is None:
        identity = Identity(case=case)
        db.session.add(identity)
    for name in IDENTITY_FIELDS:
        if name in data:
            setattr(identity, name, data[name])
    address = {
        name.removeprefix("address_"): data.get(name) for name in ADDRESS_FIELDS if data.get(name)
    }
    if any(name in data for name in ADDRESS_FIELDS):
        identity.address = address or None
    return _touched(data, IDENTITY_FIELDS + ADDRESS_FIELDS)


@operation
def create_case(actor: User, data: dict[str, Any]) -> Case:
    """Open a case with a fresh case code and its own data key; the creator leads the team."""
    now = now_utc()
    case = Case(owner_org_id=actor.organisation_id, opened_at=now)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    db.session.add(case)
    db.session.flush()
    db.session.add(
        CaseKey(
            case=case,
            wrapped_key=wrap_data_key(new_data_key(), str(case.uuid)),
            master_key_id=current_app.config["MASTER_KEY_ID"],
            created_at=now,
        )
    )
    db.session.flush()
    case.special_needs = data.get("special_needs")
    db.session.add(CaseMember(case=case, user_id=actor.id, is_lead=True))
    fields = _write_identity(case, data)
    db.session.flush()
    audit.record(
        actor,
        "case.created",
        case,
        case_code=case.case_code,
        fields=_touched(data, PROFILE_FIELDS) + fields,
    )
    return case


@operation
def update_profile(actor: User, case: Case, data: dict[str, Any]) -> Case:
    """Change the descriptive fields."""
    check_version(case, data.get("version"))
    changed = [
        name for name in PROFILE_FIELDS if name in data and getattr(case, name) != data[name]
    ]
    for name in changed:
        setattr(case, name, data[name])
    if data.get("special_needs") != case.special_needs:
        case.special_needs = data.get("special_needs")
        changed.append("special_needs")
    case.updated_at = now_utc()
    audit.record(actor, "case.updated", case, case_code=case.case_code, fields=changed)
    return case


@operation
def update_identity(actor: User, case: Case, data: dict[str, Any]) -> Case:
    """Replace identity, contact and address values."""
    fields = _write_identity(case, data)
    audit.record(
        actor,
        "case.identity_updated",
        case,
        case_code=case.case_code,
        fields=fields,
        categories=["identity", "contact", "location"],
    )
    return case


@operation
def set_victim_status(actor: User, case: Case, data: dict[str, Any]) -> Case:
    """Record possible, identified or not a victim; assistance never depends on it."""
    case.trafficking_status = data["trafficking_status"]
    case.status_decision_org = data.get("status_decision_org")
    case.status_decided_on = data.get("status_decided_on")
    audit.record(
        actor,
        "case.status_recorded",
        case,
        case_code=case.case_code,
        reason_code=str(case.trafficking_status),
    )
    return case


@operation
def set_guardian(actor: User, case: Case, data: dict[str, Any]) -> Guardian:
    """Record or replace a child's guardian or representative."""
    guardian = case.guardian or Guardian(case=case, kind=data["kind"])
    guardian.kind = data["kind"]
    guardian.organisation_name = data.get("organisation_name")
    guardian.appointed_on = data.get("appointed_on")
    guardian.name = data["name"]
    guardian.contact = data.get("contact")
    db.session.add(guardian)
    db.session.flush()
    audit.record(
        actor,
        "case.guardian_recorded",
        guardian,
        case_code=case.case_code,
        fields=["kind", "name", "contact"],
    )
    return guardian


@operation
def add_family_member(actor: User, case: Case, data: dict[str, Any]) -> FamilyMember:
    """Record a relative; a precise address needs a reason (kept in the audit trail as a code)."""
    member = FamilyMember(
        case=case,
        relationship_to_victim=data["relationship_to_victim"],
        is_child_of_victim=data.get("is_child_of_victim", False),
        country=data.get("country"),
        is_threatened=data.get("is_threatened", False),
    )
    db.session.add(member)
    db.session.flush()
    member.name = data.get("name")
    member.coarse_location = data.get("coarse_location")
    member.precise_location = data.get("precise_location")
    member.contact = data.get("contact")
    fields = _touched(data, ("name", "coarse_location", "precise_location", "contact", "country"))
    audit.record(
        actor,
        "case.family_member_added",
        member,
        case_code=case.case_code,
        fields=fields,
        reason_code="precise_location_reasoned" if data.get("precise_location") else None,
    )
    return member


@operation
def add_risk_assessment(actor: User, case: Case, data: dict[str, Any]) -> RiskAssessment:
    """A new version; the review date may be at most 30 days away."""
    today = now_utc().date()
    review = data["next_review_on"]
    if review < today or review > today + timedelta(days=MAX_REVIEW_DAYS):
        raise ValidationProblem(
            errors=[
                (
                    "next_review_on",
                    str(
                        _l(
                            "Set the next review within the next %(days)s days.",
                            days=MAX_REVIEW_DAYS,
                        )
                    ),
                )
            ]
        )
    version = (
        db.session.scalar(
            sa.select(sa.func.max(RiskAssessment.version_number)).where(
                RiskAssessment.case_id == case.id
            )
        )
        or 0
    ) + 1
    assessment = RiskAssessment(
        case=case,
        version_number=version,
        assessed_at=now_utc(),
        assessor_id=actor.id,
        method=data["method"],
        level_victim=data["level_victim"],
        level_family=data["level_family"],
        level_staff=data["level_staff"],
        next_review_on=review,
        threat_of_violence_or_retrafficking=bool(data.get("threat_of_violence_or_retrafficking")),
        urgent_medical_need=bool(data.get("urgent_medical_need")),
    )
    db.session.add(assessment)
    db.session.flush()
    assessment.victim_views = data.get("victim_views")
    assessment.safety_plan = data.get("safety_plan")
    audit.record(
        actor,
        "case.risk_assessed",
        assessment,
        case_code=case.case_code,
        categories=["risk"],
        reason_code=f"version:{version}",
    )
    return assessment


def reflection_minimum_days(country: str) -> int:
    """The country's minimum reflection period (configurable; 30 days by default)."""
    table = current_app.config.get("REFLECTION_MIN_DAYS") or {}
    return int(table.get(country, 30))


@operation
def start_reflection(actor: User, case: Case, data: dict[str, Any]) -> ReflectionPeriod:
    """Start the reflection period; it lasts at least the country's minimum."""
    minimum = reflection_minimum_days(data["country"])
    if data["planned_end_on"] < data["starts_on"] + timedelta(days=minimum):
        raise ValidationProblem(
            errors=[
                (
                    "planned_end_on",
                    str(
                        _l("The period lasts at least %(days)s days in this country.", days=minimum)
                    ),
                )
            ]
        )
    period = case.reflection or ReflectionPeriod(
        case=case,
        country=data["country"],
        starts_on=data["starts_on"],
        planned_end_on=data["planned_end_on"],
    )
    for name in ("country", "starts_on", "planned_end_on", "informed_on", "informed_lang"):
        setattr(period, name, data.get(name))
    period.status, period.ended_on, period.end_reason = ReflectionStatus.running, None, None
    db.session.add(period)
    db.session.flush()
    audit.record(actor, "case.reflection_started", period, case_code=case.case_code)
    return period


@operation
def end_reflection(actor: User, case: Case, data: dict[str, Any]) -> ReflectionPeriod:
    """End the period; the reason is recorded for the file only."""
    period = case.reflection
    if period is None or period.status != ReflectionStatus.running:
        raise ValidationProblem(errors=[("", str(_l("No reflection period is running.")))])
    period.status, period.ended_on, period.end_reason = (
        ReflectionStatus.ended,
        data["ended_on"],
        data["end_reason"],
    )
    audit.record(actor, "case.reflection_ended", period, case_code=case.case_code)
    return period


@operation
def add_screening(actor: User, case: Case, data: dict[str, Any]) -> IndicatorScreening:
    """Record indicators; any indicator suggests referral for identification, nothing more."""
    indicators = list(data.get("methods_of_control") or []) + list(
        data.get("exploitation_types") or []
    )
    outcome = (
        ScreeningOutcome.refer_for_identification if indicators else ScreeningOutcome.not_indicated
    )
    screening = IndicatorScreening(
        case=case,
        catalogue=data.get("catalogue") or "htcds",
        assessed_at=now_utc(),
        assessor_id=actor.id,
        outcome=outcome,
    )
    db.session.add(screening)
    db.session.flush()
    screening.methods_of_control = [str(v) for v in data.get("methods_of_control") or []] or None
    screening.exploitation_types = [str(v) for v in data.get("exploitation_types") or []] or None
    audit.record(
        actor,
        "case.screened",
        screening,
        case_code=case.case_code,
        categories=["exploitation"],
        reason_code=outcome.value,
    )
    return screening


@operation
def view_case(
    actor: User, case: Case, categories: set[str], purpose: str | None = None
) -> dict[str, Any]:
    """Read a case (reads of case data are audited)."""
    data = case_data(case, categories)
    audit.record(
        actor, "case.viewed", case, case_code=case.case_code, categories=categories, purpose=purpose
    )
    return data


@operation
def reveal(actor: User, case: Case, wanted: set[str], categories: set[str]) -> dict[str, Any]:
    """Show masked identity, contact or location values the viewer may see; always audited."""
    allowed = wanted & categories
    data = case_data(case, categories, revealed=allowed)
    audit.record(actor, "case.revealed", case, case_code=case.case_code, categories=allowed)
    return data


def risk_review_overdue(case: Case, today: date | None = None) -> bool:
    """No risk assessment, or its review date has passed."""
    current = case.current_risk
    today = today or now_utc().date()
    return current is None or current.next_review_on < today
