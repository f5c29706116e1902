"""JSON API for venues."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from referral.core.idempotency import idempotent
from referral.core.policy import policy, require
from referral.directory import operations
from referral.directory.models import Venue
from referral.directory.permissions import can_manage_venues, can_search_directory
from referral.directory.schemas import VenueListSchema, VenueSchema

blp = Blueprint("venues_api", __name__, url_prefix="/api/v1/venues", description="venues")


@blp.route("")
class Venues(MethodView):
    """Courts, consulates, protected rooms and offices a person can be heard from."""

    @policy(can_search_directory, scope="services:read")
    @blp.response(200, VenueListSchema)
    def get(self) -> dict[str, Any]:
        """All venues, or those of `?country=`; never their addresses."""
        require(can_search_directory)
        return {"items": operations.venues(request.args.get("country") or None)}

    @policy(can_manage_venues, scope="services:write")
    @idempotent
    @blp.arguments(VenueSchema)
    @blp.response(201, VenueSchema)
    def post(self, data: dict[str, Any]) -> Venue:
        """List a venue of the caller's organisation."""
        return operations.create_venue(require(can_manage_venues), data)
