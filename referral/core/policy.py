"""Deny by default: every view declares a policy and calls require() or public()."""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, g, redirect, request, url_for
from werkzeug.exceptions import Forbidden, HTTPException, NotFound, Unauthorized

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def policy(predicate: Callable[..., bool] | str, *, scope: str | None = None) -> Callable[[F], F]:
    """Declare the permission a view enforces, for the route check and the access matrix.

    `scope` is the API token scope the view needs; tokens without it get 403.
    """

    needs_object = callable(predicate) and len(inspect.signature(predicate).parameters) > 1

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.policy_declared = True
            if predicate != PUBLIC:
                require_login()  # anonymous callers stop here, before any input is read
            if scope and getattr(g, "token", None) is not None and scope not in g.token.scopes:
                g.authorized = True
                raise Forbidden(description="This token lacks the scope " + scope + ".")
            if callable(predicate) and not needs_object:
                require(predicate)  # object-free rules are checked before input is parsed
            return view(*args, **kwargs)

        wrapper.__policy__ = predicate  # type: ignore[attr-defined]
        wrapper.__policy_scope__ = scope  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public() -> None:
    """Mark this request as deliberately open to everyone."""
    g.authorized = True


class LoginRequired(HTTPException):
    """Raised for anonymous callers of a protected view."""

    code = 401


def require_login() -> Any:
    """The signed-in actor; anonymous callers are sent to sign in (HTML) or get 401 (API)."""
    actor = getattr(g, "actor", None)
    if actor is None:
        g.authorized = True
        if request.path.startswith("/api/"):
            raise Unauthorized(description="Authentication is required.")
        raise LoginRequired(response=redirect(url_for("auth.login", next=_safe_next())))
    return actor


def _safe_next() -> str | None:
    path = request.full_path if request.query_string else request.path
    return path if request.method == "GET" and path.startswith("/") else None


def require(predicate: Callable[..., bool], *args: Any, hide: bool = False) -> Any:
    """Check `predicate(actor, *args)`. Denied: 403, or 404 when `hide` (caller may not see it)."""
    actor = require_login()
    g.authorized = True
    if predicate(actor, *args):
        return actor
    target = next((arg for arg in args if hasattr(arg, "__tablename__")), None)
    _audit_denial(actor, predicate.__name__, target)
    if hide:
        raise NotFound()
    raise Forbidden()


def _audit_denial(
    actor: Any,
    reason: str,
    target: Any = None,
    object_type: str | None = None,
    object_uuid: uuid.UUID | None = None,
) -> None:
    from referral.audit import operations as audit
    from referral.extensions import db

    db.session.rollback()
    audit.record(
        actor,
        "authz.denied",
        target,
        outcome=audit.DENIED,
        reason_code=reason,
        object_type=object_type,
        object_uuid=object_uuid,
    )
    db.session.commit()


def load_visible(
    model: type[Any], public_id: uuid.UUID | str, visible: Callable[[Any], sa.Select[Any]]
) -> Any:
    """Fetch `model` by UUID through a visibility-scoped query; 404 when out of reach."""
    actor = require_login()
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        g.authorized = True
        raise NotFound() from None
    from referral.extensions import db

    query = visible(actor).where(model.uuid == key)
    obj = db.session.scalars(query).first()
    if obj is None:
        g.authorized = True
        if _exists(model, key):
            _audit_denial(actor, "out_of_reach", object_type=model.__tablename__, object_uuid=key)
        raise NotFound()
    return obj


def _exists(model: type[Any], key: uuid.UUID) -> bool:
    from referral.extensions import db

    return db.session.scalar(sa.select(model.id).where(model.uuid == key)) is not None


def view_policy(app: Any, endpoint: str, method: str) -> tuple[Any, str | None] | None:
    """The (predicate, scope) declared for an endpoint and method, or None if undeclared."""
    view = app.view_functions.get(endpoint)
    if view is None:
        return None
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, method.lower(), None)
        if view is None:
            return None
    if not hasattr(view, "__policy__"):
        return None
    return view.__policy__, view.__policy_scope__


def check_authorization_was_enforced(response: Any) -> Any:
    """In tests: fail any response from a view that never called require() or public()."""
    if not current_app.config.get("ENFORCE_REQUIRE_CALLS"):
        return response
    if request.endpoint in (None, "static") or response.status_code in {404, 405}:
        return response
    if response.status_code in {400, 422} and request.path.startswith("/api/"):
        # Input rejected (schema, missing Idempotency-Key) before any object was loaded.
        return response
    if getattr(g, "policy_declared", False) and not getattr(g, "authorized", False):
        raise AssertionError(f"view {request.endpoint} never called require() or public()")
    return response


def declare_public(app: Any, endpoint: str) -> None:
    """Mark a view we do not write ourselves (static files, the OpenAPI document) as public."""
    original = app.view_functions[endpoint]

    @functools.wraps(original)
    def public_view(*args: Any, **kwargs: Any) -> Any:
        g.policy_declared = True
        public()
        return original(*args, **kwargs)

    public_view.__policy__ = PUBLIC  # type: ignore[attr-defined]
    public_view.__policy_scope__ = None  # type: ignore[attr-defined]
    app.view_functions[endpoint] = public_view
