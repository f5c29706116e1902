"""BaseSchema, translated validation messages and form loading shared by HTML and API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from referral.core.errors import flatten_messages


def install_translated_messages() -> None:
    """Give marshmallow's built-in messages translatable, lazily evaluated text."""
    fields.Field.default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field is required."),
        "validator_failed": _l("This value is not valid."),
    }
    fields.String.default_error_messages = {
        "invalid": _l("Enter text."),
        "invalid_utf8": _l("Enter text."),
    }
    fields.Integer.default_error_messages = {"invalid": _l("Enter a whole number.")}
    fields.Number.default_error_messages = {
        "invalid": _l("Enter a number."),
        "too_large": _l("This number is too large."),
    }
    fields.Boolean.default_error_messages = {"invalid": _l("Choose yes or no.")}
    fields.UUID.default_error_messages = {"invalid_uuid": _l("This reference is not valid.")}
    fields.List.default_error_messages = {"invalid": _l("Choose from the list.")}
    fields.Date.default_error_messages = {
        "invalid": _l("Enter a real date."),
        "format": _l("Enter a real date."),
    }
    fields.DateTime.default_error_messages = {
        "invalid": _l("Enter a real date and time."),
        "invalid_awareness": _l("Enter a date and time with a time zone."),
        "format": _l("Enter a real date and time."),
    }
    fields.Enum.default_error_messages = {"unknown": _l("Choose one of the options.")}
    validate.Length.message_min = _l("Enter at least {min} characters.")
    validate.Length.message_max = _l("Enter at most {max} characters.")
    validate.Length.message_all = _l("Enter between {min} and {max} characters.")
    validate.Length.message_equal = _l("Enter exactly {equal} characters.")
    validate.OneOf.default_message = _l("Choose one of the options.")
    validate.Email.default_message = _l("Enter a valid e-mail address.")
    validate.Regexp.default_message = _l("This value is not in the expected format.")


class BaseSchema(ma.Schema):
    """Rejects unknown keys and strips surrounding whitespace from strings."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {  # noqa: RUF012 (marshmallow reads this class attribute)
        "unknown": _l("This field is not expected."),
        "type": _l("The input is not in the expected form."),
    }

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Output fields may hold no value yet (a date not reached, a note not written): they
        are documented as nullable, so the OpenAPI document says what the API sends."""
        if field_obj.dump_only:
            field_obj.allow_none = True

    @ma.pre_load
    def _strip_strings(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def email_field(**kwargs: Any) -> fields.String:
    """An e-mail address (a String with the Email validator, so its message is translatable)."""
    return fields.String(validate=[validate.Email(), validate.Length(max=254)], **kwargs)


@dataclass
class FormResult:
    """Loaded form data, or errors keyed by field name (messages in the user's language)."""

    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


def load_form(
    schema: ma.Schema, form: Mapping[str, Any], list_fields: tuple[str, ...] = ()
) -> FormResult:
    """Load an HTML form through a schema; empty strings count as missing.

    `list_fields` are read with getlist() (checkbox groups, multi-selects).
    """
    raw: dict[str, Any] = {}
    for name in schema.fields:
        if name in list_fields and hasattr(form, "getlist"):
            raw[name] = [v for v in form.getlist(name) if v != ""]
        elif name in form and form[name] != "":
            raw[name] = form[name]
    for name, value in list(raw.items()):
        if schema.fields[name].dump_only:
            raw.pop(name)
        elif isinstance(schema.fields[name], fields.Boolean):
            raw[name] = value in {"on", "true", "1", "yes", True}
    for name, schema_field in schema.fields.items():
        if (
            isinstance(schema_field, fields.Boolean)
            and name not in raw
            and not schema_field.dump_only
        ):
            raw[name] = False
    try:
        return FormResult(data=schema.load(raw), raw=raw)
    except ma.ValidationError as error:
        errors: dict[str, str] = {}
        for name, message in flatten_messages(error.messages):
            errors.setdefault(name.split(".")[0] or "_form", message)
        return FormResult(errors=errors, raw=raw)
