"""Erasure requests and what is left of an erased case."""

from __future__ import annotations

from marshmallow import fields, validate

from referral.cases.enums import ErasureReason
from referral.core.schemas import BaseSchema
from referral.identity.schemas import StepUpSchema


class ErasureSchema(BaseSchema):
    """Erase (crypto-shred) a case: why, and its code typed back as a check."""

    reason = fields.Enum(ErasureReason, by_value=True, required=True)
    case_code = fields.String(required=True, validate=validate.Length(min=1, max=32))


class ErasureFormSchema(ErasureSchema, StepUpSchema):
    """The erasure form, with a fresh code from the app when the last one is stale."""


class ErasedSchema(BaseSchema):
    """What is left of an erased case: its code and when, by whom, why."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    case_code = fields.String(dump_only=True)
    erased_at = fields.DateTime(dump_only=True)
    erasure_reason = fields.Enum(ErasureReason, by_value=True, dump_only=True)
