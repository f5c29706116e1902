"""Input and output shapes for protection measures, shared by the pages and the API."""

from __future__ import annotations

from marshmallow import fields, validate

from referral.core.schemas import BaseSchema
from referral.identity.schemas import COUNTRY
from referral.protection.enums import (
    Beneficiary,
    MeasureAction,
    MeasureType,
    Recognition,
    RefusalReason,
    SpecialMeasure,
)

SHORT = validate.Length(max=200)
TEXT = validate.Length(max=4000)


class MeasureCreateSchema(BaseSchema):
    """A measure as asked for; the authority's decision is recorded by a transition."""

    beneficiary = fields.Enum(Beneficiary, by_value=True, required=True)
    family_member = fields.UUID(load_default=None)
    country = fields.String(required=True, validate=COUNTRY)
    coarse_area = fields.String(load_default=None, validate=validate.Length(max=120))
    measure_type = fields.Enum(MeasureType, by_value=True, required=True)
    special_measure = fields.Enum(SpecialMeasure, by_value=True, load_default=None)
    issuing_authority = fields.String(load_default=None, validate=SHORT)
    prohibitions = fields.String(load_default=None, validate=TEXT)
    review_on = fields.Date(load_default=None)
    protected_address = fields.String(load_default=None, validate=validate.Length(max=500))
    address_reason = fields.String(load_default=None, validate=validate.Length(max=500))
    note = fields.String(load_default=None, validate=TEXT)
    # European Protection Order only
    national_measure = fields.UUID(load_default=None)
    requested_by_protected_person_on = fields.Date(load_default=None)
    stay_from = fields.Date(load_default=None)
    approach_metres = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100000))


class MeasureTransitionSchema(BaseSchema):
    """An action with the fields it needs."""

    action = fields.Enum(MeasureAction, by_value=True, required=True)
    note = fields.String(load_default=None, validate=TEXT)
    refusal_reason = fields.Enum(RefusalReason, by_value=True, load_default=None)
    issuing_authority = fields.String(load_default=None, validate=SHORT)
    legal_act_ref = fields.String(load_default=None, validate=SHORT)
    legal_act_on = fields.Date(load_default=None)
    valid_from = fields.Date(load_default=None)
    valid_until = fields.Date(load_default=None)
    review_on = fields.Date(load_default=None)
    prohibitions = fields.String(load_default=None, validate=TEXT)
    penalty = fields.String(load_default=None, validate=SHORT)
    technical_device = fields.Boolean(load_default=None)
    reported_to_issuing_state_at = fields.AwareDateTime(load_default=None)
    transmitted_on = fields.Date(load_default=None)
    recognition = fields.Enum(Recognition, by_value=True, load_default=None)
    recognition_decided_on = fields.Date(load_default=None)
    executing_authority = fields.String(load_default=None, validate=SHORT)
    executing_measure_ref = fields.String(load_default=None, validate=SHORT)


class MeasureFormTransitionSchema(MeasureTransitionSchema):
    """HTML: the version the page was loaded at, and a local date for breach reports."""

    version = fields.Integer(load_default=None)
    reported_to_issuing_state_on = fields.Date(load_default=None)


class EventSchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True)
    at = fields.DateTime(dump_only=True)
    organisation = fields.String(dump_only=True)
    reason_code = fields.String(dump_only=True)
    details = fields.String(dump_only=True)
    reported_to_issuing_state_at = fields.DateTime(dump_only=True)


class EpoSchema(BaseSchema):
    issuing_state = fields.String(dump_only=True)
    executing_state = fields.String(dump_only=True)
    requested_by_protected_person_on = fields.Date(dump_only=True)
    stay_from = fields.Date(dump_only=True)
    approach_metres = fields.Integer(dump_only=True)
    transmitted_on = fields.Date(dump_only=True)
    recognition = fields.String(dump_only=True)
    recognition_decided_on = fields.Date(dump_only=True)
    executing_authority = fields.String(dump_only=True)
    executing_measure_ref = fields.String(dump_only=True)


class MeasureSchema(BaseSchema):
    """A measure as the caller may see it; family details only with the family category."""

    id = fields.UUID(dump_only=True)
    case_code = fields.String(dump_only=True)
    beneficiary = fields.String(dump_only=True)
    family_relationship = fields.String(dump_only=True)
    country = fields.String(dump_only=True)
    coarse_area = fields.String(dump_only=True)
    measure_type = fields.String(dump_only=True)
    special_measure = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    issuing_authority = fields.String(dump_only=True)
    legal_act_ref = fields.String(dump_only=True)
    legal_act_on = fields.Date(dump_only=True)
    prohibitions = fields.String(dump_only=True)
    penalty = fields.String(dump_only=True)
    technical_device = fields.Boolean(dump_only=True)
    valid_from = fields.Date(dump_only=True)
    valid_until = fields.Date(dump_only=True)
    review_on = fields.Date(dump_only=True)
    refusal_reason = fields.String(dump_only=True)
    has_protected_address = fields.Boolean(dump_only=True)
    national_measure = fields.UUID(dump_only=True)
    epo = fields.Nested(EpoSchema, dump_only=True)
    events = fields.List(fields.Nested(EventSchema), dump_only=True)
    version = fields.Integer(dump_only=True)


class MeasureListSchema(BaseSchema):
    items = fields.List(fields.Nested(MeasureSchema), dump_only=True)


class AlertSchema(BaseSchema):
    kind = fields.String(dump_only=True)
    due_on = fields.Date(dump_only=True)
    case_code = fields.String(dump_only=True)
    measure = fields.UUID(dump_only=True)
    family_member_country = fields.String(dump_only=True)


class AlertListSchema(BaseSchema):
    items = fields.List(fields.Nested(AlertSchema), dump_only=True)


class AddressRevealSchema(BaseSchema):
    protected_address = fields.String(dump_only=True)
    address_reason = fields.String(dump_only=True)
