"""Form descriptions for testimony pages."""

from __future__ import annotations

from referral.core.forms import Field, enum_options
from referral.directory.models import Venue
from referral.i18n import _
from referral.i18n.formatting import country_choices, time_zone_choices
from referral.identity.models import User
from referral.testimony import enums
from referral.testimony.models import Proceeding


def proceeding_fields() -> list[Field]:
    return [
        Field("country", _("Country"), "select", [("", ""), *country_choices()], required=True),
        Field("authority", _("Court or prosecutor"), required=True),
        Field("case_reference", _("Case reference")),
        Field("kind", _("Kind"), "select", enum_options(enums.ProceedingKind, ""), required=True),
        Field(
            "victim_role",
            _("The person's role"),
            "select",
            enum_options(enums.VictimRole, ""),
            required=True,
        ),
        Field(
            "stage", _("Stage"), "select", enum_options(enums.ProceedingStage, ""), required=True
        ),
        Field("legal_representative", _("Lawyer")),
    ]


def testimony_fields(proceedings: list[Proceeding]) -> list[Field]:
    options = [(str(p.uuid), f"{p.authority} ({p.country})") for p in proceedings]
    return [
        Field("proceeding", _("Proceedings"), "select", [("", ""), *options], required=True),
        Field(
            "victim_country",
            _("Country the person is heard from"),
            "select",
            [("", ""), *country_choices()],
            required=True,
        ),
        Field("note", _("Note"), "textarea"),
    ]


def session_fields(venues: list[Venue]) -> list[Field]:
    options = [(str(v.uuid), f"{v.name} ({v.country}, {v.time_zone})") for v in venues]
    return [
        Field(
            "starts_local",
            _("Starts"),
            "datetime",
            required=True,
            hint=_("In the time zone chosen below."),
        ),
        Field(
            "time_zone",
            _("Time zone of that time"),
            "select",
            [("", ""), *time_zone_choices()],
            required=True,
            hint=_("Usually the court's."),
        ),
        Field(
            "duration_minutes",
            _("Duration in minutes"),
            "number",
            required=True,
            attrs={"min": "15", "max": "480", "inputmode": "numeric"},
        ),
        Field(
            "venue",
            _("Where the person is heard from"),
            "select",
            [("", ""), *options],
            required=True,
            hint=_("A listed venue in the country where the person lives."),
        ),
        Field("victim_language", _("Language the person speaks in the hearing")),
        Field(
            "video_link",
            _("Video-link reference"),
            hint=_("Stored encrypted; never put in calendar files."),
        ),
    ]


def participant_fields(translators: list[User]) -> list[Field]:
    roles = [
        (member.value, member.title)
        for member in enums.ParticipantRole
        if member != enums.ParticipantRole.victim
    ]
    return [
        Field("role", _("Role"), "select", [("", ""), *roles], required=True),
        Field(
            "user",
            _("Interpreter or mediator on the platform"),
            "select",
            [("", ""), *((str(u.uuid), u.display_name) for u in translators)],
            hint=_("For interpreters and mediators on the platform, so double bookings are found."),
        ),
        Field("name", _("Name"), hint=_("Stored encrypted; never put in calendar files.")),
        Field(
            "time_zone", _("Time zone"), "select", [("", ""), *time_zone_choices()], required=True
        ),
        Field("language", _("Language")),
        Field("language_pair", _("Languages interpreted"), hint=_("Like bin-nl.")),
        Field("country", _("Country"), "select", [("", ""), *country_choices()]),
    ]


def action_fields(action: enums.TestimonyAction) -> list[Field]:
    """The fields one action asks for."""
    a = enums.TestimonyAction
    if action == a.consult:
        return [
            Field(
                "modality",
                _("How the person wants to be heard"),
                "select",
                enum_options(enums.Modality, ""),
                required=True,
            ),
            Field(
                "special_measures",
                _("Protections the person wants"),
                "checkboxes",
                enum_options(enums.HearingMeasure),
            ),
            Field("no_special_measures", _("The person wants none of these"), "checkbox"),
            Field("consulted_on", _("Consulted on"), "date", required=True),
            Field(
                "right_not_to_testify_explained_on",
                _("Right not to testify explained on"),
                "date",
                required=True,
            ),
            Field("wishes", _("The person's wishes"), "textarea"),
        ]
    if action == a.request:
        return [
            Field(
                "legal_basis",
                _("Legal basis"),
                "select",
                enum_options(enums.LegalBasis, ""),
                required=True,
            ),
            Field("issuing_authority", _("Authority that asks"), required=True),
            Field("executing_authority", _("Authority that carries it out"), required=True),
            Field("references", _("References")),
            Field("window_from", _("First possible date"), "date", required=True),
            Field("window_until", _("Last possible date"), "date", required=True),
            Field("received_on", _("Received by the other state on"), "date"),
        ]
    if action == a.acknowledge:
        return [Field("acknowledged_on", _("Acknowledged on"), "date", required=True)]
    if action == a.recognise:
        return [Field("recognised_on", _("Recognised on"), "date", required=True)]
    if action == a.schedule:
        return [
            Field(
                "override_reason",
                _("Reason to keep a double booking"),
                hint=_("Only if the check finds one and the time cannot move."),
            )
        ]
    if action == a.hold:
        return [
            Field("minutes_ref", _("Reference of the minutes"), required=True),
            Field("is_recorded", _("The hearing was recorded"), "checkbox"),
        ]
    if action == a.cancel:
        return [Field("note", _("Why it is cancelled"), "textarea", required=True)]
    return [Field("note", _("Note"), "textarea")]
