"""Collect and dump: what the recipient may see, as plain values for template and package."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from referral.cases.queries import MASKED, case_data
from referral.consent.scope import active_consent
from referral.protection.enums import LIVE_STATES
from referral.protection.queries import measures_of
from referral.referrals import operations as referral_ops
from referral.referrals.models import Referral
from referral.referrals.queries import envelope
from referral.testimony.enums import OPEN_STATES as OPEN_TESTIMONY
from referral.testimony.queries import testimonies_of
from referral.text_translations.operations import current_translations

TEMPLATE_VERSION = "7"
PACKAGE_SCHEMA_VERSION = "1"


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def _plain(value: Any) -> Any:
    """JSON-ready copy: UUIDs, dates and enums become strings."""
    return json.loads(
        json.dumps(value, default=lambda v: _iso(v) if hasattr(v, "isoformat") else str(v))
    )


def _consent_summary(referral: Referral) -> dict[str, Any] | None:
    consent = active_consent(referral.case)
    if consent is None:
        return None
    return {
        "version": consent.version_number,
        "text": f"{consent.text_key} {consent.text_version}",
        "text_sha256": consent.text_sha256,
        "language": consent.language,
        "given_at": _iso(consent.given_at),
        "valid_until": _iso(consent.valid_until),
        "method": str(consent.method) if consent.method else None,
        "obtained_by_organisation": referral.referring_org.name,
    }


def _translations(referral: Referral) -> dict[str, dict[str, dict[str, Any]]]:
    """{"table.column": {language: translation}}: current human translations of shown free text."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for (key, language), translation in current_translations(referral).items():
        field = key.rsplit(".", 1)[0]
        found.setdefault(field, {})[language] = {
            "text": translation.text,
            "source_lang": translation.source_lang,
            "translator": translation.translator,
            "translator_org": translation.translator_org,
            "translated_on": _iso(translation.translated_on),
            "is_certified": translation.is_certified,
            "certification_ref": translation.certification_ref,
        }
    return found


def _protection(referral: Referral, shown: set[str]) -> list[dict[str, Any]]:
    """Measures in force or granted; coarse area only, never an address or a prohibition text."""
    found = []
    for measure in measures_of(referral.case):
        if measure.status not in LIVE_STATES:
            continue
        relationship = None
        if measure.family_member is not None and "family" in shown:
            relationship = measure.family_member.relationship_to_victim
        entry: dict[str, Any] = {
            "measure_type": measure.measure_type.value,
            "special_measure": measure.special_measure.value if measure.special_measure else None,
            "beneficiary": measure.beneficiary.value,
            "family_relationship": relationship,
            "country": measure.country,
            "coarse_area": measure.coarse_area,
            "status": measure.status.value,
            "issuing_authority": measure.issuing_authority,
            "valid_from": _iso(measure.valid_from),
            "valid_until": _iso(measure.valid_until),
            "review_on": _iso(measure.review_on),
        }
        if measure.epo is not None:
            entry["epo"] = {
                "issuing_state": measure.epo.issuing_state,
                "executing_state": measure.epo.executing_state,
                "recognition": measure.epo.recognition.value,
            }
        found.append(entry)
    return found


def _testimony(referral: Referral) -> list[dict[str, Any]]:
    """Open hearing requests: the plan, not the people (no names, no venue address, no link)."""
    found = []
    for testimony in testimonies_of(referral.case):
        if testimony.status not in OPEN_TESTIMONY:
            continue
        upcoming = [s for s in testimony.sessions if s.status.value in ("planned", "scheduled")]
        found.append(
            {
                "authority": testimony.proceeding.authority,
                "proceeding_country": testimony.proceeding.country,
                "victim_role": testimony.proceeding.victim_role.value,
                "status": testimony.status.value,
                "legal_basis": testimony.legal_basis.value if testimony.legal_basis else None,
                "modality": testimony.modality.value if testimony.modality else None,
                "special_measures": list(testimony.special_measures),
                "heard_from": testimony.victim_country,
                "sessions": [
                    {"starts_at": _iso(s.starts_at), "status": s.status.value} for s in upcoming
                ],
            }
        )
    return found


def _compensation(referral: Referral) -> list[dict[str, Any]]:
    """Claims: route, state, next deadline and lawyer (amounts stay with the lawyer)."""
    from referral.compensation.deadlines import next_due
    from referral.compensation.queries import claims_of

    found = []
    for claim in claims_of(referral.case):
        due = next_due(claim)
        lawyer = claim.lawyer
        found.append(
            {
                "route": claim.route.value,
                "status": claim.status.value,
                "crime_country": claim.crime_country,
                "residence_country": claim.residence_country,
                "next_deadline": (
                    {"kind": due.kind.value, "due_on": due.due_on.isoformat()} if due else None
                ),
                "lawyer": (
                    f"{lawyer.display_name}, {lawyer.organisation.name}" if lawyer else None
                ),
            }
        )
    return found


def collect(referral: Referral) -> dict[str, Any]:
    """What the dossier shows: the recipient's view right now, by the same filter as the pages."""
    categories = referral_ops.recipient_categories(referral)
    # Identity, contact and whereabouts never go into a file: they are revealed only on screen.
    shown = categories - MASKED
    data = _plain(envelope(referral))
    data["case"] = _plain(case_data(referral.case, shown)) if shown else None
    data["visible_categories"] = sorted(shown)
    if "protection" in shown:
        data["protection"] = _protection(referral, shown)
    if "legal" in shown:
        data["testimony"] = _testimony(referral)
    if "compensation" in shown:
        data["compensation"] = _compensation(referral)
    if "support" in shown:
        data["details"] = referral.details
        data["details_lang"] = referral.text_lang
        data["services_requested"] = list(referral.services_requested)
    if referral.arrival_at is not None and shown:
        data["arrival"] = {
            "at": _iso(referral.arrival_at),
            "meeting_point": referral.meeting_point,
            "met_by": referral.met_by,
            "escort": referral.escort,
        }
    data["consent"] = _consent_summary(referral)
    data["translations"] = _translations(referral)
    data["transitions"] = [
        {
            "at": _iso(step.at),
            "to": step.to_status,
            "organisation": step.actor_org.name if step.actor_org else None,
        }
        for step in referral.transitions
    ]
    return data


def content_key(context: dict[str, Any], language: str) -> str:
    """Same content, language and template: the stored file can be reused."""
    stable = {k: v for k, v in context.items() if k not in {"is_overdue"}}
    raw = json.dumps([stable, language, TEMPLATE_VERSION], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def package(context: dict[str, Any], dossier_id: str, generated_at: str) -> dict[str, Any]:
    """The machine-readable referral package attached to the PDF (e-CODEX-style envelope)."""
    return {
        "schema_version": PACKAGE_SCHEMA_VERSION,
        "message_id": dossier_id,
        "conversation_id": str(context["id"]),
        "generated_at": generated_at,
        "sender": {
            "organisation": context["referring_organisation"]["name"],
            "country": context["sender_country"],
        },
        "recipient": {
            "organisation": context["referred_organisation"]["name"],
            "country": context["recipient_country"],
        },
        "referral": {
            key: context.get(key)
            for key in (
                "status",
                "kind",
                "purpose",
                "urgency",
                "submitted_at",
                "case_code",
                "data_package",
            )
        },
        "visible_categories": context["visible_categories"],
        "case": context.get("case"),
        "consent": context.get("consent"),
    }
