"""Idempotency-Key for state-changing API calls: replay the stored answer, refuse clashes."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, g, request
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import BadRequest

from referral.core.crypto import SystemEncrypted
from referral.core.db import INTERNAL, PublicIdMixin, UTCDateTime
from referral.core.errors import Conflict, ValidationProblem
from referral.core.time import now_utc
from referral.extensions import db

KEEP = timedelta(hours=24)
#: On a 409 for a request that was carried out but whose answer was lost: what it made.
APPLIED_HEADER = "Idempotent-Applied-Id"


def stale_after() -> timedelta:
    """An in-flight key older than this belongs to a request that died before changing anything
    (a change marks its key "applied" in the same transaction), so a retry may take it over.
    REFERRAL_IDEMPOTENCY_STALE_SECONDS, by default 120."""
    from flask import current_app

    return timedelta(seconds=int(current_app.config["IDEMPOTENCY_STALE_SECONDS"]))


class IdempotencyRecord(PublicIdMixin, db.Model):
    """One (organisation, user, key): the request's digest and, once done, its answer."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("org_id", "user_id", "key"),)

    org_id: Mapped[int] = mapped_column(info=INTERNAL)
    user_id: Mapped[int] = mapped_column(info=INTERNAL)
    key: Mapped[str] = mapped_column(sa.String(100), info=INTERNAL)
    route: Mapped[str] = mapped_column(sa.String(200), info=INTERNAL)
    request_sha256: Mapped[str] = mapped_column(sa.String(64), info=INTERNAL)
    state: Mapped[str] = mapped_column(sa.String(12), info=INTERNAL)
    response_status: Mapped[int | None] = mapped_column(info=INTERNAL)
    response_headers: Mapped[dict | None] = mapped_column(sa.JSON, info=INTERNAL)
    #: Encrypted with the system key: answers can hold case data.
    response_body_encrypted: Mapped[bytes | None] = mapped_column(sa.LargeBinary, info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)

    response_body = SystemEncrypted("response_body_encrypted", "response_body")

    def __repr__(self) -> str:
        return f"<IdempotencyRecord {self.uuid} {self.state}>"


def _digest() -> str:
    body = request.get_data(cache=True) or b""
    return hashlib.sha256(
        request.method.encode() + b" " + request.path.encode() + b"\n" + body
    ).hexdigest()


def begin() -> Response | None:
    """Before the view: replay a finished request, refuse one in flight or with another body."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise BadRequest(description="The Idempotency-Key header is required for this request.")
    if len(key) > 100:
        raise ValidationProblem(errors=[("Idempotency-Key", "Use at most 100 characters.")])
    actor = g.actor
    now = now_utc()
    record = db.session.scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.org_id == actor.organisation_id,
            IdempotencyRecord.user_id == actor.id,
            IdempotencyRecord.key == key,
        )
    )
    if record is not None and record.expires_at <= now:
        db.session.delete(record)
        db.session.flush()
        record = None
    if record is not None:
        if record.request_sha256 != _digest():
            raise ValidationProblem(
                errors=[("Idempotency-Key", "This key was already used for a different request.")]
            )
        if record.state == "applied":
            made = (record.response_headers or {}).get(APPLIED_HEADER)
            raise Conflict(
                detail="The request with this Idempotency-Key was carried out but its answer was "
                "lost. Read the resource to see the result; do not send it again.",
                headers={APPLIED_HEADER: made} if made else None,
            )
        if record.state == "in_flight" and record.created_at > now - stale_after():
            raise Conflict(detail="A request with this Idempotency-Key is still being processed.")
        if record.state == "in_flight":
            # The earlier attempt died before its change committed: nothing happened. Take the
            # key over, unless another retry just did (the conditional update makes it one).
            taken = db.session.execute(
                sa.update(IdempotencyRecord)
                .where(
                    IdempotencyRecord.id == record.id,
                    IdempotencyRecord.state == "in_flight",
                    IdempotencyRecord.created_at == record.created_at,
                )
                .values(created_at=now)
            )
            db.session.commit()
            if taken.rowcount != 1:
                raise Conflict(
                    detail="A request with this Idempotency-Key is still being processed."
                )
            g.idempotency_record_id = record.id
            return None
        response = Response(
            record.response_body or "", status=record.response_status, mimetype="application/json"
        )
        for name, value in (record.response_headers or {}).items():
            response.headers[name] = value
        response.headers["Idempotent-Replayed"] = "true"
        return response
    record = IdempotencyRecord(
        org_id=actor.organisation_id,
        user_id=actor.id,
        key=key,
        route=request.path,
        request_sha256=_digest(),
        state="in_flight",
        created_at=now,
        expires_at=now + KEEP,
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except sa.exc.IntegrityError:
        raise Conflict(
            detail="A request with this Idempotency-Key is still being processed."
        ) from None
    db.session.commit()
    g.idempotency_record_id = record.id
    return None


def finish(response: Response) -> Response:
    """After the view: store a successful answer; forget the key after a failure."""
    record_id = getattr(g, "idempotency_record_id", None)
    if record_id is None:
        return response
    record = db.session.get(IdempotencyRecord, record_id)
    if record is None:
        return response
    if response.status_code >= 400 and response.status_code != 409 and record.state != "applied":
        db.session.delete(record)  # nothing happened; the client may retry with the same key
    else:
        record.state = "done"
        record.response_status = response.status_code
        record.response_body = response.get_data(as_text=True)
        record.response_headers = {
            k: v for k, v in response.headers.items() if k in {"Location", "ETag"}
        }
    db.session.commit()
    return response


def idempotent(view: Any) -> Any:
    """Decorator for state-changing API views; place it above the flask-smorest decorators."""
    import functools

    from flask import current_app

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        replay = begin()
        if replay is not None:
            return replay
        try:
            result = view(*args, **kwargs)
        except Exception:
            _forget()
            raise
        return finish(current_app.make_response(result))

    return wrapper


def _forget() -> None:
    """The view failed: free the key, unless its change already committed ("applied")."""
    record_id = getattr(g, "idempotency_record_id", None)
    db.session.rollback()
    if record_id is not None:
        record = db.session.get(IdempotencyRecord, record_id)
        if record is not None and record.state == "in_flight":
            db.session.delete(record)
            db.session.commit()
        g.idempotency_record_id = None


def mark_applied(result: Any = None) -> None:
    """Called by `@operation` just before it commits: the key's change lands with the change,
    with the id of what it made, so a retry whose answer was lost can still be told."""
    record_id = getattr(g, "idempotency_record_id", None)
    if record_id is None:
        return
    record = db.session.get(IdempotencyRecord, record_id)
    if record is not None and record.state == "in_flight":
        record.state = "applied"
        made = getattr(result, "uuid", None)
        if made is not None:
            record.response_headers = {APPLIED_HEADER: str(made)}
