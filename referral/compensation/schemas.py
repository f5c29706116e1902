"""Input and output shapes for compensation, shared by the pages and the API.

The API takes money as `{"amount_minor": 1250000, "currency": "EUR"}`; forms take an amount
typed in the user's own number format, parsed to minor units here. Both reach the
operations as `amount_minor` + `currency`.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from referral.compensation.enums import (
    ClaimAction,
    ClaimOutcome,
    ClaimRoute,
    DeadlineKind,
    DocumentKind,
    EntryKind,
    Head,
    HearingMode,
    LimitationTrigger,
    OffenceCategory,
    SchemeKind,
    Subtype,
)
from referral.compensation.money import parse_amount
from referral.core.schemas import BaseSchema
from referral.identity.schemas import COUNTRY

SHORT = validate.Length(max=200)
TEXT = validate.Length(max=4000)
CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error=_l("Give a currency code such as EUR."))
LANGUAGE = validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", error=_l("Choose a language."))
MAX_MINOR = 10**15


class MoneySchema(BaseSchema):
    amount_minor = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_MINOR)
    )
    currency = fields.String(required=True, validate=CURRENCY)


def _flatten_money(data: dict[str, Any], name: str, target: str) -> dict[str, Any]:
    money = data.pop(name, None)
    if money:
        data[target] = money["amount_minor"]
        data["currency"] = money["currency"]
    return data


def _looks_like_amount(text: str) -> None:
    """Reported with the other field errors; the currency's own digits are checked on load."""
    try:
        parse_amount(text, "BHD")  # three decimals: the most any currency has
    except ValueError:
        raise ma.ValidationError(str(_l("Enter an amount such as 1250.50, above zero."))) from None


def _parse_typed(data: dict[str, Any], name: str, target: str, currency: str) -> dict[str, Any]:
    text = data.pop(name, None)
    if text:
        try:
            data[target] = parse_amount(text, currency)
        except ValueError:
            raise ma.ValidationError(
                {name: [str(_l("Enter an amount such as 1250.50, above zero."))]}
            ) from None
        if data[target] > MAX_MINOR:
            raise ma.ValidationError({name: [str(_l("This number is too large."))]})
    return data


class ClaimCreateSchema(BaseSchema):
    """A claim as it is prepared."""

    route = fields.Enum(ClaimRoute, by_value=True, required=True)
    offence_category = fields.Enum(OffenceCategory, by_value=True, required=True)
    crime_country = fields.String(required=True, validate=COUNTRY)
    residence_country = fields.String(load_default=None, validate=COUNTRY)
    assisting_authority = fields.String(load_default=None, validate=SHORT)
    deciding_authority = fields.String(load_default=None, validate=SHORT)
    forum = fields.String(load_default=None, validate=SHORT)
    proceeding = fields.UUID(load_default=None)
    scheme = fields.UUID(load_default=None)
    lawyer = fields.UUID(load_default=None)
    self_represented = fields.Boolean(load_default=False)
    legal_aid = fields.Boolean(load_default=False)
    currency = fields.String(load_default=None, validate=CURRENCY)
    limitation_starts_on = fields.Date(load_default=None)
    references = fields.String(load_default=None, validate=SHORT)
    note = fields.String(load_default=None, validate=TEXT)


class LawyerSchema(BaseSchema):
    """Choose the claim's lawyer (empty: none)."""

    lawyer = fields.UUID(load_default=None)
    note = fields.String(load_default=None, validate=TEXT)


class LawyerFormSchema(LawyerSchema):
    version = fields.Integer(load_default=None)


class ClaimTransitionSchema(BaseSchema):
    """A step with the fields it needs."""

    action = fields.Enum(ClaimAction, by_value=True, required=True)
    note = fields.String(load_default=None, validate=TEXT)
    assisting_authority = fields.String(load_default=None, validate=SHORT)
    deciding_authority = fields.String(load_default=None, validate=SHORT)
    hearing_mode = fields.Enum(HearingMode, by_value=True, load_default=None)
    respond_by = fields.Date(load_default=None)
    outcome = fields.Enum(ClaimOutcome, by_value=True, load_default=None)
    awarded = fields.Nested(MoneySchema, load_default=None)
    head = fields.Enum(Head, by_value=True, load_default=None)
    subtype = fields.Enum(Subtype, by_value=True, load_default=None)
    decided_on = fields.Date(load_default=None)
    appeal_until = fields.Date(load_default=None)
    judgment_final_on = fields.Date(load_default=None)

    @ma.post_load
    def _money(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return _flatten_money(data, "awarded", "awarded_minor")


class ClaimFormTransitionSchema(ClaimTransitionSchema):
    """HTML: the version the page was loaded at; the award typed in the user's format."""

    version = fields.Integer(load_default=None)
    awarded = fields.String(
        load_default=None, validate=[validate.Length(max=40), _looks_like_amount]
    )
    currency = fields.String(load_default=None, validate=CURRENCY)

    @ma.post_load
    def _money(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return _parse_typed(data, "awarded", "awarded_minor", data.get("currency") or "EUR")


class EntryCreateSchema(BaseSchema):
    """One ledger entry."""

    kind = fields.Enum(EntryKind, by_value=True, required=True)
    amount = fields.Nested(MoneySchema, required=True)
    head = fields.Enum(Head, by_value=True, load_default=None)
    subtype = fields.Enum(Subtype, by_value=True, load_default=None)
    occurred_on = fields.Date(required=True)
    reference = fields.String(load_default=None, validate=SHORT)
    note = fields.String(load_default=None, validate=TEXT)
    confirm_overpayment = fields.Boolean(load_default=False)

    @ma.post_load
    def _money(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return _flatten_money(data, "amount", "amount_minor")


class EntryFormSchema(EntryCreateSchema):
    amount = fields.String(required=True, validate=[validate.Length(max=40), _looks_like_amount])
    currency = fields.String(required=True, validate=CURRENCY)

    @ma.post_load
    def _money(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return _parse_typed(data, "amount", "amount_minor", data["currency"])


class ReversalSchema(BaseSchema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class DeadlineCreateSchema(BaseSchema):
    kind = fields.Enum(DeadlineKind, by_value=True, required=True)
    due_on = fields.Date(required=True)
    note = fields.String(load_default=None, validate=SHORT)


class DocumentMetaSchema(BaseSchema):
    """What an uploaded file is; the file itself comes as multipart `file`."""

    kind = fields.Enum(DocumentKind, by_value=True, required=True)
    language = fields.String(load_default=None, validate=LANGUAGE)
    translation_of = fields.UUID(load_default=None)


class SchemeSchema(BaseSchema):
    """A country's scheme rules (platform administrators)."""

    id = fields.UUID(dump_only=True, attribute="uuid")
    country = fields.String(required=True, validate=COUNTRY)
    kind = fields.Enum(SchemeKind, by_value=True, required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    deciding_authority = fields.String(required=True, validate=validate.Length(min=1, max=200))
    accepted_languages = fields.List(
        fields.String(validate=LANGUAGE), load_default=list, validate=validate.Length(max=20)
    )
    eligibility_notes = fields.String(load_default=None, validate=TEXT)
    advance_after_months = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=0, max=240)
    )
    cap_minor = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=0, max=MAX_MINOR)
    )
    currency = fields.String(required=True, validate=CURRENCY)
    cap_exempt_offences = fields.List(
        fields.String(validate=validate.OneOf([o.value for o in OffenceCategory])),
        load_default=list,
    )
    limitation_months = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=1, max=600)
    )
    limitation_trigger = fields.Enum(LimitationTrigger, by_value=True, load_default=None)
    valid_from = fields.Date(load_default=None)
    valid_until = fields.Date(load_default=None)


class SchemeFormSchema(SchemeSchema):
    """HTML: numbers arrive as text, so they are read as whole numbers, not type-checked."""

    advance_after_months = fields.Integer(
        load_default=None, validate=validate.Range(min=0, max=240)
    )
    cap_minor = fields.Integer(load_default=None, validate=validate.Range(min=0, max=MAX_MINOR))
    limitation_months = fields.Integer(load_default=None, validate=validate.Range(min=1, max=600))


class SchemeListSchema(BaseSchema):
    items = fields.List(fields.Nested(SchemeSchema), dump_only=True)


# Output shapes -----------------------------------------------------------------------------


class MoneyOut(BaseSchema):
    amount_minor = fields.Integer(dump_only=True)
    currency = fields.String(dump_only=True)


class BalanceSchema(BaseSchema):
    currency = fields.String(dump_only=True)
    claimed = fields.Nested(MoneyOut, dump_only=True)
    awarded = fields.Nested(MoneyOut, dump_only=True)
    paid_by_offender = fields.Nested(MoneyOut, dump_only=True)
    advanced_by_state = fields.Nested(MoneyOut, dump_only=True)
    recovered_by_state_from_offender = fields.Nested(MoneyOut, dump_only=True)
    other_compensation_deducted = fields.Nested(MoneyOut, dump_only=True)
    outstanding = fields.Nested(MoneyOut, dump_only=True)
    state_to_recover = fields.Nested(MoneyOut, dump_only=True)
    advance_claimable = fields.Boolean(dump_only=True)
    advance_claimable_now = fields.Nested(MoneyOut, dump_only=True)


class DueSchema(BaseSchema):
    kind = fields.String(dump_only=True)
    due_on = fields.Date(dump_only=True)
    overdue = fields.Boolean(dump_only=True)


class ClaimEventSchema(BaseSchema):
    action = fields.String(dump_only=True)
    from_status = fields.String(dump_only=True)
    to_status = fields.String(dump_only=True)
    at = fields.DateTime(dump_only=True)
    organisation = fields.String(dump_only=True)
    reason = fields.String(dump_only=True)


class DocumentSchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    media_type = fields.String(dump_only=True)
    size = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    uploaded_at = fields.DateTime(dump_only=True)
    translation_of = fields.UUID(dump_only=True)


class ClaimSchema(BaseSchema):
    """A claim with its balances per currency, open deadlines and history."""

    id = fields.UUID(dump_only=True)
    case = fields.UUID(dump_only=True)
    case_code = fields.String(dump_only=True)
    route = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    outcome = fields.String(dump_only=True)
    offence_category = fields.String(dump_only=True)
    crime_country = fields.String(dump_only=True)
    residence_country = fields.String(dump_only=True)
    assisting_authority = fields.String(dump_only=True)
    deciding_authority = fields.String(dump_only=True)
    forum = fields.String(dump_only=True)
    hearing_mode = fields.String(dump_only=True)
    scheme = fields.UUID(dump_only=True)
    lawyer = fields.UUID(dump_only=True)
    lawyer_name = fields.String(dump_only=True)
    self_represented = fields.Boolean(dump_only=True)
    legal_aid = fields.Boolean(dump_only=True)
    currency = fields.String(dump_only=True)
    references = fields.String(dump_only=True)
    limitation_on = fields.Date(dump_only=True)
    judgment_final_on = fields.Date(dump_only=True)
    advance_eligible_on = fields.Date(dump_only=True)
    next_deadline = fields.Nested(DueSchema, dump_only=True)
    deadlines = fields.List(fields.Nested(DueSchema), dump_only=True)
    balances = fields.List(fields.Nested(BalanceSchema), dump_only=True)
    events = fields.List(fields.Nested(ClaimEventSchema), dump_only=True)
    documents = fields.List(fields.Nested(DocumentSchema), dump_only=True)
    version = fields.Integer(dump_only=True)


class ClaimListSchema(BaseSchema):
    items = fields.List(fields.Nested(ClaimSchema), dump_only=True)


class EntrySchema(BaseSchema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True)
    head = fields.String(dump_only=True)
    subtype = fields.String(dump_only=True)
    amount = fields.Nested(MoneyOut, dump_only=True)
    occurred_on = fields.Date(dump_only=True)
    reference = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    reverses = fields.UUID(dump_only=True)
    recorded_at = fields.DateTime(dump_only=True)


class LedgerSchema(BaseSchema):
    items = fields.List(fields.Nested(EntrySchema), dump_only=True)
    balances = fields.List(fields.Nested(BalanceSchema), dump_only=True)


class ClientSchema(BaseSchema):
    """Revealed name and contact; each key only when the consent covers it."""

    identity = fields.Dict(dump_only=True)
    contact = fields.Dict(dump_only=True)
