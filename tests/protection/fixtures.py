"""Helpers for protection tests: a case with a threatened mother, measures in known states."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from referral.cases import operations as case_ops
from referral.core.time import now_utc
from referral.protection import operations
from referral.protection.enums import Beneficiary, MeasureType
from referral.protection.models import ProtectionMeasure

ADDRESS = "12 Canary Lane, Benin City address-canary"


def today():
    return now_utc().date()


def add_mother(actor: Any, case: Any, threatened: bool = True) -> Any:
    return case_ops.add_family_member(
        actor,
        case,
        {
            "relationship_to_victim": "mother",
            "country": "NG",
            "coarse_location": "Edo State",
            "is_threatened": threatened,
        },
    )


def record(actor: Any, case: Any, **data: Any) -> ProtectionMeasure:
    values: dict[str, Any] = {
        "beneficiary": Beneficiary.victim,
        "country": "NL",
        "measure_type": MeasureType.contact_ban,
    }
    values.update(data)
    return operations.record_measure(actor, case, values)


def grant(actor: Any, measure: ProtectionMeasure, **data: Any) -> ProtectionMeasure:
    values = {
        "action": "grant",
        "issuing_authority": "District court Rotterdam",
        "legal_act_ref": "ROT-2026-001",
        "valid_from": today(),
        "valid_until": today() + timedelta(days=180),
        "review_on": today() + timedelta(days=60),
    }
    values.update(data)
    return operations.transition_measure(actor, measure, values)


def active(actor: Any, case: Any, **data: Any) -> ProtectionMeasure:
    measure = grant(actor, record(actor, case, **data))
    return operations.transition_measure(actor, measure, {"action": "activate"})
