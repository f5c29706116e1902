"""JSON API for the service directory."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from referral.core.http import keyset_page, require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import BaseSchema
from referral.directory import operations
from referral.directory.models import Service
from referral.directory.permissions import (
    can_manage_service,
    can_manage_services,
    can_search_directory,
    services_visible_to,
)
from referral.directory.schemas import ServiceQueryArgsSchema, ServiceSchema
from referral.extensions import db

blp = Blueprint("directory_api", __name__, url_prefix="/api/v1/services", description="services")


class ServiceListSchema(BaseSchema):
    items = fields.List(fields.Nested(ServiceSchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class ServicePatchSchema(ServiceSchema):
    """Partial update."""


@blp.route("")
class Services(MethodView):
    """The directory."""

    @policy(can_search_directory, scope="services:read")
    @blp.arguments(ServiceQueryArgsSchema, location="query")
    @blp.response(200, ServiceListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Search services by country, type and language."""
        require(can_search_directory)
        query = operations.search_services(
            country=args.get("country"),
            service_type=args["service_type"].value if args.get("service_type") else None,
            language=args.get("language"),
            open_only=args.get("open_only", False),
        )
        query, next_cursor = keyset_page(
            query.order_by(None), Service, args.get("cursor"), args["limit"]
        )
        rows = db.session.scalars(query).all()
        return {"items": rows[: args["limit"]], "next_cursor": next_cursor(rows)}

    @policy(can_manage_services, scope="services:write")
    @idempotent
    @blp.arguments(ServiceSchema)
    @blp.response(201, ServiceSchema)
    def post(self, data: dict[str, Any]) -> Service:
        """Publish a service of your organisation."""
        actor = require(can_manage_services)
        return operations.create_service(actor, actor.organisation, data)


@blp.route("/<uuid:service_id>")
class ServiceById(MethodView):
    """One service."""

    @policy(can_search_directory, scope="services:read")
    @blp.response(200, ServiceSchema)
    def get(self, service_id: uuid.UUID) -> Any:
        """A service."""
        service = load_visible(Service, service_id, services_visible_to)
        require(can_search_directory)
        return with_etag(service)

    @policy(can_manage_service, scope="services:write")
    @blp.arguments(ServicePatchSchema(partial=True))
    @blp.response(200, ServiceSchema)
    def patch(self, data: dict[str, Any], service_id: uuid.UUID) -> Any:
        """Change a service (send If-Match)."""
        service = load_visible(Service, service_id, services_visible_to)
        actor = require(can_manage_service, service)
        require_if_match(service)
        operations.update_service(actor, service, {**data, "version": service.version})
        return with_etag(service)
