"""Demo compensation: the countries' scheme rules and two claims followed by the Dutch lawyer."""

from __future__ import annotations

import io
from datetime import timedelta

from referral.cases.models import Case
from referral.compensation import deadlines, documents, entries, schemes
from referral.compensation import operations as claim_ops
from referral.compensation import steps as claim_steps
from referral.compensation.models import CompensationClaim
from referral.core.time import now_utc
from referral.demo.helpers import at, user
from referral.identity.models import User

LAWYER = "lawyer@nl-law.demo"
#: What the person agreed their lawyer may see (added to the demo consents).
LAWYER_CATEGORIES = ["compensation", "legal", "identity"]


def lawyer_scope_item() -> dict:
    """A consent scope item for the demo law firm, for compensation only."""
    firm = user(LAWYER).organisation
    return {
        "purposes": ["compensation"],
        "recipient_country": firm.country,
        "recipient_org": firm,
        "categories": LAWYER_CATEGORIES,
    }


def load_schemes() -> None:
    """Fictional rules shaped like the Dutch advance and the Belgian fund (not legal advice)."""
    schemes.save_scheme(
        None,
        {
            "country": "NL",
            "kind": "state_advance",
            "name": "Advance on court-ordered compensation (demo)",
            "deciding_authority": "Central Fine Collection Agency (demo)",
            "accepted_languages": ["nl", "en"],
            "eligibility_notes": "Victims of violent and sexual offences, and others up to the "
            "cap, with a final criminal judgment ordering compensation (demo).",
            "advance_after_months": 8,
            "cap_minor": 500_000,
            "currency": "EUR",
            "cap_exempt_offences": ["violent", "sexual"],
        },
    )
    schemes.save_scheme(
        None,
        {
            "country": "BE",
            "kind": "state_scheme",
            "name": "Fund for victims of intentional acts of violence (demo)",
            "deciding_authority": "Commission for financial assistance to victims (demo)",
            "accepted_languages": ["fr", "nl", "de"],
            "eligibility_notes": "Victims of intentional violence in Belgium, including "
            "trafficking, when the offender cannot pay (demo).",
            "currency": "EUR",
            "limitation_months": 36,
            "limitation_trigger": "offence_ended",
        },
    )


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _step(actor: User, claim: CompensationClaim, days_ago: float, action: str, **data) -> None:
    at(days_ago, lambda: claim_steps.transition_claim(actor, claim, {"action": action, **data}))


def _money(actor: User, claim: CompensationClaim, days_ago: float, kind: str, amount: int, **data):
    at(
        days_ago,
        lambda: entries.record_entry(actor, claim, {"kind": kind, "amount_minor": amount, **data}),
    )


def _ago(days: int):
    return (now_utc() - timedelta(days=days)).date()


def offender_order(case: Case, worker: User) -> CompensationClaim:
    """Rotterdam: €12,500 ordered, €1,000 paid, €11,500 advanced by the state, €2,000 recovered.

    The consent that lets the lawyer in is recent, so the claim is entered now with the dates
    of its history (decision, final judgment, payments), as a lawyer taking it over would.
    """
    lawyer = user(LAWYER)
    claim = claim_ops.open_claim(
        worker,
        case,
        {
            "route": "offender_order",
            "offence_category": "sexual",
            "crime_country": "NL",
            "residence_country": "NG",
            "forum": "Rotterdam District Court, criminal division (demo)",
            "lawyer": lawyer.uuid,
            "legal_aid": True,
            "references": "ROT-10/123456-25 (demo)",
            "note": "She joined the criminal case as an injured party (demo).",
        },
    )

    def money(kind: str, amount: int, days: int, **data) -> None:
        values = {"kind": kind, "amount_minor": amount, "occurred_on": _ago(days), **data}
        entries.record_entry(lawyer, claim, values)

    def step(action: str, **data) -> None:
        claim_steps.transition_claim(lawyer, claim, {"action": action, **data})

    money("claimed", 450_000, 420, subtype="lost_earnings")
    money("claimed", 150_000, 420, subtype="medical")
    money("claimed", 1_000_000, 420, subtype="non_material_harm")
    step("file")
    step(
        "impose_order",
        awarded_minor=800_000,
        subtype="non_material_harm",
        decided_on=_ago(300),
    )
    money("awarded", 450_000, 300, subtype="lost_earnings")
    step("make_final", judgment_final_on=_ago(274))
    step("start_enforcement")
    money("paid_by_offender", 100_000, 200, reference="CJIB-1 (demo)")
    money("advanced_by_state", 1_150_000, 20, reference="CJIB-ADV-7 (demo)")
    money("recovered_by_state_from_offender", 200_000, 5)
    documents.upload_document(
        lawyer, claim, "vonnis.pdf", _pdf(), {"kind": "judgment", "language": "nl"}
    )
    deadlines.add_deadline(
        lawyer,
        claim,
        {
            "kind": "other",
            "due_on": (now_utc() + timedelta(days=14)).date(),
            "note": "Ask the agency for its next recovery report (demo).",
        },
    )
    return claim


def cross_border(case: Case, worker: User) -> CompensationClaim:
    """Brussels crime, living in Iasi: applied through Romania, Belgium asked for more."""
    lawyer = user(LAWYER)
    claim = at(
        3.5,
        lambda: claim_ops.open_claim(
            worker,
            case,
            {
                "route": "state_scheme_cross_border",
                "offence_category": "other",
                "crime_country": "BE",
                "residence_country": "RO",
                "assisting_authority": "Iasi Tribunal, compensation office (demo)",
                "lawyer": lawyer.uuid,
                "limitation_starts_on": _ago(200),
                "references": "RO-IS-2026-77 (demo)",
            },
        ),
    )

    def step(actor: User, days_ago: float, action: str, **data) -> None:
        at(days_ago, lambda: claim_steps.transition_claim(actor, claim, {"action": action, **data}))

    for kind, amount, subtype in (
        ("claimed", 780_000, "unpaid_wages"),
        ("claimed", 300_000, "non_material_harm"),
    ):
        at(
            3.4,
            lambda kind=kind, amount=amount, subtype=subtype: entries.record_entry(
                lawyer, claim, {"kind": kind, "amount_minor": amount, "subtype": subtype}
            ),
        )
    at(
        3.3,
        lambda: documents.upload_document(
            lawyer,
            claim,
            "dovada-domiciliu.pdf",
            _pdf(),
            {"kind": "proof_of_residence", "language": "ro"},
        ),
    )
    step(lawyer, 3, "submit_to_assisting")
    step(worker, 2.5, "transmit", note="Sent with the standard form (demo).")
    step(lawyer, 2, "acknowledge", hearing_mode="video")
    step(
        lawyer,
        1,
        "request_information",
        respond_by=(now_utc() + timedelta(days=13)).date(),
        note="The commission asks for the pay slips and a sworn translation (demo).",
    )
    return claim
