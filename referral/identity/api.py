"""JSON API for the caller's own account and API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from flask import g
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from referral.core.errors import ValidationProblem
from referral.core.policy import load_visible, policy, require
from referral.identity import operations
from referral.identity.enums import CreatedVia
from referral.identity.models import ApiToken
from referral.identity.permissions import can_manage_token, is_signed_in, tokens_visible_to
from referral.identity.schemas import (
    MeSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenListSchema,
    TokenSchema,
)

blp = Blueprint("identity_api", __name__, url_prefix="/api/v1", description="identity")


class ApiTokenCreateSchema(TokenCreateSchema):
    """Token creation over the API: a token cannot grant more than its own scopes."""

    class Meta(TokenCreateSchema.Meta):
        exclude = ("code",)


@blp.route("/me")
class Me(MethodView):
    """The caller."""

    @policy(is_signed_in, scope="me:read")
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, Any]:
        """The account behind this token."""
        actor = require(is_signed_in)
        return {
            "uuid": actor.uuid,
            "email": actor.email,
            "display_name": actor.display_name,
            "roles": actor.roles,
            "locale": actor.locale,
            "time_zone": actor.time_zone,
            "organisation": actor.organisation,
            "token_scopes": g.token.scopes,
        }


@blp.route("/tokens")
class Tokens(MethodView):
    """The caller's API tokens."""

    @policy(is_signed_in, scope="tokens:read")
    @blp.response(200, TokenListSchema)
    def get(self) -> dict[str, Any]:
        """List your tokens, newest first."""
        actor = require(is_signed_in)
        return {"items": operations.list_tokens(actor)}

    @policy(is_signed_in, scope="tokens:write")
    @blp.arguments(ApiTokenCreateSchema)
    @blp.response(201, TokenCreatedSchema)
    def post(self, data: dict[str, Any]) -> ApiToken:
        """Create a token; its secret is in this response only."""
        actor = require(is_signed_in)
        requested = {str(scope) for scope in data["scopes"]}
        if not requested <= set(g.token.scopes):
            message = str(_l("A token cannot grant more than the token used to create it."))
            raise ValidationProblem(errors=[("scopes", message)])
        token, raw = operations.create_token(actor, data, CreatedVia.api)
        token.secret = raw  # transient: dumped once in this response, never stored
        return token


@blp.route("/tokens/<uuid:token_id>")
class TokenById(MethodView):
    """One token."""

    @policy(can_manage_token, scope="tokens:read")
    @blp.response(200, TokenSchema)
    def get(self, token_id: uuid.UUID) -> ApiToken:
        """One of your tokens."""
        token = load_visible(ApiToken, token_id, tokens_visible_to)
        require(can_manage_token, token, hide=True)
        return token

    @policy(can_manage_token, scope="tokens:write")
    @blp.response(200, TokenSchema)
    def delete(self, token_id: uuid.UUID) -> ApiToken:
        """Revoke one of your tokens at once."""
        token = load_visible(ApiToken, token_id, tokens_visible_to)
        actor = require(can_manage_token, token, hide=True)
        return operations.revoke_token(actor, token)
