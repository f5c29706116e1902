"""Protection operations: record a measure, move it through its states, reveal its address.

Every change writes one MeasureEvent and one audit event and tells the people who follow the
case: its team, and partner organisations whose consented view includes protection.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.enums import DataCategory
from referral.cases.models import Case, FamilyMember
from referral.consent.followers import notify_followers
from referral.core.errors import (
    IllegalTransition,
    ValidationProblem,
    check_version,
    coerce_members,
    field_error,
)
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.protection.enums import (
    EPO_ACTIONS,
    EPO_ELIGIBLE,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    Beneficiary,
    EventKind,
    MeasureAction,
    MeasureStatus,
    MeasureType,
    Recognition,
    RefusalReason,
)
from referral.protection.models import EpoProfile, MeasureEvent, ProtectionMeasure

PROTECTION = [DataCategory.protection.value]


def tell(actor: User | None, measure: ProtectionMeasure, kind: str) -> None:
    """Notify the case team (not the actor) and partners whose view includes protection."""
    notify_followers(
        actor,
        measure.case,
        measure,
        kind,
        DataCategory.protection.value,
        (Role.coordinator, Role.receiving_officer),
    )


def _event(
    actor: User | None,
    measure: ProtectionMeasure,
    kind: EventKind,
    note: str | None = None,
    reason_code: str | None = None,
    reported_at: Any = None,
) -> MeasureEvent:
    event = MeasureEvent(
        measure=measure,
        kind=kind,
        at=now_utc(),
        actor=actor,
        actor_org_id=actor.organisation_id if actor is not None else None,
        reason_code=reason_code,
        reported_to_issuing_state_at=reported_at,
    )
    db.session.add(event)
    event.details = note
    return event


def _family_member(case: Case, key: Any) -> FamilyMember | None:
    return next((member for member in case.family_members if member.uuid == key), None)


def _case_measure(case: Case, key: Any) -> ProtectionMeasure | None:
    if key is None:
        return None
    return db.session.scalar(
        sa.select(ProtectionMeasure).where(
            ProtectionMeasure.case_id == case.id, ProtectionMeasure.uuid == key
        )
    )


def _epo_problems(
    case: Case, data: dict[str, Any], family: FamilyMember | None
) -> tuple[ProtectionMeasure | None, list[tuple[str, str]]]:
    """An EPO extends an active national ban protecting the same person, at their request."""
    errors = []
    national = _case_measure(case, data.get("national_measure"))
    if (
        national is None
        or national.status != MeasureStatus.active
        or national.measure_type not in EPO_ELIGIBLE
    ):
        errors.append(
            field_error(
                "national_measure",
                _l("Choose the active contact or approach ban that the order extends."),
            )
        )
    elif national.beneficiary != data["beneficiary"] or national.family_member_id != (
        family.id if family else None
    ):
        errors.append(
            field_error(
                "national_measure", _l("The national measure must protect the same person.")
            )
        )
    elif national.country == data["country"]:
        errors.append(
            field_error(
                "country",
                _l("The executing state must differ from the state of the national measure."),
            )
        )
    if not data.get("requested_by_protected_person_on"):
        errors.append(
            field_error(
                "requested_by_protected_person_on",
                _l("An order is issued only at the protected person's request."),
            )
        )
    return national, errors


@operation
def record_measure(actor: User, case: Case, data: dict[str, Any]) -> ProtectionMeasure:
    """Record a measure as requested; the authority's decision follows as a transition."""
    errors = []
    family = None
    if data["beneficiary"] == Beneficiary.family_member:
        family = _family_member(case, data.get("family_member"))
        if family is None:
            errors.append(
                field_error("family_member", _l("Choose a family member recorded on this case."))
            )
    measure_type = data["measure_type"]
    if measure_type == MeasureType.court_special_measure and not data.get("special_measure"):
        errors.append(field_error("special_measure", _l("Choose the special measure.")))
    if data.get("protected_address") and not data.get("address_reason"):
        errors.append(field_error("address_reason", _l("Say why a precise address is needed.")))
    national = None
    if measure_type == MeasureType.epo:
        national, epo_errors = _epo_problems(case, data, family)
        errors += epo_errors
    if errors:
        raise ValidationProblem(errors=errors)
    measure = ProtectionMeasure(
        case=case,
        beneficiary=data["beneficiary"],
        family_member=family,
        country=data["country"],
        coarse_area=data.get("coarse_area"),
        measure_type=measure_type,
        special_measure=(
            data.get("special_measure")
            if measure_type == MeasureType.court_special_measure
            else None
        ),
        issuing_authority=data.get("issuing_authority"),
        review_on=data.get("review_on"),
        status=MeasureStatus.requested,
        requested_by=actor,
        national_measure=national,
    )
    db.session.add(measure)
    measure.prohibitions = data.get("prohibitions")
    measure.protected_address = data.get("protected_address")
    measure.address_reason = data.get("address_reason") if data.get("protected_address") else None
    if national is not None:
        db.session.add(
            EpoProfile(
                measure=measure,
                issuing_state=national.country,
                executing_state=data["country"],
                requested_by_protected_person_on=data["requested_by_protected_person_on"],
                stay_from=data.get("stay_from"),
                approach_metres=data.get("approach_metres"),
                recognition=Recognition.pending,
            )
        )
    _event(actor, measure, EventKind.requested, data.get("note"))
    db.session.flush()
    audit.record(
        actor, "protection.requested", measure, case_code=case.case_code, categories=PROTECTION
    )
    tell(actor, measure, "protection.changed")
    return measure


def _needs_note(data: dict[str, Any], message: Any) -> list[tuple[str, str]]:
    return [] if data.get("note") else [field_error("note", message)]


def _later(first: date | None, second: date | None) -> bool:
    return first is None or second is None or second >= first


def _guard(
    action: MeasureAction, measure: ProtectionMeasure, data: dict[str, Any], today: date
) -> list[tuple[str, str]]:
    """The unmet conditions of `action`, as field errors."""
    errors: list[tuple[str, str]] = []
    if action == MeasureAction.grant:
        for name, message in (
            ("issuing_authority", _l("Name the authority that granted it.")),
            ("legal_act_ref", _l("Give the reference of the decision.")),
            ("valid_from", _l("Give the date it applies from.")),
        ):
            if not (data.get(name) or (name == "issuing_authority" and measure.issuing_authority)):
                errors.append(field_error(name, message))
        if not _later(data.get("valid_from"), data.get("valid_until")):
            errors.append(field_error("valid_until", _l("The end cannot be before the start.")))
    elif action == MeasureAction.refuse:
        if not data.get("refusal_reason"):
            errors.append(field_error("refusal_reason", _l("Choose the reason for the refusal.")))
        elif data["refusal_reason"] == RefusalReason.other:
            errors += _needs_note(data, _l("Describe the reason."))
    elif action == MeasureAction.activate:
        if measure.valid_from and measure.valid_from > today:
            errors.append(
                field_error("action", _l("The measure applies only from its start date."))
            )
        if measure.epo is not None and measure.epo.recognition != Recognition.recognised:
            errors.append(
                field_error("action", _l("The executing state has not recognised the order yet."))
            )
    elif action == MeasureAction.modify:
        errors += _needs_note(data, _l("Say what changed and why."))
        if not _later(measure.valid_from, data.get("valid_until")):
            errors.append(field_error("valid_until", _l("The end cannot be before the start.")))
    elif action == MeasureAction.renew:
        current = measure.valid_until or today
        if not data.get("valid_until") or data["valid_until"] <= current:
            errors.append(
                field_error(
                    "valid_until", _l("A renewal needs an end date later than the current one.")
                )
            )
    elif action == MeasureAction.report_breach:
        errors += _needs_note(data, _l("Describe the breach."))
        if measure.epo is not None and not data.get("reported_to_issuing_state_at"):
            errors.append(
                field_error(
                    "reported_to_issuing_state_at",
                    _l("A breach of an order must be reported to the issuing state."),
                )
            )
    elif action == MeasureAction.revoke:
        errors += _needs_note(data, _l("Say why it was revoked."))
    elif action == MeasureAction.transmit:
        if not data.get("transmitted_on") or data["transmitted_on"] > today:
            errors.append(field_error("transmitted_on", _l("Give the date it was transmitted.")))
    elif action == MeasureAction.record_recognition:
        if data.get("recognition") not in (Recognition.recognised, Recognition.refused):
            errors.append(field_error("recognition", _l("Choose the executing state's decision.")))
        if not data.get("recognition_decided_on") or data["recognition_decided_on"] > today:
            errors.append(
                field_error("recognition_decided_on", _l("Give the date of the decision."))
            )
    return errors


def _apply(action: MeasureAction, measure: ProtectionMeasure, data: dict[str, Any]) -> list[str]:
    """Write the action's fields; returns the names of the fields it changed."""
    changed = []
    plain = (
        "issuing_authority",
        "legal_act_on",
        "valid_from",
        "valid_until",
        "review_on",
        "penalty",
        "technical_device",
    )
    if action in (MeasureAction.grant, MeasureAction.modify, MeasureAction.renew):
        for name in plain:
            if data.get(name) is not None and getattr(measure, name) != data[name]:
                setattr(measure, name, data[name])
                changed.append(name)
        for name in ("legal_act_ref", "prohibitions"):
            if data.get(name) and getattr(measure, name) != data[name]:
                setattr(measure, name, data[name])
                changed.append(name)
    elif action == MeasureAction.refuse:
        measure.refusal_reason = data["refusal_reason"]
        changed.append("refusal_reason")
    elif action == MeasureAction.transmit and measure.epo is not None:
        measure.epo.transmitted_on = data["transmitted_on"]
        changed.append("transmitted_on")
    elif action == MeasureAction.record_recognition and measure.epo is not None:
        epo = measure.epo
        epo.recognition = data["recognition"]
        epo.recognition_decided_on = data["recognition_decided_on"]
        epo.executing_authority = data.get("executing_authority") or epo.executing_authority
        epo.executing_measure_ref = data.get("executing_measure_ref")
        changed += ["recognition", "recognition_decided_on"]
    return changed


@operation
def transition_measure(
    actor: User | None, measure: ProtectionMeasure, data: dict[str, Any]
) -> ProtectionMeasure:
    """Move a measure along its state machine.  :raise IllegalTransition, ValidationProblem:"""
    try:
        action = MeasureAction(str(data["action"]))
    except ValueError:
        raise ValidationProblem(
            errors=[field_error("action", _l("Choose one of the options."))]
        ) from None
    if action in SYSTEM_ACTIONS and actor is not None:
        raise ValidationProblem(
            errors=[
                field_error("action", _l("A measure expires by itself at the end of its validity."))
            ]
        )
    if action in EPO_ACTIONS and measure.measure_type != MeasureType.epo:
        raise IllegalTransition(
            str(_l("Only a European Protection Order is transmitted and recognised."))
        )
    allowed, target, kind = TRANSITIONS[action]
    if measure.status not in allowed:
        raise IllegalTransition(
            str(
                _l(
                    "This action is not possible while the measure is %(status)s.",
                    status=measure.status.title,
                )
            )
        )
    if data.get("version") is not None:
        check_version(measure, data["version"])
    data = coerce_members(data, {"refusal_reason": RefusalReason, "recognition": Recognition})
    today = now_utc().date()
    errors = _guard(action, measure, data, today)
    if errors:
        raise ValidationProblem(errors=errors)
    changed = _apply(action, measure, data)
    if target is not None:
        measure.status = target
        changed.append("status")
    reason = data.get("refusal_reason") or (
        data.get("recognition") if action == MeasureAction.record_recognition else None
    )
    _event(
        actor,
        measure,
        kind,
        data.get("note"),
        reason_code=str(reason.value) if reason is not None else None,
        reported_at=data.get("reported_to_issuing_state_at"),
    )
    db.session.flush()
    audit.record(
        actor,
        f"protection.{action.value}",
        measure,
        case_code=measure.case.case_code,
        fields=changed,
        categories=PROTECTION,
    )
    tell(actor, measure, "protection.changed")
    return measure


@operation
def reveal_address(actor: User, measure: ProtectionMeasure) -> dict[str, str | None]:
    """The precise address and why it is kept: audited every time."""
    audit.record(
        actor,
        "protection.address_revealed",
        measure,
        case_code=measure.case.case_code,
        fields=["protected_address"],
        categories=[DataCategory.location.value],
    )
    return {
        "protected_address": measure.protected_address,
        "address_reason": measure.address_reason,
    }
