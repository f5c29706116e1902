"""Form descriptions for protection pages: the new-measure form and one form per action."""

from __future__ import annotations

from referral.cases.models import Case
from referral.core.forms import Field, enum_options
from referral.i18n import _
from referral.i18n.formatting import country_choices, country_name
from referral.protection.enums import (
    EPO_ELIGIBLE,
    Beneficiary,
    MeasureAction,
    MeasureStatus,
    MeasureType,
    Recognition,
    RefusalReason,
    SpecialMeasure,
)
from referral.protection.models import ProtectionMeasure
from referral.protection.queries import measures_of


def measure_fields(case: Case) -> list[Field]:
    family = [
        (
            str(m.uuid),
            f"{m.relationship_to_victim} ({country_name(m.country)})"
            if m.country
            else m.relationship_to_victim,
        )
        for m in case.family_members
    ]
    bans = [
        (str(m.uuid), f"{m.measure_type.title} ({m.country})")
        for m in measures_of(case)
        if m.status == MeasureStatus.active and m.measure_type in EPO_ELIGIBLE
    ]
    return [
        Field(
            "beneficiary", _("Who it protects"), "select", enum_options(Beneficiary), required=True
        ),
        Field(
            "family_member",
            _("Family member"),
            "select",
            [("", ""), *family],
            hint=_("Only when it protects a family member."),
        ),
        Field(
            "measure_type",
            _("Kind of measure"),
            "select",
            enum_options(MeasureType, ""),
            required=True,
        ),
        Field(
            "special_measure",
            _("Court special measure"),
            "select",
            enum_options(SpecialMeasure, ""),
            hint=_("Only for a court special measure."),
        ),
        Field(
            "country",
            _("Country where it applies"),
            "select",
            [("", ""), *country_choices()],
            required=True,
            hint=_("For a European Protection Order: the executing state."),
        ),
        Field(
            "coarse_area",
            _("Region or city"),
            hint=_("Never a street or address here."),
        ),
        Field("issuing_authority", _("Authority asked")),
        Field("prohibitions", _("What is prohibited"), "textarea"),
        Field("review_on", _("Review date"), "date"),
        Field(
            "protected_address",
            _("Precise address to protect"),
            "textarea",
            hint=_(
                "Only if the measure cannot work without it. It is encrypted, never shared "
                "with partners and shown only through a recorded reveal."
            ),
        ),
        Field("address_reason", _("Why the precise address is needed")),
        Field(
            "national_measure",
            _("National measure the order extends"),
            "select",
            [("", ""), *bans],
            hint=_("European Protection Order only: an active contact or approach ban."),
        ),
        Field(
            "requested_by_protected_person_on",
            _("Date the protected person asked for the order"),
            "date",
        ),
        Field("stay_from", _("Staying in the executing state from"), "date"),
        Field(
            "approach_metres",
            _("Minimum distance in metres"),
            "number",
            attrs={"min": "1", "inputmode": "numeric"},
        ),
        Field("note", _("Note"), "textarea"),
    ]


def _note(required: bool = False, label: object = None) -> Field:
    return Field("note", label or _("Note"), "textarea", required=required)


def action_fields(action: MeasureAction, measure: ProtectionMeasure) -> list[Field]:
    """The fields one action asks for."""
    if action == MeasureAction.grant:
        return [
            Field("issuing_authority", _("Authority that granted it"), required=True),
            Field("legal_act_ref", _("Reference of the decision"), required=True),
            Field("legal_act_on", _("Date of the decision"), "date"),
            Field("valid_from", _("Applies from"), "date", required=True),
            Field("valid_until", _("Applies until"), "date"),
            Field("review_on", _("Review date"), "date"),
            Field("prohibitions", _("What is prohibited"), "textarea"),
            Field("penalty", _("Penalty for a breach")),
            Field("technical_device", _("An electronic monitoring device is used"), "checkbox"),
            _note(),
        ]
    if action == MeasureAction.refuse:
        return [
            Field(
                "refusal_reason",
                _("Reason"),
                "select",
                enum_options(RefusalReason, ""),
                required=True,
            ),
            _note(),
        ]
    if action == MeasureAction.modify:
        return [
            Field("valid_until", _("Applies until"), "date"),
            Field("review_on", _("Review date"), "date"),
            Field("prohibitions", _("What is prohibited"), "textarea"),
            Field("penalty", _("Penalty for a breach")),
            _note(True, _("What changed and why")),
        ]
    if action == MeasureAction.renew:
        return [
            Field("valid_until", _("New end date"), "date", required=True),
            Field("review_on", _("Review date"), "date"),
            Field("legal_act_ref", _("Reference of the decision")),
            _note(),
        ]
    if action == MeasureAction.report_breach:
        fields = [_note(True, _("What happened"))]
        if measure.epo is not None:
            fields.append(
                Field(
                    "reported_to_issuing_state_at",
                    _("Reported to the issuing state at"),
                    "datetime",
                    required=True,
                )
            )
        return fields
    if action == MeasureAction.revoke:
        return [_note(True, _("Why it was revoked"))]
    if action == MeasureAction.transmit:
        return [Field("transmitted_on", _("Transmitted on"), "date", required=True), _note()]
    if action == MeasureAction.record_recognition:
        decisions = [
            (member.value, member.title) for member in Recognition if member != Recognition.pending
        ]
        return [
            Field("recognition", _("Decision"), "select", [("", ""), *decisions], required=True),
            Field("recognition_decided_on", _("Date of the decision"), "date", required=True),
            Field("executing_authority", _("Executing authority")),
            Field("executing_measure_ref", _("Reference of the executing state's measure")),
            _note(),
        ]
    return [_note()]
