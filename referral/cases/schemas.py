"""Case schemas: input for forms and API, and category-aware output."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

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
from referral.core.schemas import BaseSchema, email_field
from referral.identity.schemas import COUNTRY, E164, validate_language_code

SHORT = validate.Length(max=200)
LONG = validate.Length(max=4000)


def _country_list(**kwargs: Any) -> fields.List:
    return fields.List(fields.String(validate=COUNTRY), validate=validate.Length(max=5), **kwargs)


class ProfileSchema(BaseSchema):
    """What describes the person without identifying them."""

    gender = fields.Enum(Gender, by_value=True, load_default=Gender.unknown)
    citizenship = _country_list(load_default=list)
    primary_language = fields.String(load_default=None, validate=validate_language_code)
    secondary_language = fields.String(load_default=None, validate=validate_language_code)
    stated_age = fields.Integer(load_default=None, validate=validate.Range(0, 120))
    is_minor = fields.Boolean(load_default=False)
    age_disputed = fields.Boolean(load_default=False)
    interpreter_needed = fields.Boolean(load_default=False)
    cultural_mediator_needed = fields.Boolean(load_default=False)
    preferred_staff_gender = fields.Enum(
        StaffGender, by_value=True, load_default=StaffGender.no_preference
    )
    special_needs = fields.String(load_default=None, validate=LONG, metadata={"category": "health"})


class IdentitySchema(BaseSchema):
    """Identity, contact and whereabouts: encrypted, shown only when revealed."""

    first_name = fields.String(load_default=None, validate=SHORT, metadata={"category": "identity"})
    middle_name = fields.String(
        load_default=None, validate=SHORT, metadata={"category": "identity"}
    )
    second_name = fields.String(
        load_default=None, validate=SHORT, metadata={"category": "identity"}
    )
    aliases = fields.List(
        fields.String(validate=SHORT),
        load_default=list,
        validate=validate.Length(max=10),
        metadata={"category": "identity"},
    )
    birthdate = fields.Date(load_default=None, metadata={"category": "identity"})
    identity_number = fields.String(
        load_default=None, validate=validate.Length(max=60), metadata={"category": "identity"}
    )
    documents = fields.List(
        fields.String(validate=SHORT),
        load_default=list,
        validate=validate.Length(max=10),
        metadata={"category": "identity"},
    )
    mobile_phone = fields.String(load_default=None, validate=E164, metadata={"category": "contact"})
    email = email_field(load_default=None, metadata={"category": "contact"})
    address_street = fields.String(
        load_default=None, validate=SHORT, metadata={"category": "location"}
    )
    address_city = fields.String(
        load_default=None, validate=SHORT, metadata={"category": "location"}
    )
    address_region = fields.String(
        load_default=None, validate=SHORT, metadata={"category": "location"}
    )
    address_country = fields.String(
        load_default=None, validate=COUNTRY, metadata={"category": "location"}
    )


class CaseCreateSchema(ProfileSchema, IdentitySchema):
    """A new case: profile and (optionally) identity."""


class CaseUpdateSchema(ProfileSchema):
    """Edit form; carries the version it was loaded at."""

    version = fields.Integer(required=True)


class VictimStatusSchema(BaseSchema):
    """Possible, identified or not a victim; the last two need who decided and when."""

    trafficking_status = fields.Enum(TraffickingStatus, by_value=True, required=True)
    status_decision_org = fields.Enum(DecisionOrgType, by_value=True, load_default=None)
    status_decided_on = fields.Date(load_default=None)

    @ma.validates_schema
    def _decision_needed(self, data: dict[str, Any], **kwargs: Any) -> None:
        decided = {TraffickingStatus.actual_victim, TraffickingStatus.not_a_victim}
        if data.get("trafficking_status") in decided:
            errors = {}
            if not data.get("status_decision_org"):
                errors["status_decision_org"] = [str(_l("Say which kind of body decided."))]
            if not data.get("status_decided_on"):
                errors["status_decided_on"] = [str(_l("Give the date of the decision."))]
            if errors:
                raise ma.ValidationError(errors)


class GuardianSchema(BaseSchema):
    """A child's guardian or representative."""

    kind = fields.Enum(GuardianKind, by_value=True, required=True)
    name = fields.String(
        required=True, validate=validate.Length(min=1, max=200), metadata={"category": "contact"}
    )
    organisation_name = fields.String(load_default=None, validate=SHORT)
    contact = fields.String(load_default=None, validate=SHORT, metadata={"category": "contact"})
    appointed_on = fields.Date(load_default=None)


class FamilyMemberSchema(BaseSchema):
    """A relative; location coarse (region or city) unless a precise one is needed and reasoned."""

    relationship_to_victim = fields.String(required=True, validate=validate.Length(min=1, max=40))
    is_child_of_victim = fields.Boolean(load_default=False)
    name = fields.String(load_default=None, validate=SHORT)
    country = fields.String(load_default=None, validate=COUNTRY)
    coarse_location = fields.String(load_default=None, validate=SHORT)
    precise_location = fields.String(load_default=None, validate=SHORT)
    precise_location_reason = fields.String(load_default=None, validate=SHORT)
    is_threatened = fields.Boolean(load_default=False)
    contact = fields.String(load_default=None, validate=SHORT)

    @ma.validates_schema
    def _precise_needs_reason(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("precise_location") and not data.get("precise_location_reason"):
            raise ma.ValidationError(
                str(
                    _l(
                        "Say why a precise address is needed; otherwise give only the region "
                        "or city."
                    )
                ),
                "precise_location_reason",
            )


class RiskAssessmentSchema(BaseSchema):
    """A new version of the risk assessment."""

    method = fields.Enum(AssessmentMethod, by_value=True, required=True)
    level_victim = fields.Enum(RiskLevel, by_value=True, required=True)
    level_family = fields.Enum(RiskLevel, by_value=True, required=True)
    level_staff = fields.Enum(RiskLevel, by_value=True, required=True)
    threat_of_violence_or_retrafficking = fields.Boolean(load_default=False)
    urgent_medical_need = fields.Boolean(load_default=False)
    victim_views = fields.String(load_default=None, validate=LONG)
    safety_plan = fields.String(load_default=None, validate=LONG)
    next_review_on = fields.Date(required=True)


class ReflectionStartSchema(BaseSchema):
    """Start of the reflection and recovery period."""

    country = fields.String(required=True, validate=COUNTRY)
    starts_on = fields.Date(required=True)
    planned_end_on = fields.Date(required=True)
    informed_on = fields.Date(load_default=None)
    informed_lang = fields.String(load_default=None, validate=validate_language_code)


class ReflectionEndSchema(BaseSchema):
    """End of the period; the reason is recorded, never used to decide anything."""

    ended_on = fields.Date(required=True)
    end_reason = fields.Enum(ReflectionEndReason, by_value=True, required=True)


class ScreeningSchema(BaseSchema):
    """Indicators seen; the result only suggests a referral for identification."""

    catalogue = fields.String(load_default="htcds", validate=validate.Length(max=40))
    methods_of_control = fields.List(
        fields.Enum(ControlMethod, by_value=True),
        load_default=list,
        validate=validate.Length(max=len(ControlMethod)),
    )
    exploitation_types = fields.List(
        fields.Enum(ExploitationType, by_value=True),
        load_default=list,
        validate=validate.Length(max=len(ExploitationType)),
    )


class RevealSchema(BaseSchema):
    """Which masked values to show; every reveal is audited."""

    categories = fields.List(
        fields.String(validate=validate.OneOf(["identity", "contact", "location"])),
        required=True,
        validate=validate.Length(min=1, max=3),
    )


# --- output -------------------------------------------------------------------------------


class CaseSummarySchema(BaseSchema):
    """A case in lists: the case code and dates, nothing identifying."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    case_code = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    opened_at = fields.DateTime(dump_only=True)
    is_child = fields.Boolean(dump_only=True)


class CaseSchema(BaseSchema):
    """A case as its viewer may see it: hidden categories are absent, never null."""

    id = fields.UUID(dump_only=True)
    case_code = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    opened_at = fields.String(dump_only=True)
    visible_categories = fields.List(fields.String(), dump_only=True)
    demographics = fields.Dict(dump_only=True, metadata={"category": "demographics"})
    health = fields.Dict(dump_only=True, metadata={"category": "health"})
    residence = fields.Dict(dump_only=True, metadata={"category": "residence"})
    risk = fields.Dict(dump_only=True, metadata={"category": "risk"})
    family = fields.List(fields.Dict(), dump_only=True, metadata={"category": "family"})
    exploitation = fields.List(fields.Dict(), dump_only=True, metadata={"category": "exploitation"})
    identity = fields.Dict(dump_only=True, metadata={"category": "identity"})
    contact = fields.Dict(dump_only=True, metadata={"category": "contact"})
    location = fields.Dict(dump_only=True, metadata={"category": "location"})


class TeamMemberSchema(BaseSchema):
    """Someone on the case team."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    user = fields.UUID(required=True, load_only=True)
    user_id = fields.UUID(attribute="user.uuid", dump_only=True)
    display_name = fields.String(attribute="user.display_name", dump_only=True)
    is_lead = fields.Boolean(dump_only=True)


class TeamListSchema(BaseSchema):
    items = fields.List(fields.Nested(TeamMemberSchema), dump_only=True)
