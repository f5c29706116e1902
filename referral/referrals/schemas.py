"""Referral schemas: create, update, transitions, messages, list filters and output."""

from __future__ import annotations

from marshmallow import fields, validate

from referral.cases.enums import DataCategory
from referral.consent.enums import Purpose
from referral.core.schemas import BaseSchema
from referral.directory.enums import ServiceType
from referral.identity.schemas import COUNTRY, validate_language_code
from referral.referrals.enums import (
    Action,
    DeclineReason,
    Outcome,
    ReferralKind,
    ReferralStatus,
    Urgency,
    WithdrawalReason,
)

TEXT = validate.Length(max=4000)
SHORT = validate.Length(max=300)


class ReferralCreateSchema(BaseSchema):
    """A new draft referral of a case to a service."""

    case_id = fields.UUID(required=True)
    service_id = fields.UUID(required=True)
    kind = fields.Enum(ReferralKind, by_value=True, required=True)
    purpose = fields.Enum(Purpose, by_value=True, required=True)
    urgency = fields.Enum(Urgency, by_value=True, required=True)
    data_package = fields.List(
        fields.Enum(DataCategory, by_value=True),
        required=True,
        validate=validate.Length(min=1, max=len(DataCategory)),
    )
    services_requested = fields.List(
        fields.Enum(ServiceType, by_value=True),
        load_default=list,
        validate=validate.Length(max=len(ServiceType)),
    )
    details = fields.String(load_default=None, validate=TEXT)
    text_lang = fields.String(load_default=None, validate=validate_language_code)
    is_domestic = fields.Boolean(load_default=False)


class ReferralFormSchema(ReferralCreateSchema):
    """The HTML form: case and service come from the address."""

    class Meta(ReferralCreateSchema.Meta):
        exclude = ("case_id", "service_id")


class ReferralUpdateSchema(BaseSchema):
    """Changes to a draft."""

    urgency = fields.Enum(Urgency, by_value=True)
    data_package = fields.List(
        fields.Enum(DataCategory, by_value=True),
        validate=validate.Length(min=1, max=len(DataCategory)),
    )
    services_requested = fields.List(
        fields.Enum(ServiceType, by_value=True), validate=validate.Length(max=len(ServiceType))
    )
    details = fields.String(allow_none=True, validate=TEXT)
    text_lang = fields.String(allow_none=True, validate=validate_language_code)
    is_domestic = fields.Boolean()


class ReferralTransitionSchema(BaseSchema):
    """An action with the fields it needs."""

    action = fields.Enum(Action, by_value=True, required=True)
    note = fields.String(load_default=None, validate=TEXT)
    message = fields.String(load_default=None, validate=TEXT)
    text_lang = fields.String(load_default=None, validate=validate_language_code)
    decline_reason = fields.Enum(DeclineReason, by_value=True, load_default=None)
    capacity_confirmed = fields.Boolean(load_default=False)
    receiving_caseworker_id = fields.UUID(load_default=None)
    arrival_at = fields.AwareDateTime(load_default=None)
    meeting_point = fields.String(load_default=None, validate=SHORT)
    met_by = fields.String(load_default=None, validate=SHORT)
    escort = fields.String(load_default=None, validate=SHORT)
    travel_documents = fields.String(load_default=None, validate=SHORT)
    is_voluntary = fields.Boolean(load_default=False)
    joint_risk_assessment_on = fields.Date(load_default=None)
    arrived_at = fields.AwareDateTime(load_default=None)
    outcome = fields.Enum(Outcome, by_value=True, load_default=None)
    feedback = fields.String(load_default=None, validate=TEXT)
    withdrawal_reason = fields.Enum(WithdrawalReason, by_value=True, load_default=None)


class ReferralFormTransitionSchema(ReferralTransitionSchema):
    """HTML: local datetimes (converted by the view), and the version the form was loaded at."""

    version = fields.Integer(load_default=None)


class ReferralDraftFormSchema(ReferralUpdateSchema):
    """The HTML draft form carries the version it was loaded at."""

    version = fields.Integer(required=True)


class SenderViewSchema(BaseSchema):
    """The sender's view of the outcome."""

    sender_view = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class MessageCreateSchema(BaseSchema):
    """A message on a referral."""

    body = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    text_lang = fields.String(load_default=None, validate=validate_language_code)


class ReferralQueryArgsSchema(BaseSchema):
    """List filters and cursor paging."""

    box = fields.String(load_default="all", validate=validate.OneOf(["sent", "received", "all"]))
    status = fields.Enum(ReferralStatus, by_value=True, load_default=None)
    sender_country = fields.String(load_default=None, validate=COUNTRY)
    recipient_country = fields.String(load_default=None, validate=COUNTRY)
    overdue = fields.Boolean(load_default=False)
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class MessageSchema(BaseSchema):
    """A message as shown."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    kind = fields.String(dump_only=True)
    body = fields.String(dump_only=True)
    text_lang = fields.String(dump_only=True)
    author_org = fields.Function(lambda m: m.author_org.name, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class MessageListSchema(BaseSchema):
    items = fields.List(fields.Nested(MessageSchema), dump_only=True)


class ReferralSchema(BaseSchema):
    """A referral: the envelope always; case data only within the viewer's consented view."""

    id = fields.UUID(dump_only=True)
    case_code = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    purpose = fields.String(dump_only=True)
    urgency = fields.String(dump_only=True)
    service = fields.Dict(dump_only=True)
    referring_organisation = fields.Dict(dump_only=True)
    referred_organisation = fields.Dict(dump_only=True)
    sender_country = fields.String(dump_only=True)
    recipient_country = fields.String(dump_only=True)
    data_package = fields.List(fields.String(), dump_only=True)
    submitted_at = fields.DateTime(dump_only=True)
    acknowledged_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True)
    ack_due_at = fields.DateTime(dump_only=True)
    decide_due_at = fields.DateTime(dump_only=True)
    is_overdue = fields.Boolean(dump_only=True)
    decline_reason = fields.String(dump_only=True)
    withdrawal_reason = fields.String(dump_only=True)
    outcome = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    case = fields.Dict(
        dump_only=True, metadata={"description": "Present only while consent allows."}
    )
    details = fields.String(dump_only=True)
    services_requested = fields.List(fields.String(), dump_only=True)
    arrival = fields.Dict(dump_only=True)


class ReferralListSchema(BaseSchema):
    items = fields.List(fields.Nested(ReferralSchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)
