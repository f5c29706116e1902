"""Problem details (RFC 9457) for the API, translated HTML error pages elsewhere."""

from __future__ import annotations

import http
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import marshmallow as ma
from flask import Response, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_smorest import Api
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)

PROBLEM_BASE = "/api/v1/problems/"


class Problem(HTTPException):
    """An HTTP error with a problem slug and optional per-field errors."""

    code = 400
    slug = "bad-request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Iterable[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        #: (field, message) pairs; field is a dotted path, "" for the whole input.
        self.field_errors = list(errors)
        self.extra_headers = dict(headers or {})


class ValidationProblem(Problem):
    """Input that cannot be accepted; names each field at fault."""

    code = 422
    slug = "validation-failed"
    description = _l("Some of the input is not valid.")


class IllegalTransition(Problem):
    """The record is not in a state that allows this action."""

    code = 409
    slug = "illegal-transition"
    description = _l("This action is not possible in the record's current state.")


class Conflict(Problem):
    """The request clashes with another one."""

    code = 409
    slug = "conflict"
    description = _l("This request conflicts with the current state.")


class StaleVersion(Problem):
    """The record changed since the caller loaded it."""

    code = 412
    slug = "precondition-failed"
    description = _l("Someone else changed this record meanwhile. Reload it and try again.")


class Erased(Problem):
    """The information belongs to an erased case: its key is destroyed, for good."""

    code = 410
    slug = "erased"
    description = _l("This information was erased and can no longer be read.")


def check_version(obj: Any, version: int | None) -> None:
    """Refuse a change made against an older version of `obj`."""
    if version is None or int(version) != obj.version:
        raise StaleVersion()


def field_error(name: str, message: Any) -> tuple[str, str]:
    """One (field, message) pair for a ValidationProblem; lazy messages are rendered now."""
    return name, str(message)


def coerce_members(data: Mapping[str, Any], enums: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `data` with each named field as a member of its enum, whether it came through
    a schema (a member) or from code (a plain value).  :raise ValidationProblem: naming it."""
    result = dict(data)
    for name, enum in enums.items():
        if result.get(name) is None:
            continue
        try:
            result[name] = enum(str(getattr(result[name], "value", result[name])))
        except ValueError:
            raise ValidationProblem(
                errors=[field_error(name, _l("Choose one of the options."))]
            ) from None
    return result


def problem_errors(problem: HTTPException) -> dict[str, str]:
    """Field messages of a refused change, for a form; the whole message under "_form" otherwise."""
    return dict(getattr(problem, "field_errors", [])) or {"_form": str(problem.description)}


class TooManyAttempts(Problem):
    """Too many attempts; Retry-After says when to try again."""

    code = 429
    slug = "too-many-requests"
    description = _l("Too many attempts. Please wait and try again.")


def is_api_request() -> bool:
    """True for requests under /api/."""
    return request.path.startswith("/api/")


def _pointer(field: str) -> str:
    return "#/" + field.replace(".", "/") if field else "#"


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Turn marshmallow's nested error dict into (dotted field, message) pairs."""
    pairs: list[tuple[str, str]] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = "" if key == "_schema" else str(key)
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            pairs.extend(flatten_messages(value, path))
    elif isinstance(messages, list | tuple):
        for item in messages:
            pairs.extend(flatten_messages(item, prefix))
    else:
        pairs.append((prefix, str(messages)))
    return pairs


def problem_response(error: HTTPException) -> Response:
    """Serialize any HTTPException as application/problem+json."""
    status = error.code or 500
    slug = getattr(error, "slug", None) or _slug_for(status)
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": str(_STATUS_TITLES.get(status, error.name)),
        "status": status,
        "detail": str(error.description) if error.description else str(error.name),
        "instance": "urn:request:" + getattr(g, "request_id", "-"),
    }
    field_errors = getattr(error, "field_errors", None)
    data = getattr(error, "data", None)  # webargs validation errors
    if not field_errors and data and "messages" in data:
        messages = data["messages"]
        # webargs nests by location: {"json": {...}, "query": {...}}
        if isinstance(messages, Mapping) and len(messages) == 1:
            messages = next(iter(messages.values()))
        field_errors = flatten_messages(messages)
        body["detail"] = str(ValidationProblem.description)
    if field_errors:
        body["errors"] = [{"pointer": _pointer(f), "detail": str(m)} for f, m in field_errors]
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    headers = dict(getattr(error, "extra_headers", {}) or {})
    if data and isinstance(data, Mapping) and data.get("headers"):
        headers.update(data["headers"])
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="referral"')
    for name, value in headers.items():
        response.headers[name] = value
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def html_error_response(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    """A translated HTML error page; never a stack trace."""
    status = error.code or 500
    title = _STATUS_TITLES.get(status, _l("Something went wrong"))
    detail = _STATUS_HELP.get(status, _l("Please go back and try again."))
    headers = dict(getattr(error, "extra_headers", {}) or {})
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if not request.url_rule and not _can_build_urls():
        # e.g. a Host outside TRUSTED_HOSTS: no URLs can be built, so no full page.
        headers["Content-Type"] = "text/plain; charset=utf-8"
        return f"{status} {title}\n", status, headers
    return (
        render_template("errors/error.html", status=status, title=title, detail=detail),
        status,
        headers,
    )


def _can_build_urls() -> bool:
    from flask.globals import request_ctx

    return request_ctx.url_adapter is not None


def handle_http_exception(error: HTTPException) -> Any:
    """One handler for every HTTP error, choosing the format by path."""
    if error.code is None:  # a redirect raised as an exception (RoutingException)
        return error
    if error.response is not None:  # carries its own response, e.g. a redirect to sign in
        return error.response
    if is_api_request():
        return problem_response(error)
    return html_error_response(error)


def handle_unexpected(error: Exception) -> Any:
    """Log unexpected exceptions by request id and answer a plain 500."""
    logger.error("unhandled error in request %s", getattr(g, "request_id", "-"), exc_info=error)
    return handle_http_exception(InternalServerError())


def handle_undecryptable(error: Exception) -> Any:
    """Data under a destroyed key (an erased case reached by some path that did not leave it
    out): 410 Gone, never a 500. Tampered ciphertext lands here too, and is logged."""
    logger.warning("undecryptable data in request %s: %s", getattr(g, "request_id", "-"), error)
    return handle_http_exception(Erased())


def _slug_for(status: int) -> str:
    return _SLUGS.get(status, "error")


_SLUGS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    410: "erased",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-failed",
    428: "precondition-required",
    429: "too-many-requests",
    500: "server-error",
}

_STATUS_TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    410: _l("Erased"),
    412: _l("Changed by someone else"),
    413: _l("Too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid input"),
    428: _l("Version required"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
}

_STATUS_HELP = {
    400: _l("The request could not be understood. Please go back and try again."),
    401: _l("Please sign in to continue."),
    403: _l("You do not have permission to do this."),
    404: _l("There is nothing here, or you do not have access to it."),
    405: _l("This address does not accept that kind of request."),
    410: _l("This information was erased and can no longer be read."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait and try again."),
    500: _l("An unexpected error happened. Nothing was saved. Please try again later."),
}


class _FieldProblemSchema(ma.Schema):
    pointer = ma.fields.String(metadata={"example": "#/amount"})
    detail = ma.fields.String()


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every API error is sent."""

    type = ma.fields.String(metadata={"example": "/api/v1/problems/validation-failed"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    instance = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(_FieldProblemSchema))


class ProblemApi(Api):
    """flask-smorest Api whose errors are problem+json under /api/ and HTML pages elsewhere."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        """Error responses are documented as application/problem+json (what they are)."""
        from flask_smorest.utils import prepare_response

        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, "application/problem+json")
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, "application/problem+json")
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_error_handlers(self) -> None:
        self._app.register_error_handler(HTTPException, handle_http_exception)
        self._app.register_error_handler(Exception, handle_unexpected)
        from referral.core.crypto import DecryptionError

        self._app.register_error_handler(DecryptionError, handle_undecryptable)
