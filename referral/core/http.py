"""HTTP helpers for the API: keyset cursors, ETags from (uuid, version), If-Match."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import Response, request
from flask.json.provider import DefaultJSONProvider

from referral.core.errors import Problem, ValidationProblem


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with dates and times in ISO 8601 as the API documents them (Flask's
    default writes HTTP dates), for views that return JSON they shaped themselves."""

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, date):  # datetime too
            return o.isoformat()
        return DefaultJSONProvider.default(o)


class PreconditionRequired(Problem):
    """A change to a shared record needs If-Match."""

    code = 428
    slug = "precondition-required"
    description = "Send If-Match with the ETag of the version you are changing."


class PreconditionFailed(Problem):
    """If-Match names an older version."""

    code = 412
    slug = "precondition-failed"
    description = "The record changed since you read it. Read it again and retry."


def etag_for(obj: Any) -> str:
    """A strong ETag from the public id and the version counter."""
    digest = hashlib.sha256(f"{obj.uuid}:{obj.version}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def require_if_match(obj: Any) -> None:
    """428 without If-Match, 412 when it does not name the current version."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    wanted = etag_for(obj)
    candidates = [part.strip() for part in header.split(",")]
    if wanted not in candidates and "*" not in candidates:
        raise PreconditionFailed()


def encode_cursor(created_at: datetime, row_id: int) -> str:
    raw = json.dumps([created_at.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, row_id = json.loads(raw)
        return datetime.fromisoformat(created), int(row_id)
    except (ValueError, TypeError) as exc:
        raise ValidationProblem(errors=[("cursor", "This cursor is not valid.")]) from exc


def keyset_page(
    query: sa.Select[Any], model: Any, cursor: str | None, limit: int
) -> tuple[sa.Select[Any], Any]:
    """Newest first on (created_at, id): the limited query, and how to get the next cursor."""
    query = query.order_by(model.created_at.desc(), model.id.desc())
    if cursor:
        created, row_id = decode_cursor(cursor)
        # One row-value comparison, so the (…, created_at, id) index bounds the scan: a deep
        # page costs what the first page costs (benchmarks/scale.py).
        query = query.where(sa.tuple_(model.created_at, model.id) < (created, row_id))

    def next_cursor(rows: list[Any]) -> str | None:
        if len(rows) <= limit:
            return None
        last = rows[limit - 1]
        return encode_cursor(last.created_at, last.id)

    return query.limit(limit + 1), next_cursor


def with_etag(obj: Any) -> Any:
    """Return `obj` unchanged and set the response's ETag from its current version."""
    from flask import after_this_request

    @after_this_request
    def _set(response: Any) -> Any:
        if response.status_code < 300:
            response.headers["ETag"] = etag_for(obj)
        return response

    return obj


def attachment(data: bytes | str, media_type: str, filename: str) -> Response:
    """A download: always an attachment (never rendered inline), never cached. `filename`
    must hold no personal data: it names the record by id or date only."""
    response = Response(data, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
