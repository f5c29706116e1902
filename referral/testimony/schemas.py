"""Input and output shapes for testimony, shared by the pages and the API."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from referral.core.schemas import BaseSchema
from referral.identity.schemas import COUNTRY, validate_language_code, validate_time_zone
from referral.testimony.enums import (
    HearingMeasure,
    LegalBasis,
    Modality,
    ParticipantRole,
    ProceedingKind,
    ProceedingStage,
    TestimonyAction,
    VictimRole,
)

SHORT = validate.Length(max=200)
TEXT = validate.Length(max=4000)


class ProceedingSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)
    country = fields.String(required=True, validate=COUNTRY)
    authority = fields.String(required=True, validate=validate.Length(min=2, max=200))
    case_reference = fields.String(load_default=None, validate=SHORT)
    kind = fields.Enum(ProceedingKind, by_value=True, required=True)
    victim_role = fields.Enum(VictimRole, by_value=True, required=True)
    stage = fields.Enum(ProceedingStage, by_value=True, required=True)
    legal_representative = fields.String(load_default=None, validate=SHORT)


class ProceedingListSchema(BaseSchema):
    items = fields.List(fields.Nested(ProceedingSchema), dump_only=True)


class TestimonyCreateSchema(BaseSchema):
    proceeding = fields.UUID(required=True)
    victim_country = fields.String(required=True, validate=COUNTRY)
    note = fields.String(load_default=None, validate=TEXT)


class TestimonyTransitionSchema(BaseSchema):
    """An action with the fields it needs."""

    action = fields.Enum(TestimonyAction, by_value=True, required=True)
    note = fields.String(load_default=None, validate=TEXT)
    modality = fields.Enum(Modality, by_value=True, load_default=None)
    special_measures = fields.List(fields.Enum(HearingMeasure, by_value=True), load_default=None)
    no_special_measures = fields.Boolean(load_default=False)
    consulted_on = fields.Date(load_default=None)
    right_not_to_testify_explained_on = fields.Date(load_default=None)
    wishes = fields.String(load_default=None, validate=TEXT)
    legal_basis = fields.Enum(LegalBasis, by_value=True, load_default=None)
    issuing_authority = fields.String(load_default=None, validate=SHORT)
    executing_authority = fields.String(load_default=None, validate=SHORT)
    references = fields.String(load_default=None, validate=SHORT)
    window_from = fields.Date(load_default=None)
    window_until = fields.Date(load_default=None)
    received_on = fields.Date(load_default=None)
    acknowledged_on = fields.Date(load_default=None)
    recognised_on = fields.Date(load_default=None)
    session = fields.UUID(load_default=None)
    override_reason = fields.String(load_default=None, validate=validate.Length(max=300))
    minutes_ref = fields.String(load_default=None, validate=SHORT)
    is_recorded = fields.Boolean(load_default=None)


class TestimonyFormTransitionSchema(TestimonyTransitionSchema):
    version = fields.Integer(load_default=None)


class SessionCreateSchema(BaseSchema):
    """A session at the person's venue; times as RFC 3339 with offset, stored in UTC."""

    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    venue = fields.UUID(required=True)
    video_link = fields.String(load_default=None, validate=validate.Length(max=500))
    victim_language = fields.String(load_default=None, validate=validate_language_code)


class SessionTimesSchema(BaseSchema):
    """New times for a session, with their offset."""

    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    override_reason = fields.String(load_default=None, validate=validate.Length(max=300))


class SessionFormSchema(BaseSchema):
    """HTML: a local date and time in a chosen zone."""

    starts_local = fields.NaiveDateTime(required=True)
    duration_minutes = fields.Integer(required=True, validate=validate.Range(min=15, max=8 * 60))
    time_zone = fields.String(required=True, validate=validate_time_zone)
    venue = fields.UUID(required=True)
    video_link = fields.String(load_default=None, validate=validate.Length(max=500))
    victim_language = fields.String(load_default=None, validate=validate_language_code)


class ParticipantCreateSchema(BaseSchema):
    role = fields.Enum(ParticipantRole, by_value=True, required=True)
    user = fields.UUID(load_default=None)
    name = fields.String(load_default=None, validate=SHORT)
    time_zone = fields.String(required=True, validate=validate_time_zone)
    language = fields.String(load_default=None, validate=validate_language_code)
    language_pair = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^[a-z]{2,3}-[a-z]{2,3}$"),
        metadata={"example": "bin-nl"},
    )
    country = fields.String(load_default=None, validate=COUNTRY)


class ParticipantSchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    role = fields.String(dump_only=True)
    time_zone = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    language_pair = fields.String(dump_only=True)
    country = fields.String(dump_only=True)
    local_start = fields.String(dump_only=True)
    local_end = fields.String(dump_only=True)


class SessionSchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    starts_at = fields.DateTime(dump_only=True)
    ends_at = fields.DateTime(dump_only=True)
    status = fields.String(dump_only=True)
    venue = fields.String(dump_only=True)
    venue_country = fields.String(dump_only=True)
    sequence = fields.Integer(dump_only=True)
    is_recorded = fields.Boolean(dump_only=True)
    participants = fields.List(fields.Nested(ParticipantSchema), dump_only=True)


class ClockSchema(BaseSchema):
    name = fields.String(dump_only=True)
    due_on = fields.Date(dump_only=True)
    done_on = fields.Date(dump_only=True)
    state = fields.String(dump_only=True)


class TestimonySchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    case_code = fields.String(dump_only=True)
    proceeding = fields.Nested(ProceedingSchema, dump_only=True)
    status = fields.String(dump_only=True)
    victim_country = fields.String(dump_only=True)
    legal_basis = fields.String(dump_only=True)
    issuing_authority = fields.String(dump_only=True)
    executing_authority = fields.String(dump_only=True)
    modality = fields.String(dump_only=True)
    special_measures = fields.List(fields.String(), dump_only=True)
    window_from = fields.Date(dump_only=True)
    window_until = fields.Date(dump_only=True)
    received_on = fields.Date(dump_only=True)
    acknowledged_on = fields.Date(dump_only=True)
    recognised_on = fields.Date(dump_only=True)
    held_on = fields.Date(dump_only=True)
    clocks = fields.List(fields.Nested(ClockSchema), dump_only=True)
    warnings = fields.List(fields.String(), dump_only=True)
    sessions = fields.List(fields.Nested(SessionSchema), dump_only=True)
    version = fields.Integer(dump_only=True)


class TestimonyListSchema(BaseSchema):
    items = fields.List(fields.Nested(TestimonySchema), dump_only=True)


def _iso_week(value: str) -> None:
    """A week that exists: `2026-W48`, not `0000-W00` or `2026-W54`."""
    try:
        year, number = value.split("-W")
        date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise ValidationError(str(_l("Give a week such as 2026-W48."))) from None


class CalendarQuerySchema(BaseSchema):
    week = fields.String(
        load_default=None, validate=[validate.Regexp(r"^\d{4}-W\d{2}$"), _iso_week]
    )
