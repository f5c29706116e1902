"""Consent schemas."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from referral.cases.enums import DataCategory
from referral.consent.enums import (
    ConsentMethod,
    DisclosureReason,
    Purpose,
    WithdrawalChannel,
    WithdrawalScope,
)
from referral.consent.operations import CHECKLIST
from referral.core.schemas import BaseSchema
from referral.identity.schemas import COUNTRY, validate_language_code

NAME = validate.Length(max=200)


def _text_exists(code: str) -> None:
    from referral.consent.texts import available_languages

    if code not in available_languages():
        raise ma.ValidationError(_l("Choose a language from the list."))


class ConsentRecordSchema(BaseSchema):
    """How the information was given and how the answer was recorded."""

    language = fields.String(required=True, validate=validate_language_code)
    #: A shipped text's language, which may carry a script (zh_Hans): not a bare language code.
    text_language = fields.String(required=True, validate=_text_exists)
    method = fields.Enum(ConsentMethod, by_value=True, load_default=None)
    interpreter_name = fields.String(load_default=None, validate=NAME)
    no_interpreter = fields.Boolean(load_default=False)
    cultural_mediator_name = fields.String(load_default=None, validate=NAME)
    witness = fields.String(load_default=None, validate=NAME)
    checklist = fields.List(
        fields.String(validate=validate.OneOf(CHECKLIST)),
        load_default=list,
        validate=validate.Length(max=len(CHECKLIST)),
    )
    valid_from = fields.Date(load_default=None)
    #: Last day of validity (inclusive).
    valid_until = fields.Date(load_default=None)
    guardian_present = fields.Boolean(load_default=False)
    child_views = fields.String(load_default=None, validate=validate.Length(max=4000))


class ScopeItemSchema(BaseSchema):
    """Purposes x recipient x categories x validity."""

    purposes = fields.List(
        fields.Enum(Purpose, by_value=True),
        required=True,
        validate=validate.Length(min=1, max=len(Purpose)),
    )
    recipient_country = fields.String(required=True, validate=COUNTRY)
    recipient_org_id = fields.UUID(load_default=None)
    categories = fields.List(
        fields.Enum(DataCategory, by_value=True),
        required=True,
        validate=validate.Length(min=1, max=len(DataCategory)),
    )
    valid_until = fields.Date(load_default=None)


class ThirdCountrySchema(BaseSchema):
    """The separate agreement to a transfer outside the EU."""

    country = fields.String(required=True, validate=COUNTRY)
    risks_explained = fields.String(required=True, validate=validate.Length(min=10, max=2000))
    explicit_agreement = fields.Boolean(required=True)

    @ma.validates_schema
    def _agreed(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("explicit_agreement"):
            raise ma.ValidationError(
                str(_l("The person must agree to this transfer separately.")), "explicit_agreement"
            )


class WithdrawalSchema(BaseSchema):
    """A withdrawal needs nothing but the channel."""

    scope = fields.Enum(WithdrawalScope, by_value=True, load_default=WithdrawalScope.all)
    organisation_id = fields.UUID(load_default=None)
    purpose = fields.Enum(Purpose, by_value=True, load_default=None)
    channel = fields.Enum(WithdrawalChannel, by_value=True, required=True)
    note = fields.String(load_default=None, validate=validate.Length(max=2000))

    @ma.validates_schema
    def _scope_target(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("scope") == WithdrawalScope.organisation and not data.get("organisation_id"):
            raise ma.ValidationError(str(_l("Choose the organisation.")), "organisation_id")
        if data.get("scope") == WithdrawalScope.purpose and not data.get("purpose"):
            raise ma.ValidationError(str(_l("Choose the purpose.")), "purpose")


class ConsentTransitionSchema(BaseSchema):
    """Give or refuse a pending consent."""

    action = fields.String(required=True, validate=validate.OneOf(["give", "refuse"]))


class RiskDisclosureSchema(BaseSchema):
    """A risk-to-life disclosure."""

    recipient_org_id = fields.UUID(required=True)
    reason = fields.Enum(DisclosureReason, by_value=True, required=True)
    written_reason = fields.String(required=True, validate=validate.Length(min=20, max=2000))
    expires_in_days = fields.Integer(load_default=30, validate=validate.Range(1, 30))
    victim_informed_on = fields.Date(load_default=None)
