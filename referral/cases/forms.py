"""Form descriptions for case pages."""

from __future__ import annotations

from referral.cases.enums import (
    AssessmentMethod,
    ControlMethod,
    DecisionOrgType,
    ExploitationType,
    Gender,
    GuardianKind,
    ReflectionEndReason,
    RiskLevel,
    StaffGender,
    TraffickingStatus,
)
from referral.core.forms import Field, enum_options
from referral.i18n import _
from referral.i18n.formatting import country_choices, language_choices
from referral.identity.admin_views import ORG_LANGUAGE_CODES


def profile_fields() -> list[Field]:
    languages = [("", ""), *language_choices(ORG_LANGUAGE_CODES)]
    return [
        Field("gender", _("Gender"), "select", enum_options(Gender)),
        Field("citizenship", _("Citizenship"), "select", [("", ""), *country_choices()]),
        Field("primary_language", _("Main language"), "select", languages),
        Field("secondary_language", _("Second language"), "select", languages),
        Field(
            "stated_age",
            _("Age in years"),
            "number",
            hint=_("As stated or estimated."),
            attrs={"min": "0", "max": "120", "inputmode": "numeric"},
        ),
        Field("is_minor", _("Under 18"), "checkbox"),
        Field("age_disputed", _("Age is disputed (the person is treated as a child)"), "checkbox"),
        Field("interpreter_needed", _("Needs an interpreter"), "checkbox"),
        Field("cultural_mediator_needed", _("Needs a cultural mediator"), "checkbox"),
        Field(
            "preferred_staff_gender",
            _("Prefers to speak with"),
            "select",
            enum_options(StaffGender),
        ),
        Field(
            "special_needs",
            _("Health and special needs"),
            "textarea",
            hint=_("Encrypted. Shared only when the person agrees to share health information."),
        ),
    ]


def identity_fields() -> list[Field]:
    return [
        Field("first_name", _("First name")),
        Field("middle_name", _("Middle name")),
        Field("second_name", _("Last name")),
        Field("aliases", _("Other names used"), hint=_("Separate with commas.")),
        Field("birthdate", _("Date of birth"), "date"),
        Field("identity_number", _("Identity number")),
        Field("documents", _("Documents held"), hint=_("Separate with commas.")),
        Field(
            "mobile_phone",
            _("Mobile phone"),
            "tel",
            hint=_("International form, e.g. +31201234567."),
        ),
        Field("email", _("E-mail address"), "email"),
        Field("address_street", _("Street and number")),
        Field("address_city", _("Town or city")),
        Field("address_region", _("Region")),
        Field("address_country", _("Country"), "select", [("", ""), *country_choices()]),
    ]


def status_fields() -> list[Field]:
    return [
        Field(
            "trafficking_status",
            _("Status"),
            "select",
            enum_options(TraffickingStatus),
            required=True,
            hint=_(
                "Assistance never depends on this status or on cooperation with the authorities."
            ),
        ),
        Field(
            "status_decision_org",
            _("Decided by"),
            "select",
            enum_options(DecisionOrgType, blank=""),
        ),
        Field("status_decided_on", _("Date of the decision"), "date"),
    ]


def guardian_fields() -> list[Field]:
    return [
        Field("kind", _("Role"), "select", enum_options(GuardianKind), required=True),
        Field("name", _("Name"), required=True),
        Field("organisation_name", _("Organisation")),
        Field("contact", _("Contact")),
        Field("appointed_on", _("Appointed on"), "date"),
    ]


def family_fields() -> list[Field]:
    return [
        Field(
            "relationship_to_victim",
            _("Relationship"),
            required=True,
            hint=_("For example: mother, son."),
        ),
        Field("is_child_of_victim", _("This is the person's child"), "checkbox"),
        Field("name", _("Name")),
        Field("country", _("Country"), "select", [("", ""), *country_choices()]),
        Field(
            "coarse_location",
            _("Region or town"),
            hint=_("Only the region or town, not an address."),
        ),
        Field("is_threatened", _("Threatened by the traffickers"), "checkbox"),
        Field(
            "precise_location",
            _("Precise address"),
            hint=_("Only if protection needs it. It is never shown in lists or sent in dossiers."),
        ),
        Field("precise_location_reason", _("Why the precise address is needed")),
        Field("contact", _("Contact")),
    ]


def risk_fields() -> list[Field]:
    levels = enum_options(RiskLevel)
    return [
        Field(
            "method",
            _("How was this assessed?"),
            "select",
            enum_options(AssessmentMethod),
            required=True,
        ),
        Field("level_victim", _("Risk to the person"), "select", levels, required=True),
        Field("level_family", _("Risk to the family"), "select", levels, required=True),
        Field("level_staff", _("Risk to staff"), "select", levels, required=True),
        Field(
            "threat_of_violence_or_retrafficking",
            _("Threat of violence or re-trafficking"),
            "checkbox",
        ),
        Field("urgent_medical_need", _("Urgent medical need"), "checkbox"),
        Field("victim_views", _("The person's own view of the risks"), "textarea"),
        Field("safety_plan", _("Safety plan"), "textarea"),
        Field("next_review_on", _("Next review"), "date", required=True, hint=_("Within 30 days.")),
    ]


def reflection_fields() -> list[Field]:
    return [
        Field("country", _("Country"), "select", country_choices(), required=True),
        Field("starts_on", _("Starts on"), "date", required=True),
        Field(
            "planned_end_on",
            _("Planned end"),
            "date",
            required=True,
            hint=_("At least 30 days after the start; more where national law says so."),
        ),
        Field("informed_on", _("Person informed on"), "date"),
        Field(
            "informed_lang",
            _("Informed in language"),
            "select",
            [("", ""), *language_choices(ORG_LANGUAGE_CODES)],
        ),
    ]


def reflection_end_fields() -> list[Field]:
    return [
        Field("ended_on", _("Ended on"), "date", required=True),
        Field(
            "end_reason",
            _("Reason"),
            "select",
            enum_options(ReflectionEndReason),
            required=True,
            hint=_("Recorded for the file only; it never changes what help the person gets."),
        ),
    ]


def screening_fields() -> list[Field]:
    return [
        Field(
            "methods_of_control",
            _("Methods of control seen"),
            "checkboxes",
            enum_options(ControlMethod),
        ),
        Field(
            "exploitation_types",
            _("Forms of exploitation"),
            "checkboxes",
            enum_options(ExploitationType),
        ),
    ]
