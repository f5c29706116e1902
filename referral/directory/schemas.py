"""Directory schemas."""

from __future__ import annotations

from marshmallow import fields, validate

from referral.cases.enums import DataCategory
from referral.core.schemas import BaseSchema
from referral.directory.enums import CapacityStatus, GendersServed, ServiceType, VenueKind
from referral.identity.schemas import COUNTRY, E164, validate_language_code, validate_time_zone


class ServiceSchema(BaseSchema):
    """A service as published."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    organisation = fields.Function(
        lambda s: {
            "id": str(s.organisation.uuid),
            "name": s.organisation.name,
            "country": s.organisation.country,
        },
        dump_only=True,
    )
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    service_type = fields.Enum(ServiceType, by_value=True, required=True)
    country = fields.String(required=True, validate=COUNTRY)
    region = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=6))
    languages = fields.List(
        fields.String(validate=validate_language_code),
        required=True,
        validate=validate.Length(min=1, max=12),
    )
    accepts_adults = fields.Boolean(load_default=True)
    accepts_minors = fields.Boolean(load_default=False)
    genders_served = fields.Enum(GendersServed, by_value=True, load_default=GendersServed.any)
    is_inbox_open = fields.Boolean(load_default=True)
    capacity_status = fields.Enum(
        CapacityStatus, by_value=True, load_default=CapacityStatus.unknown
    )
    capacity_note = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=500)
    )
    capacity_updated_at = fields.DateTime(dump_only=True)
    emergency_phone = fields.String(load_default=None, allow_none=True, validate=E164)
    description = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=2000)
    )
    default_data_package = fields.List(
        fields.String(validate=validate.OneOf([c.value for c in DataCategory])),
        load_default=list,
        validate=validate.Length(max=len(DataCategory)),
    )
    version = fields.Integer(dump_only=True)


class ServiceUpdateSchema(ServiceSchema):
    """Edit form; carries the version it was loaded at."""

    version = fields.Integer(required=True)


class ServiceQueryArgsSchema(BaseSchema):
    """Directory filters."""

    country = fields.String(load_default=None, validate=COUNTRY)
    service_type = fields.Enum(ServiceType, by_value=True, load_default=None)
    language = fields.String(load_default=None, validate=validate_language_code)
    open_only = fields.Boolean(load_default=False)
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class VenueSchema(BaseSchema):
    """A venue as listed; its address is written, never listed."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    organisation = fields.String(attribute="organisation.name", dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    kind = fields.Enum(VenueKind, by_value=True, required=True)
    country = fields.String(required=True, validate=COUNTRY)
    time_zone = fields.String(required=True, validate=validate_time_zone)
    address = fields.String(load_only=True, load_default=None, validate=validate.Length(max=500))


class VenueListSchema(BaseSchema):
    items = fields.List(fields.Nested(VenueSchema), dump_only=True)
