"""Input and output schemas for identity: sign-in, profile, tokens, users, organisations."""

from __future__ import annotations

import zoneinfo
from typing import Any

import marshmallow as ma
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from referral.core.schemas import BaseSchema, email_field
from referral.identity.credentials import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    is_common_password,
)
from referral.identity.enums import (
    ORG_ASSIGNABLE_ROLES,
    CreatedVia,
    DataRegime,
    OrgType,
    TokenScope,
)

E164 = validate.Regexp(
    r"^\+[1-9]\d{1,14}$", error=_l("Enter the number in international form, e.g. +31201234567.")
)
COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error=_l("Choose a country."))


def validate_password(value: str) -> None:
    """Length 12 to 128, no composition rules, not a known leaked password."""
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ma.ValidationError(
            _l("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)
        )
    if len(value) > MAX_PASSWORD_LENGTH:
        raise ma.ValidationError(_l("Use at most %(count)s characters.", count=MAX_PASSWORD_LENGTH))
    if is_common_password(value):
        raise ma.ValidationError(
            _l("This password is on a list of leaked passwords. Choose another one.")
        )


def validate_time_zone(value: str) -> None:
    """An IANA time zone name."""
    if value not in zoneinfo.available_timezones():
        raise ma.ValidationError(_l("Choose a time zone from the list."))


def validate_locale(value: str) -> None:
    """One of the shipped languages."""
    if value not in current_app.config["LOCALES"]:
        raise ma.ValidationError(_l("Choose a language from the list."))


def validate_language_code(value: str) -> None:
    """A BCP 47 primary language subtag (2 or 3 letters)."""
    if not (value.isalpha() and value.islower() and 2 <= len(value) <= 3):
        raise ma.ValidationError(_l("Choose a language from the list."))


class LoginSchema(BaseSchema):
    """E-mail and password."""

    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )
    next = fields.String(load_default=None, validate=validate.Length(max=500))


class CodeSchema(BaseSchema):
    """A six-digit code from the authenticator app."""

    code = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^\d{3} ?\d{3}$", error=_l("Enter the 6-digit code from your app.")
        ),
    )


class RecoveryCodeSchema(BaseSchema):
    """One of the ten recovery codes."""

    code = fields.String(required=True, validate=validate.Length(min=12, max=20))


class PreferencesSchema(BaseSchema):
    """Language and time zone."""

    locale = fields.String(required=True, validate=validate_locale)
    time_zone = fields.String(required=True, validate=validate_time_zone)


class LanguageChoiceSchema(BaseSchema):
    """Language switcher."""

    locale = fields.String(required=True, validate=validate_locale)
    next = fields.String(load_default=None, validate=validate.Length(max=500))


class PasswordChangeSchema(BaseSchema):
    """Current and new password."""

    current_password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )
    new_password = fields.String(required=True, load_only=True, validate=validate_password)
    confirm_password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH)
    )

    @ma.validates_schema
    def _passwords_match(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("new_password") != data.get("confirm_password"):
            raise ma.ValidationError(_l("The two new passwords differ."), "confirm_password")


class StepUpSchema(BaseSchema):
    """A fresh TOTP code for sensitive actions; required only when the last one is stale."""

    code = fields.String(
        load_default=None,
        validate=validate.Regexp(
            r"^\d{3} ?\d{3}$", error=_l("Enter the 6-digit code from your app.")
        ),
    )


class TokenCreateSchema(StepUpSchema):
    """A new API token."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    scopes = fields.List(
        fields.Enum(TokenScope, by_value=True),
        required=True,
        validate=validate.Length(min=1, max=len(TokenScope)),
    )
    expires_in_days = fields.Integer(
        load_default=30,
        validate=validate.Range(min=1, max=90, error=_l("Choose between 1 and 90 days.")),
    )


class TokenSchema(BaseSchema):
    """An API token as listed; the secret itself is never shown again."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    name = fields.String(dump_only=True)
    prefix = fields.String(dump_only=True)
    scopes = fields.List(fields.String(), dump_only=True)
    created_at = fields.DateTime(dump_only=True, format="iso")
    expires_at = fields.DateTime(dump_only=True, format="iso")
    last_used_at = fields.DateTime(dump_only=True, format="iso")
    revoked_at = fields.DateTime(dump_only=True, format="iso")
    created_via = fields.Enum(CreatedVia, by_value=True, dump_only=True)


class TokenCreatedSchema(TokenSchema):
    """The new token, with its secret, shown exactly once."""

    token = fields.String(attribute="secret", dump_only=True)


class TokenListSchema(BaseSchema):
    """Tokens of the caller."""

    items = fields.List(fields.Nested(TokenSchema), dump_only=True)


class OrganisationRefSchema(BaseSchema):
    """Enough to name an organisation."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    name = fields.String(dump_only=True)
    country = fields.String(dump_only=True)
    org_type = fields.Enum(OrgType, by_value=True, dump_only=True)


class MeSchema(BaseSchema):
    """The caller's own account."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    email = fields.String(dump_only=True)
    display_name = fields.String(dump_only=True)
    roles = fields.List(fields.String(), dump_only=True)
    locale = fields.String(dump_only=True)
    time_zone = fields.String(dump_only=True)
    organisation = fields.Nested(OrganisationRefSchema, dump_only=True)
    token_scopes = fields.List(fields.String(), dump_only=True)


def _org_role_choices() -> list[str]:
    return sorted(role.value for role in ORG_ASSIGNABLE_ROLES)


class UserCreateSchema(BaseSchema):
    """A new user in the administrator's organisation."""

    email = email_field(required=True)
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    roles = fields.List(
        fields.String(validate=validate.OneOf(_org_role_choices())),
        required=True,
        validate=validate.Length(min=1, max=len(ORG_ASSIGNABLE_ROLES)),
    )
    locale = fields.String(load_default="en", validate=validate_locale)
    time_zone = fields.String(load_default="UTC", validate=validate_time_zone)


class UserUpdateSchema(StepUpSchema):
    """Changes an administrator may make to a user of their organisation."""

    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    roles = fields.List(
        fields.String(validate=validate.OneOf(_org_role_choices())),
        required=True,
        validate=validate.Length(min=1, max=len(ORG_ASSIGNABLE_ROLES)),
    )
    is_active = fields.Boolean(load_default=True)
    version = fields.Integer(required=True)


class OrganisationSchema(BaseSchema):
    """An organisation's public record, as edited by the platform administrator."""

    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    org_type = fields.Enum(OrgType, by_value=True, required=True)
    country = fields.String(required=True, validate=COUNTRY)
    region = fields.String(load_default=None, validate=validate.Length(max=6))
    phone = fields.String(load_default=None, validate=E164)
    emergency_phone = fields.String(load_default=None, validate=E164)
    email = email_field(load_default=None)
    working_languages = fields.List(
        fields.String(validate=validate_language_code),
        required=True,
        validate=validate.Length(min=1, max=12),
    )
    time_zone = fields.String(required=True, validate=validate_time_zone)
    data_regime = fields.Enum(DataRegime, by_value=True, load_default=DataRegime.gdpr)


class OrganisationUpdateSchema(OrganisationSchema):
    """Edit form; carries the version it was loaded at."""

    version = fields.Integer(required=True)
