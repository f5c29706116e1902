"""Audit log filters and events as the API shows them."""

from __future__ import annotations

from marshmallow import fields, validate

from referral.audit.enums import AuditOutcome
from referral.core.schemas import BaseSchema


class AuditFilterSchema(BaseSchema):
    """Filters for the log; `before` is the sequence number to continue below (paging)."""

    action = fields.String(load_default=None, validate=validate.Length(max=64))
    outcome = fields.Enum(AuditOutcome, by_value=True, load_default=None)
    case_code = fields.String(load_default=None, validate=validate.Length(max=16))
    since = fields.Date(load_default=None)
    until = fields.Date(load_default=None)
    before = fields.Integer(load_default=None, validate=validate.Range(min=1))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class AuditEventSchema(BaseSchema):
    """One event: no values, only names of fields and categories."""

    seq = fields.Integer(dump_only=True)
    occurred_at = fields.DateTime(dump_only=True)
    actor_user = fields.UUID(dump_only=True, allow_none=True)
    actor_org = fields.UUID(dump_only=True, allow_none=True)
    actor_role = fields.String(dump_only=True, allow_none=True)
    via = fields.String(dump_only=True)
    action = fields.String(dump_only=True)
    object_type = fields.String(dump_only=True, allow_none=True)
    object_uuid = fields.UUID(dump_only=True, allow_none=True)
    case_code = fields.String(dump_only=True, allow_none=True)
    outcome = fields.String(dump_only=True)
    purpose = fields.String(dump_only=True, allow_none=True)
    reason_code = fields.String(dump_only=True, allow_none=True)
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields", dump_only=True)
    categories = fields.List(fields.String(), dump_only=True)
    hash = fields.String(dump_only=True)


class AuditPageSchema(BaseSchema):
    items = fields.List(fields.Nested(AuditEventSchema), dump_only=True)
    #: Pass as `before` for the next (older) page; null on the last page.
    next_before = fields.Integer(dump_only=True, allow_none=True)


class ChainStatusSchema(BaseSchema):
    """The hash chain, recomputed from the first event."""

    ok = fields.Boolean(dump_only=True)
    checked = fields.Integer(dump_only=True)
    head_seq = fields.Integer(dump_only=True)
    head_hash = fields.String(dump_only=True)
    broken_at = fields.Integer(dump_only=True, allow_none=True)
