"""Who is calling: login sessions behind the cookie, bearer tokens on the API, throttling."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from referral.core.time import now_utc
from referral.extensions import db, login_manager
from referral.identity.credentials import new_token, token_digest
from referral.identity.enums import SessionEnd
from referral.identity.models import ApiToken, LoginSession, LoginThrottle, User

#: Only write last_seen_at / last_used_at this often, to spare a write per request.
TOUCH_INTERVAL = timedelta(seconds=60)


def open_login_session(user: User, mfa_verified_at: datetime) -> str:
    """Create a server-side session and return its raw token for the cookie."""
    now = now_utc()
    token = new_token()
    db.session.add(
        LoginSession(
            user_id=user.id,
            token_hash=token_digest(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=current_app.config["SESSION_MAX_HOURS"]),
            mfa_verified_at=mfa_verified_at,
        )
    )
    return token


def revoke_login_sessions(
    user: User, reason: SessionEnd, *, keep: LoginSession | None = None
) -> int:
    """End every open session of `user` (except `keep`); returns how many."""
    now = now_utc()
    query = sa.select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
    )
    count = 0
    for login_session in db.session.scalars(query):
        if keep is not None and login_session.id == keep.id:
            continue
        login_session.revoked_at, login_session.revoke_reason = now, reason
        count += 1
    return count


@login_manager.user_loader
def load_user_from_session_token(token: str) -> User | None:
    """Flask-Login hook: the cookie's token must name an open, fresh login session."""
    login_session = db.session.scalar(
        sa.select(LoginSession).where(LoginSession.token_hash == token_digest(token))
    )
    if login_session is None or login_session.revoked_at is not None:
        return None
    now = now_utc()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    ended = None
    if now >= login_session.expires_at:
        ended = SessionEnd.expired
    elif now - login_session.last_seen_at > idle:
        ended = SessionEnd.idle
    user = login_session.user
    if ended is None and not user.is_active:
        ended = SessionEnd.disabled
    if ended is not None:
        login_session.revoked_at, login_session.revoke_reason = now, ended
        db.session.commit()
        return None
    if now - login_session.last_seen_at >= TOUCH_INTERVAL:
        login_session.last_seen_at = now
        db.session.commit()
    user.login_token = token
    g.login_session = login_session
    return user


def load_bearer_token() -> tuple[User, ApiToken] | None:
    """The user and token named by `Authorization: Bearer …`, if usable."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    token = db.session.scalar(
        sa.select(ApiToken)
        .options(joinedload(ApiToken.user, innerjoin=True))
        .where(ApiToken.token_hash == token_digest(value.strip()))
    )
    now = now_utc()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        token.last_used_at = now
        db.session.commit()
    return token.user, token


def identify_caller() -> None:
    """before_request: set g.actor (User or None), g.token and g.via."""
    g.actor, g.token, g.login_session = None, None, None
    if request.path.startswith("/api/"):
        g.via = "api"
        found = load_bearer_token()
        if found is not None:
            g.actor, g.token = found
        return
    g.via = "web"
    if current_user.is_authenticated:
        g.actor = current_user._get_current_object()


def step_up_is_fresh() -> bool:
    """True when this browser session verified a TOTP code within STEP_UP_MINUTES."""
    login_session = getattr(g, "login_session", None)
    if login_session is None:
        return False
    window = timedelta(minutes=current_app.config["STEP_UP_MINUTES"])
    return now_utc() - login_session.mfa_verified_at <= window


def mark_step_up(at: datetime) -> None:
    """Record a fresh TOTP verification on the current login session."""
    login_session = getattr(g, "login_session", None)
    if login_session is not None:
        login_session.mfa_verified_at = at


# --- throttling ---------------------------------------------------------------------------


def email_digest(email: str) -> str:
    """Digest of a normalised e-mail address; the address itself is never stored here."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _throttle(email: str) -> LoginThrottle | None:
    return db.session.scalar(
        sa.select(LoginThrottle).where(LoginThrottle.email_digest == email_digest(email))
    )


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])


def seconds_locked(email: str) -> int:
    """Seconds until `email` may try again; 0 when not locked."""
    throttle = _throttle(email)
    if throttle is None or throttle.failures < current_app.config["LOGIN_FAILURES_MAX"]:
        return 0
    remaining = throttle.window_started_at + _window() - now_utc()
    return max(0, int(remaining.total_seconds()) + 1)


def _locked_throttle(email: str, now: datetime) -> LoginThrottle:
    """The counter row for `email`, locked for this transaction (created if missing).

    Two workers failing the first attempt at once both find no row; the one whose insert loses
    re-reads the winner's row instead of failing. The row lock (PostgreSQL) keeps concurrent
    increments from overwriting each other; SQLite transactions here are already exclusive.
    """
    digest = email_digest(email)
    query = sa.select(LoginThrottle).where(LoginThrottle.email_digest == digest).with_for_update()
    throttle = db.session.scalar(query)
    if throttle is not None:
        return throttle
    try:
        with db.session.begin_nested():
            throttle = LoginThrottle(email_digest=digest, window_started_at=now, failures=0)
            db.session.add(throttle)
    except sa.exc.IntegrityError:
        throttle = db.session.scalar(query)
        if throttle is None:  # deleted again meanwhile by a successful sign-in
            raise
    return throttle


def count_failure(email: str) -> None:
    """Add one failure for `email`, starting a new window when the old one has passed."""
    now = now_utc()
    throttle = _locked_throttle(email, now)
    if now - throttle.window_started_at > _window():
        throttle.window_started_at, throttle.failures = now, 0
    throttle.failures += 1


def clear_failures(email: str) -> None:
    """Forget failures after a complete sign-in."""
    throttle = _throttle(email)
    if throttle is not None:
        db.session.delete(throttle)
