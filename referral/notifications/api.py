"""JSON API for notifications."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from referral.core.policy import policy, require
from referral.core.schemas import BaseSchema
from referral.identity.permissions import is_signed_in
from referral.notifications import operations

blp = Blueprint(
    "notifications_api", __name__, url_prefix="/api/v1/notifications", description="notifications"
)


class NotificationSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)
    kind = fields.String(dump_only=True)
    object_type = fields.String(dump_only=True)
    object_id = fields.UUID(attribute="object_uuid", dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    read_at = fields.DateTime(dump_only=True)


class NotificationListSchema(BaseSchema):
    items = fields.List(fields.Nested(NotificationSchema), dump_only=True)


@blp.route("")
class Notifications(MethodView):
    """Your notifications."""

    @policy(is_signed_in, scope="notifications:read")
    @blp.response(200, NotificationListSchema)
    def get(self) -> dict[str, Any]:
        """The newest 50: kinds and object ids, never case data."""
        actor = require(is_signed_in)
        return {"items": operations.recent(actor)}
