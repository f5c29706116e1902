"""Form descriptions for compensation pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale

from referral.cases.models import Case
from referral.compensation.enums import (
    ClaimAction,
    ClaimOutcome,
    ClaimRoute,
    DeadlineKind,
    DocumentKind,
    EntryKind,
    Head,
    HearingMode,
    LimitationTrigger,
    OffenceCategory,
    SchemeKind,
    Subtype,
)
from referral.compensation.models import CompensationClaim
from referral.core.forms import Field, enum_options
from referral.extensions import db
from referral.i18n import _
from referral.i18n.formatting import country_choices, language_choices
from referral.identity.enums import Role
from referral.identity.models import Organisation, User
from referral.testimony.models import Proceeding

#: Currencies offered first in forms; any ISO 4217 code is accepted by the API.
COMMON_CURRENCIES = ("EUR", "RON", "BGN", "GBP", "USD", "NGN", "MAD", "CHF", "PLN", "CZK")


def currency_options() -> list[tuple[str, str]]:
    from babel.numbers import get_currency_name

    locale = str(get_locale() or "en")
    return [
        (code, f"{code} · {get_currency_name(code, locale=locale)}") for code in COMMON_CURRENCIES
    ]


def lawyer_options() -> list[tuple[str, str]]:
    """Active lawyers, with their organisation and country."""
    rows = db.session.execute(
        sa.select(User, Organisation)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(User.is_active)
        .order_by(Organisation.country, Organisation.name, User.display_name)
    ).all()
    return [("", "")] + [
        (str(user.uuid), f"{user.display_name}, {org.name} ({org.country})")
        for user, org in rows
        if user.has_role(Role.lawyer)
    ]


def claim_fields(case: Case) -> list[Field]:
    proceedings = db.session.scalars(sa.select(Proceeding).where(Proceeding.case_id == case.id))
    countries = [("", ""), *country_choices()]
    return [
        Field("route", _("Route"), "select", enum_options(ClaimRoute, ""), required=True),
        Field(
            "offence_category",
            _("Offence"),
            "select",
            enum_options(OffenceCategory, ""),
            required=True,
            hint=_("Some advance rules have no cap for violent and sexual offences."),
        ),
        Field("crime_country", _("Country of the crime"), "select", countries, required=True),
        Field(
            "residence_country",
            _("Country the person lives in now"),
            "select",
            countries,
            hint=_("Needed for a cross-border claim."),
        ),
        Field(
            "assisting_authority",
            _("Assisting authority"),
            hint=_("Cross-border claim: the authority in the country of residence."),
        ),
        Field(
            "deciding_authority",
            _("Deciding authority"),
            hint=_("Left empty, the scheme's authority is used."),
        ),
        Field("forum", _("Court or body"), hint=_("For a court claim: where it is brought.")),
        Field(
            "proceeding",
            _("Criminal or civil proceeding"),
            "select",
            [("", "")] + [(str(p.uuid), f"{p.authority} ({p.country})") for p in proceedings],
        ),
        Field("lawyer", _("Lawyer"), "select", lawyer_options()),
        Field("self_represented", _("The person represents themselves"), "checkbox"),
        Field("legal_aid", _("Legal aid granted"), "checkbox"),
        Field(
            "currency",
            _("Currency"),
            "select",
            [("", _("The scheme's currency")), *currency_options()],
        ),
        Field(
            "limitation_starts_on",
            _("Date the limitation period starts"),
            "date",
            hint=_("The event the scheme counts from, such as the end of the offence."),
        ),
        Field("references", _("References"), hint=_("File numbers at the court or authority.")),
        Field("note", _("Note"), "textarea"),
    ]


def lawyer_fields() -> list[Field]:
    return [
        Field("lawyer", _("Lawyer"), "select", lawyer_options()),
        Field("note", _("Note"), "textarea"),
    ]


def _money_fields(name: str, label: object, currency: str, required: bool = False) -> list[Field]:
    return [
        Field(
            name,
            label,
            required=required,
            hint=_("In your usual format, for example 1250.50."),
            attrs={"inputmode": "decimal", "autocomplete": "off"},
        ),
        Field("currency", _("Currency"), "select", currency_options(), required=True),
    ]


def action_fields(action: ClaimAction, claim: CompensationClaim) -> list[Field]:
    """The fields one step asks for."""
    note = Field("note", _("Note"), "textarea")
    if action == ClaimAction.submit_to_assisting:
        return [Field("assisting_authority", _("Assisting authority"), required=True), note]
    if action == ClaimAction.transmit:
        return [Field("deciding_authority", _("Deciding authority"), required=True), note]
    if action == ClaimAction.request_information:
        return [Field("respond_by", _("Answer due by"), "date", required=True), note]
    if action == ClaimAction.acknowledge:
        return [
            Field("hearing_mode", _("Hearing"), "select", enum_options(HearingMode, "")),
            note,
        ]
    if action in (ClaimAction.decide, ClaimAction.impose_order):
        return [
            Field("outcome", _("Outcome"), "select", enum_options(ClaimOutcome, ""), required=True),
            *_money_fields("awarded", _("Amount awarded"), claim.currency),
            Field("head", _("Head of damage"), "select", enum_options(Head, "")),
            Field("decided_on", _("Date of the decision"), "date"),
            Field("appeal_until", _("Appeal possible until"), "date"),
            note,
        ]
    if action == ClaimAction.make_final:
        return [
            Field("judgment_final_on", _("Date the judgment became final"), "date", required=True),
            note,
        ]
    required = action == ClaimAction.close
    return [Field("note", _("Reason") if required else _("Note"), "textarea", required=required)]


def entry_fields() -> list[Field]:
    return [
        Field("kind", _("What happened"), "select", enum_options(EntryKind, ""), required=True),
        *_money_fields("amount", _("Amount"), "", required=True),
        Field("head", _("Head of damage"), "select", enum_options(Head, "")),
        Field("subtype", _("Kind of damage"), "select", enum_options(Subtype, "")),
        Field("occurred_on", _("Date"), "date", required=True),
        Field("reference", _("Reference"), hint=_("Payment or decision reference.")),
        Field("note", _("Note"), "textarea"),
        Field(
            "confirm_overpayment",
            _("This is more than was owed, and that is correct"),
            "checkbox",
        ),
    ]


def reversal_fields() -> list[Field]:
    return [Field("note", _("Why the entry is wrong"), "textarea", required=True)]


def deadline_fields() -> list[Field]:
    kinds = [(k.value, k.title) for k in DeadlineKind if k != DeadlineKind.limitation]
    return [
        Field("kind", _("Kind of deadline"), "select", [("", ""), *kinds], required=True),
        Field("due_on", _("Date"), "date", required=True),
        Field("note", _("Note")),
    ]


def document_fields(claim: CompensationClaim) -> list[Field]:
    originals = [
        (str(d.uuid), f"{d.kind.title} ({d.uploaded_at.date().isoformat()})")
        for d in claim.documents
    ]
    return [
        Field(
            "file",
            _("File"),
            "file",
            required=True,
            hint=_("PDF, PNG or JPEG, at most 20 MB."),
            attrs={"accept": "application/pdf,image/png,image/jpeg"},
        ),
        Field(
            "kind", _("Kind of document"), "select", enum_options(DocumentKind, ""), required=True
        ),
        Field(
            "language",
            _("Language"),
            "select",
            [
                ("", ""),
                *language_choices(
                    ["en", "fr", "de", "nl", "ro", "bg", "ar", "es", "it", "el", "pl", "pt"]
                ),
            ],
        ),
        Field(
            "translation_of",
            _("Translation of"),
            "select",
            [("", ""), *originals],
            hint=_("Only for a translation."),
        ),
    ]


def scheme_fields() -> list[Field]:
    return [
        Field("country", _("Country"), "select", [("", ""), *country_choices()], required=True),
        Field("kind", _("Kind of scheme"), "select", enum_options(SchemeKind, ""), required=True),
        Field("name", _("Name"), required=True),
        Field("deciding_authority", _("Deciding authority"), required=True),
        Field(
            "accepted_languages",
            _("Languages it accepts"),
            "checkboxes",
            language_choices(["en", "fr", "de", "nl", "ro", "bg", "es", "it", "el", "pl", "pt"]),
        ),
        Field("eligibility_notes", _("Who is eligible"), "textarea"),
        Field(
            "advance_after_months",
            _("Months after the final judgment before the state advances"),
            "number",
            attrs={"min": "0", "inputmode": "numeric"},
        ),
        Field(
            "cap_minor",
            _("Cap on the advance, in cents"),
            "number",
            attrs={"min": "0", "inputmode": "numeric"},
            hint=_("Empty: no cap."),
        ),
        Field("currency", _("Currency"), "select", currency_options(), required=True),
        Field(
            "cap_exempt_offences",
            _("Offences without a cap"),
            "checkboxes",
            enum_options(OffenceCategory),
        ),
        Field(
            "limitation_months",
            _("Limitation period in months"),
            "number",
            attrs={"min": "1", "inputmode": "numeric"},
        ),
        Field(
            "limitation_trigger",
            _("Limitation runs from"),
            "select",
            enum_options(LimitationTrigger, ""),
        ),
        Field("valid_from", _("Valid from"), "date"),
        Field("valid_until", _("Valid until"), "date"),
    ]
