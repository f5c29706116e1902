"""Read helpers: a measure as plain values for its viewer, a case's timeline, the alert list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from referral.cases.models import Case, FamilyMember
from referral.cases.permissions import own_cases
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User
from referral.protection.enums import LIVE_STATES, Beneficiary
from referral.protection.models import MeasureEvent, ProtectionMeasure
from referral.protection.permissions import can_see_family_details, own_measures


def measures_of(case: Case) -> list[ProtectionMeasure]:
    return list(
        db.session.scalars(
            sa.select(ProtectionMeasure)
            .where(ProtectionMeasure.case_id == case.id)
            .order_by(ProtectionMeasure.created_at)
        )
    )


def relationship_label(actor: User | None, measure: ProtectionMeasure) -> str | None:
    """Which relative, only for viewers who may see family data."""
    if measure.family_member is None:
        return None
    if actor is not None and not can_see_family_details(actor, measure.case):
        return None
    return measure.family_member.relationship_to_victim


def measure_view(actor: User | None, measure: ProtectionMeasure) -> dict[str, Any]:
    """Plain values; never the precise address (that is a separate, audited reveal)."""
    epo = measure.epo
    view: dict[str, Any] = {
        "id": measure.uuid,
        "case_code": measure.case.case_code,
        "beneficiary": measure.beneficiary.value,
        "country": measure.country,
        "coarse_area": measure.coarse_area,
        "measure_type": measure.measure_type.value,
        "special_measure": measure.special_measure.value if measure.special_measure else None,
        "status": measure.status.value,
        "issuing_authority": measure.issuing_authority,
        "legal_act_ref": measure.legal_act_ref,
        "legal_act_on": measure.legal_act_on,
        "prohibitions": measure.prohibitions,
        "penalty": measure.penalty,
        "technical_device": measure.technical_device,
        "valid_from": measure.valid_from,
        "valid_until": measure.valid_until,
        "review_on": measure.review_on,
        "refusal_reason": measure.refusal_reason.value if measure.refusal_reason else None,
        "has_protected_address": measure.protected_address_encrypted is not None,
        "national_measure": measure.national_measure.uuid if measure.national_measure else None,
        "version": measure.version,
        "events": [
            {
                "id": event.uuid,
                "kind": event.kind.value,
                "at": event.at,
                "organisation": event.actor_org.name if event.actor_org else None,
                "reason_code": event.reason_code,
                "details": event.details,
                "reported_to_issuing_state_at": event.reported_to_issuing_state_at,
            }
            for event in measure.events
        ],
    }
    relationship = relationship_label(actor, measure)
    if relationship is not None:
        view["family_relationship"] = relationship
    if epo is not None:
        view["epo"] = {
            "issuing_state": epo.issuing_state,
            "executing_state": epo.executing_state,
            "requested_by_protected_person_on": epo.requested_by_protected_person_on,
            "stay_from": epo.stay_from,
            "approach_metres": epo.approach_metres,
            "transmitted_on": epo.transmitted_on,
            "recognition": epo.recognition.value,
            "recognition_decided_on": epo.recognition_decided_on,
            "executing_authority": epo.executing_authority,
            "executing_measure_ref": epo.executing_measure_ref,
        }
    return view


def timeline(case: Case) -> list[MeasureEvent]:
    """Every measure's history on one line, across countries, oldest first."""
    return list(
        db.session.scalars(
            sa.select(MeasureEvent)
            .join(ProtectionMeasure, MeasureEvent.measure_id == ProtectionMeasure.id)
            .where(ProtectionMeasure.case_id == case.id)
            .order_by(MeasureEvent.at, MeasureEvent.id)
        )
    )


def notice_days() -> tuple[int, int]:
    """(expiry notice, review notice) in days, from configuration."""
    config = current_app.config
    return config["PROTECTION_EXPIRY_NOTICE_DAYS"], config["PROTECTION_REVIEW_NOTICE_DAYS"]


def _unprotected(family: FamilyMember, live: list[ProtectionMeasure]) -> bool:
    return not any(
        m.beneficiary == Beneficiary.family_member
        and m.family_member_id == family.id
        and m.country == family.country
        for m in live
    )


def alerts(actor: User, today: date | None = None) -> list[dict[str, Any]]:
    """Expiring soon, review due or passed, and threatened relatives with no live measure."""
    today = today or now_utc().date()
    expiry_days, review_days = notice_days()
    found: list[dict[str, Any]] = []
    live = list(
        db.session.scalars(
            own_measures(actor)
            .where(ProtectionMeasure.status.in_(LIVE_STATES))
            .options(selectinload(ProtectionMeasure.case))
        )
    )
    for measure in live:
        base = {"case_code": measure.case.case_code, "measure": measure.uuid, "case": measure.case}
        base["measure_type"] = measure.measure_type
        base["country"] = measure.country
        if measure.valid_until and measure.valid_until <= today + timedelta(days=expiry_days):
            found.append({**base, "kind": "expiring", "due_on": measure.valid_until})
        if measure.review_on and measure.review_on < today:
            found.append({**base, "kind": "review_overdue", "due_on": measure.review_on})
        elif measure.review_on and measure.review_on <= today + timedelta(days=review_days):
            found.append({**base, "kind": "review_due", "due_on": measure.review_on})
    mine = own_cases(actor).with_only_columns(Case.id)
    threatened = db.session.scalars(
        sa.select(FamilyMember).where(FamilyMember.case_id.in_(mine), FamilyMember.is_threatened)
    )
    by_case: dict[int, list[ProtectionMeasure]] = {}
    for measure in live:
        by_case.setdefault(measure.case_id, []).append(measure)
    for family in threatened:
        if _unprotected(family, by_case.get(family.case_id, [])):
            found.append(
                {
                    "kind": "family_unprotected",
                    "due_on": None,
                    "case_code": family.case.case_code,
                    "case": family.case,
                    "measure": None,
                    "measure_type": None,
                    "country": family.country,
                    "family_member_country": family.country,
                }
            )
    order = {"review_overdue": 0, "family_unprotected": 1, "expiring": 2, "review_due": 3}
    return sorted(found, key=lambda a: (order[a["kind"]], a["due_on"] or today, a["case_code"]))
