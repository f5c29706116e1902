"""Identity operations: the only code that changes identity records. Each one is audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.core.errors import ValidationProblem, check_version
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity import sessions
from referral.identity.credentials import (
    TOKEN_PREFIX,
    burn_verification_time,
    hash_secret,
    matching_totp_step,
    new_recovery_codes,
    new_token,
    new_totp_secret,
    normalise_recovery_code,
    token_digest,
    verify_secret,
)
from referral.identity.enums import ORG_ASSIGNABLE_ROLES, CreatedVia, Role, SessionEnd
from referral.identity.models import ApiToken, Organisation, RecoveryCode, User

# --- signing in ---------------------------------------------------------------------------


@dataclass
class SignInAttempt:
    """Result of a password or second-factor check."""

    user: User | None = None
    retry_after: int = 0

    @property
    def ok(self) -> bool:
        return self.user is not None and not self.retry_after


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, case-insensitively."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == email.strip().lower())
    )


@operation
def check_password(email: str, password: str) -> SignInAttempt:
    """First factor. Known and unknown addresses take the same path and time."""
    locked = sessions.seconds_locked(email)
    if locked:
        burn_verification_time(password)
        audit.record(None, "login.throttled", object_type="users", outcome=audit.DENIED)
        return SignInAttempt(retry_after=locked)
    user = find_user_by_email(email)
    if user is None:
        burn_verification_time(password)
    elif verify_secret(user.password_hash, password) and user.is_active:
        if _password_needs_rehash(user):
            user.password_hash = hash_secret(password)
        audit.record(user, "login.password_accepted", user)
        return SignInAttempt(user=user)
    sessions.count_failure(email)
    audit.record(
        None,
        "login.failed",
        user,
        object_type="users",
        outcome=audit.DENIED,
        reason_code="bad_credentials",
    )
    return SignInAttempt()


def _password_needs_rehash(user: User) -> bool:
    from referral.identity.credentials import password_hasher

    return password_hasher().check_needs_rehash(user.password_hash)


@operation
def check_totp(user: User, code: str) -> SignInAttempt:
    """Second factor: a TOTP code, each time step accepted once only."""
    locked = sessions.seconds_locked(user.email)
    if locked:
        audit.record(user, "mfa.throttled", user, outcome=audit.DENIED)
        return SignInAttempt(retry_after=locked)
    now = now_utc()
    step = matching_totp_step(user.totp_secret or "", code, now) if user.totp_secret else None
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        audit.record(user, "mfa.verified", user)
        return SignInAttempt(user=user)
    sessions.count_failure(user.email)
    reason = "replayed_code" if step is not None else "wrong_code"
    audit.record(user, "mfa.failed", user, outcome=audit.DENIED, reason_code=reason)
    return SignInAttempt()


@operation
def use_recovery_code(user: User, code: str) -> SignInAttempt:
    """Second factor by a single-use recovery code."""
    locked = sessions.seconds_locked(user.email)
    if locked:
        audit.record(user, "mfa.throttled", user, outcome=audit.DENIED)
        return SignInAttempt(retry_after=locked)
    candidate = normalise_recovery_code(code)
    unused = db.session.scalars(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    for recovery in unused:
        if verify_secret(recovery.code_hash, candidate):
            recovery.used_at = now_utc()
            audit.record(user, "mfa.recovery_code_used", user)
            return SignInAttempt(user=user)
    sessions.count_failure(user.email)
    audit.record(user, "mfa.failed", user, outcome=audit.DENIED, reason_code="wrong_recovery_code")
    return SignInAttempt()


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


@operation
def start_mfa_enrolment(user: User) -> str:
    """Give the user a new, not yet verified TOTP secret (kept encrypted)."""
    if user.mfa_enrolled:
        raise ValidationProblem(errors=[("", str(_l("Two-step verification is already set up.")))])
    if user.totp_secret is None:
        user.totp_secret = new_totp_secret()
        audit.record(user, "mfa.enrolment_started", user)
    else:
        audit.record(user, "mfa.enrolment_shown", user)
    return user.totp_secret


@operation
def finish_mfa_enrolment(user: User, code: str) -> list[str] | None:
    """Verify the first code; on success return ten new recovery codes, shown once."""
    attempt = check_totp(user, code)
    if not attempt.ok:
        return None
    user.mfa_enrolled_at = now_utc()
    codes = _replace_recovery_codes(user)
    audit.record(user, "mfa.enrolled", user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = new_recovery_codes()
    now = now_utc()
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_secret(code), created_at=now))
    return codes


@operation
def complete_sign_in(user: User) -> str:
    """Both factors passed: open a login session and return its token."""
    now = now_utc()
    token = sessions.open_login_session(user, mfa_verified_at=now)
    sessions.clear_failures(user.email)
    user.last_login_at = now
    audit.record(user, "login.succeeded", user)
    return token


@operation
def sign_out(user: User, login_session: Any) -> None:
    """End this browser's session."""
    if login_session is not None:
        login_session.revoked_at, login_session.revoke_reason = now_utc(), SessionEnd.logout
    audit.record(user, "logout.done", user)


# --- profile ------------------------------------------------------------------------------


@operation
def update_preferences(actor: User, data: dict[str, Any]) -> User:
    """Language and time zone."""
    actor.locale, actor.time_zone = data["locale"], data["time_zone"]
    audit.record(actor, "user.preferences_changed", actor, fields=["locale", "time_zone"])
    return actor


@operation
def change_password(actor: User, current_password: str, new_password: str) -> bool:
    """Change the password and end every session, this one included. False: wrong current one."""
    if not verify_secret(actor.password_hash, current_password):
        audit.record(actor, "user.password_change_failed", actor, outcome=audit.DENIED)
        return False
    actor.password_hash = hash_secret(new_password)
    actor.must_change_password = False
    ended = sessions.revoke_login_sessions(actor, SessionEnd.password_changed)
    audit.record(
        actor,
        "user.password_changed",
        actor,
        fields=["password_hash"],
        reason_code=f"sessions_ended:{ended}",
    )
    return True


def step_up_errors(actor: User, code: str | None) -> dict[str, str]:
    """For a sensitive form: no errors while the session's two-step check is fresh or when
    `code` renews it; otherwise the message for the code field."""
    if sessions.step_up_is_fresh() or confirm_step_up(actor, code):
        return {}
    return {"code": str(_l("Enter a new 6-digit code from your app to confirm."))}


@operation
def confirm_step_up(actor: User, code: str | None) -> bool:
    """Re-check a TOTP code before a sensitive action; success refreshes the session."""
    if not code:
        audit.record(actor, "mfa.step_up_required", actor, outcome=audit.DENIED)
        return False
    attempt = check_totp(actor, code)
    if attempt.ok:
        sessions.mark_step_up(now_utc())
    return attempt.ok


@operation
def regenerate_recovery_codes(actor: User) -> list[str]:
    """Ten new codes; the old ones stop working."""
    codes = _replace_recovery_codes(actor)
    audit.record(actor, "mfa.recovery_codes_regenerated", actor)
    return codes


@operation
def reset_mfa(actor: User, target: User) -> None:
    """Clear a user's TOTP set-up; they enrol again at next sign-in. Ends their sessions."""
    target.totp_secret = None
    target.totp_last_step = None
    target.mfa_enrolled_at = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == target.id))
    sessions.revoke_login_sessions(target, SessionEnd.mfa_changed)
    audit.record(actor, "mfa.reset", target)


# --- API tokens ---------------------------------------------------------------------------


@operation
def create_token(actor: User, data: dict[str, Any], via: CreatedVia) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and stored only as a digest."""
    raw = new_token(TOKEN_PREFIX)
    now = now_utc()
    scopes = sorted({str(scope) for scope in data["scopes"]})
    token = ApiToken(
        user_id=actor.id,
        name=data["name"],
        prefix=raw[:10],
        token_hash=token_digest(raw),
        scopes=scopes,
        created_at=now,
        expires_at=now + timedelta(days=int(data.get("expires_in_days") or 30)),
        created_via=via,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "token.created", token, fields=["scopes"], reason_code=via.value)
    return token, raw


@operation
def revoke_token(actor: User, token: ApiToken) -> ApiToken:
    """Stop a token working at once."""
    if token.revoked_at is None:
        token.revoked_at = now_utc()
    audit.record(actor, "token.revoked", token)
    return token


def list_tokens(actor: User) -> list[ApiToken]:
    """The actor's tokens, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == actor.id)
            .order_by(ApiToken.created_at.desc())
        )
    )


# --- organisation administration ----------------------------------------------------------


def _check_roles(roles: list[str], allowed: frozenset[Role]) -> list[str]:
    allowed_values = {role.value for role in allowed}
    if not roles or any(role not in allowed_values for role in roles):
        raise ValidationProblem(errors=[("roles", str(_l("Choose one of the options.")))])
    return sorted(set(roles))


def _email_taken(email: str, except_user: User | None = None) -> bool:
    existing = find_user_by_email(email)
    return existing is not None and existing is not except_user


@operation
def create_user(
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    allowed_roles: frozenset[Role] = ORG_ASSIGNABLE_ROLES,
) -> tuple[User, str]:
    """A new user with a one-time password they must change at first sign-in."""
    if _email_taken(data["email"]):
        raise ValidationProblem(
            errors=[("email", str(_l("A user with this e-mail address already exists.")))]
        )
    temporary = secrets.token_urlsafe(12)
    user = User(
        organisation_id=organisation.id,
        email=data["email"].strip().lower(),
        display_name=data["display_name"],
        password_hash=hash_secret(temporary),
        roles=_check_roles(data["roles"], allowed_roles),
        locale=data.get("locale") or "en",
        time_zone=data.get("time_zone") or organisation.time_zone,
        must_change_password=True,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", user, fields=["roles"])
    return user, temporary


@operation
def update_user(actor: User, target: User, data: dict[str, Any]) -> User:
    """Name, roles and whether the account is active. Disabling ends sessions at once."""
    check_version(target, data["version"])
    roles = _check_roles(data["roles"], ORG_ASSIGNABLE_ROLES)
    if target.id == actor.id and (Role.org_admin.value not in roles or not data["is_active"]):
        raise ValidationProblem(
            errors=[("roles", str(_l("You cannot remove your own administrator access.")))]
        )
    changed = [
        name
        for name in ("display_name", "roles", "is_active")
        if getattr(target, name) != (roles if name == "roles" else data[name])
    ]
    target.display_name, target.roles, target.is_active = (
        data["display_name"],
        roles,
        data["is_active"],
    )
    if not target.is_active:
        sessions.revoke_login_sessions(target, SessionEnd.disabled)
    action = "user.disabled" if "is_active" in changed and not target.is_active else "user.updated"
    audit.record(actor, action, target, fields=changed)
    return target


@operation
def create_organisation(actor: User, data: dict[str, Any]) -> Organisation:
    """A new organisation; its first administrator is added next."""
    organisation = Organisation(**data)
    db.session.add(organisation)
    db.session.flush()
    audit.record(actor, "organisation.created", organisation)
    return organisation


@operation
def update_organisation(
    actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Change an organisation's public record."""
    check_version(organisation, data.pop("version"))
    changed = [name for name, value in data.items() if getattr(organisation, name) != value]
    for name, value in data.items():
        setattr(organisation, name, value)
    audit.record(actor, "organisation.updated", organisation, fields=changed)
    return organisation
