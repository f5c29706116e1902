"""Country scheme rules, kept by platform administrators (DESIGN.md §4.5, invariant 24)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.compensation.enums import SchemeKind
from referral.compensation.models import CompensationScheme
from referral.compensation.money import is_currency
from referral.core.errors import ValidationProblem, field_error
from referral.core.operation import operation
from referral.extensions import db
from referral.identity.models import User

FIELDS = (
    "country",
    "kind",
    "name",
    "deciding_authority",
    "accepted_languages",
    "eligibility_notes",
    "advance_after_months",
    "cap_minor",
    "currency",
    "cap_exempt_offences",
    "limitation_months",
    "limitation_trigger",
    "valid_from",
    "valid_until",
)


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors = []
    if not is_currency(data["currency"]):
        errors.append(field_error("currency", _l("Give a currency code such as EUR.")))
    if data["kind"] == SchemeKind.state_advance and data.get("advance_after_months") is None:
        errors.append(
            field_error(
                "advance_after_months",
                _l("Give the months after the final judgment before the state advances."),
            )
        )
    if data.get("limitation_months") and not data.get("limitation_trigger"):
        errors.append(
            field_error("limitation_trigger", _l("Say what the limitation period runs from."))
        )
    if (
        data.get("valid_from")
        and data.get("valid_until")
        and data["valid_until"] < data["valid_from"]
    ):
        errors.append(field_error("valid_until", _l("The end cannot be before the start.")))
    return errors


def _write(scheme: CompensationScheme, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in FIELDS:
        value = data.get(name)
        if name in ("accepted_languages", "cap_exempt_offences"):
            value = [str(getattr(v, "value", v)) for v in value or []]
        if getattr(scheme, name, None) != value:
            setattr(scheme, name, value)
            changed.append(name)
    return changed


@operation
def save_scheme(
    actor: User | None, data: dict[str, Any], scheme: CompensationScheme | None = None
) -> CompensationScheme:
    """Create or replace a scheme's rules.  :raise ValidationProblem:"""
    errors = _problems(data)
    if errors:
        raise ValidationProblem(errors=errors)
    created = scheme is None
    scheme = scheme or CompensationScheme()
    changed = _write(scheme, data)
    db.session.add(scheme)
    db.session.flush()
    audit.record(
        actor,
        "compensation.scheme_created" if created else "compensation.scheme_changed",
        scheme,
        fields=changed,
    )
    return scheme
