"""HTML pages: sign-in with TOTP, language choice, profile, password, MFA and API tokens."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import segno
import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user

from referral.core.policy import PUBLIC, load_visible, policy, public, require
from referral.core.schemas import FormResult, load_form
from referral.core.time import now_utc
from referral.extensions import db, limiter
from referral.i18n import _
from referral.i18n.formatting import language_choices, time_zone_choices
from referral.identity import operations
from referral.identity.credentials import totp_uri
from referral.identity.enums import CreatedVia, TokenScope
from referral.identity.models import ApiToken, User
from referral.identity.permissions import can_manage_token, is_signed_in, tokens_visible_to
from referral.identity.schemas import (
    CodeSchema,
    LanguageChoiceSchema,
    LoginSchema,
    PasswordChangeSchema,
    PreferencesSchema,
    RecoveryCodeSchema,
    TokenCreateSchema,
)
from referral.identity.sessions import step_up_is_fresh

auth_bp = Blueprint("auth", __name__)
profile_bp = Blueprint("profile", __name__, url_prefix="/profile")

PENDING_KEY = "pending_sign_in"
PENDING_MINUTES = 5
SIGN_IN_LIMIT = "30 per minute"


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _too_many(retry_after: int) -> ResponseReturnValue:
    message = _(
        "Too many attempts. Please wait %(minutes)s minutes and try again.",
        minutes=max(1, (retry_after + 59) // 60),
    )
    body = render_template("identity/login.html", errors={"_form": message}, form={})
    return body, 429, {"Retry-After": str(retry_after)}


# --- the pending sign-in between password and second factor --------------------------------


def _set_pending(user: User, next_url: str | None) -> None:
    session.clear()
    session[PENDING_KEY] = {"user": str(user.uuid), "at": now_utc().isoformat(), "next": next_url}


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending:
        return None
    from datetime import datetime

    started = datetime.fromisoformat(pending["at"])
    if now_utc() - started > timedelta(minutes=PENDING_MINUTES):
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.scalar(sa.select(User).where(User.uuid == uuid.UUID(pending["user"])))
    return user if user is not None and user.is_active else None


def _finish_sign_in(user: User) -> ResponseReturnValue:
    next_url = safe_next((session.get(PENDING_KEY) or {}).get("next"))
    chosen_locale = session.get("locale")
    token = operations.complete_sign_in(user)
    session.clear()  # a new session at every sign-in
    if chosen_locale:
        session["locale"] = chosen_locale
    user.login_token = token
    login_user(user)
    return redirect(next_url or url_for("auth.home"))


# --- routes ------------------------------------------------------------------------------


@auth_bp.get("/")
@policy(is_signed_in)
def home() -> ResponseReturnValue:
    """The signed-in start page."""
    actor = require(is_signed_in)
    from referral.home import work_summary

    return render_template("identity/home.html", work=work_summary(actor))


@auth_bp.route("/login", methods=["GET", "POST"])
@policy(PUBLIC)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def login() -> ResponseReturnValue:
    """E-mail and password."""
    public()
    if g.actor is not None:
        return redirect(url_for("auth.home"))
    if request.method == "GET":
        return render_template(
            "identity/login.html", errors={}, form={"next": request.args.get("next", "")}
        )
    form = load_form(LoginSchema(), request.form)
    if form.errors:
        return render_template("identity/login.html", errors=form.errors, form=form.raw), 422
    attempt = operations.check_password(form.data["email"], form.data["password"])
    if attempt.retry_after and not attempt.ok:
        return _too_many(attempt.retry_after)
    if not attempt.ok:
        errors = {"_form": _("The e-mail address or password is not right.")}
        return render_template("identity/login.html", errors=errors, form=form.raw), 422
    _set_pending(attempt.user, safe_next(form.data.get("next")))
    target = "auth.verify" if attempt.user.mfa_enrolled else "auth.enrol"
    return redirect(url_for(target))


@auth_bp.route("/login/verify", methods=["GET", "POST"])
@policy(PUBLIC)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def verify() -> ResponseReturnValue:
    """Second factor: the code from the authenticator app."""
    public()
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if not user.mfa_enrolled:
        return redirect(url_for("auth.enrol"))
    if request.method == "GET":
        return render_template("identity/verify.html", errors={})
    form = load_form(CodeSchema(), request.form)
    if form.errors:
        return render_template("identity/verify.html", errors=form.errors), 422
    attempt = operations.check_totp(user, form.data["code"])
    if attempt.retry_after and not attempt.ok:
        return _too_many(attempt.retry_after)
    if not attempt.ok:
        errors = {"code": _("This code is not right or was already used. Wait for the next code.")}
        return render_template("identity/verify.html", errors=errors), 422
    return _finish_sign_in(user)


@auth_bp.route("/login/recovery", methods=["GET", "POST"])
@policy(PUBLIC)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def recovery() -> ResponseReturnValue:
    """Second factor by a recovery code, when the phone is lost."""
    public()
    user = _pending_user()
    if user is None or not user.mfa_enrolled:
        return redirect(url_for("auth.login"))
    if request.method == "GET":
        return render_template("identity/recovery.html", errors={})
    form = load_form(RecoveryCodeSchema(), request.form)
    if form.errors:
        return render_template("identity/recovery.html", errors=form.errors), 422
    attempt = operations.use_recovery_code(user, form.data["code"])
    if attempt.retry_after and not attempt.ok:
        return _too_many(attempt.retry_after)
    if not attempt.ok:
        errors = {"code": _("This recovery code is not right or was already used.")}
        return render_template("identity/recovery.html", errors=errors), 422
    left = operations.remaining_recovery_codes(user)
    flash(_("You signed in with a recovery code. You have %(count)s left.", count=left), "warning")
    return _finish_sign_in(user)


def qr_svg_data_uri(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, rendered locally."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True
    )
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@auth_bp.route("/login/enrol", methods=["GET", "POST"])
@policy(PUBLIC)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def enrol() -> ResponseReturnValue:
    """First sign-in: set up the authenticator app, then show the recovery codes once."""
    public()
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if user.mfa_enrolled:
        return redirect(url_for("auth.verify"))
    secret = operations.start_mfa_enrolment(user)
    context = {"secret": secret, "qr": qr_svg_data_uri(totp_uri(secret, user.email))}
    if request.method == "GET":
        return render_template("identity/enrol.html", errors={}, **context)
    form = load_form(CodeSchema(), request.form)
    if form.errors:
        return render_template("identity/enrol.html", errors=form.errors, **context), 422
    codes = operations.finish_mfa_enrolment(user, form.data["code"])
    if codes is None:
        errors = {
            "code": _("This code is not right. Check the time on your phone and try the next code.")
        }
        return render_template("identity/enrol.html", errors=errors, **context), 422
    response = _finish_sign_in(user)
    return render_template(
        "identity/recovery_codes.html", codes=codes, continue_url=response.location
    )


@auth_bp.post("/logout")
@policy(is_signed_in)
def logout() -> ResponseReturnValue:
    """End this session everywhere it could be replayed."""
    actor = require(is_signed_in)
    operations.sign_out(actor, g.login_session)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@auth_bp.post("/language")
@policy(PUBLIC)
def choose_language() -> ResponseReturnValue:
    """The language switcher; saved on the account when signed in."""
    public()
    form = load_form(LanguageChoiceSchema(), request.form)
    next_url = safe_next(request.form.get("next")) or url_for("auth.home")
    if form.errors:
        return redirect(next_url)
    session["locale"] = form.data["locale"]
    if g.actor is not None:
        operations.update_preferences(
            g.actor, {"locale": form.data["locale"], "time_zone": g.actor.time_zone}
        )
    return redirect(next_url)


def enforce_password_change() -> ResponseReturnValue | None:
    """before_request: users with a one-time password must set their own first."""
    actor = getattr(g, "actor", None)
    if actor is None or g.via != "web" or not actor.must_change_password:
        return None
    allowed = {"profile.password", "auth.logout", "auth.choose_language", "static"}
    if request.endpoint in allowed:
        return None
    return redirect(url_for("profile.password"))


# --- profile -----------------------------------------------------------------------------


@profile_bp.get("")
@policy(is_signed_in)
def overview() -> ResponseReturnValue:
    """Profile: language, time zone, password, two-step verification, tokens."""
    actor = require(is_signed_in)
    return _profile_page(actor, {}, {})


def _profile_page(
    actor: User, errors: dict[str, str], form: dict[str, Any], status: int = 200
) -> ResponseReturnValue:
    values = {"locale": actor.locale, "time_zone": actor.time_zone, **form}
    return (
        render_template(
            "identity/profile.html",
            errors=errors,
            form=values,
            languages=language_choices(current_app.config["LOCALES"]),
            time_zones=time_zone_choices(),
            recovery_left=operations.remaining_recovery_codes(actor),
        ),
        status,
    )


@profile_bp.post("/preferences")
@policy(is_signed_in)
def preferences() -> ResponseReturnValue:
    """Save language and time zone."""
    actor = require(is_signed_in)
    form = load_form(PreferencesSchema(), request.form)
    if form.errors:
        return _profile_page(actor, form.errors, form.raw, 422)
    operations.update_preferences(actor, form.data)
    session["locale"] = form.data["locale"]
    flash(_("Your preferences are saved."), "success")
    return redirect(url_for("profile.overview"))


@profile_bp.route("/password", methods=["GET", "POST"])
@policy(is_signed_in)
def password() -> ResponseReturnValue:
    """Change the password; every session ends, so sign in again."""
    actor = require(is_signed_in)
    if request.method == "GET":
        return render_template("identity/password.html", errors={})
    form = load_form(PasswordChangeSchema(), request.form)
    if form.errors:
        return render_template("identity/password.html", errors=form.errors), 422
    if not operations.change_password(
        actor, form.data["current_password"], form.data["new_password"]
    ):
        errors = {"current_password": _("Your current password is not right.")}
        return render_template("identity/password.html", errors=errors), 422
    logout_user()
    session.clear()
    flash(_("Your password is changed. Please sign in again."), "success")
    return redirect(url_for("auth.login"))


@profile_bp.post("/recovery-codes")
@policy(is_signed_in)
def recovery_codes() -> ResponseReturnValue:
    """Replace the recovery codes (needs a fresh code from the app)."""
    actor = require(is_signed_in)
    form = load_form(CodeSchema(), request.form)
    if form.errors or not operations.confirm_step_up(actor, form.data.get("code")):
        errors = form.errors or {
            "code": _("This code is not right or was already used. Wait for the next code.")
        }
        return _profile_page(actor, errors, {}, 422)
    codes = operations.regenerate_recovery_codes(actor)
    return render_template(
        "identity/recovery_codes.html", codes=codes, continue_url=url_for("profile.overview")
    )


@profile_bp.post("/mfa/reset")
@policy(is_signed_in)
def reset_mfa() -> ResponseReturnValue:
    """Move to a new phone: clears the app set-up; you set it up again at next sign-in."""
    actor = require(is_signed_in)
    form = load_form(CodeSchema(), {"code": request.form.get("mfa_code", "")})
    if form.errors or not operations.confirm_step_up(actor, form.data.get("code")):
        errors = {
            "mfa_code": (form.errors.get("code") if form.errors else None)
            or _("This code is not right or was already used. Wait for the next code.")
        }
        return _profile_page(actor, errors, {}, 422)
    operations.reset_mfa(actor, actor)
    logout_user()
    session.clear()
    flash(_("Two-step verification was reset. Sign in to set it up on your new phone."), "success")
    return redirect(url_for("auth.login"))


# --- API tokens --------------------------------------------------------------------------


def _tokens_page(
    actor: User, errors: dict[str, str], form: dict[str, Any], status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "identity/tokens.html",
            tokens=operations.list_tokens(actor),
            scope_options=[(scope.value, scope.title) for scope in TokenScope],
            errors=errors,
            form=form,
            step_up_needed=not step_up_is_fresh(),
            now=now_utc(),
        ),
        status,
    )


@profile_bp.get("/tokens")
@policy(is_signed_in)
def tokens() -> ResponseReturnValue:
    """API tokens: list, create, revoke."""
    actor = require(is_signed_in)
    return _tokens_page(actor, {}, {"expires_in_days": 30})


@profile_bp.post("/tokens")
@policy(is_signed_in)
def create_token() -> ResponseReturnValue:
    """Create a token; it is shown once."""
    actor = require(is_signed_in)
    form: FormResult = load_form(TokenCreateSchema(), request.form, list_fields=("scopes",))
    if form.errors:
        return _tokens_page(actor, form.errors, form.raw, 422)
    errors = operations.step_up_errors(actor, form.data.get("code"))
    if errors:
        return _tokens_page(actor, errors, form.raw, 422)
    token, raw = operations.create_token(actor, form.data, CreatedVia.web)
    return render_template("identity/token_created.html", token=token, raw=raw)


@profile_bp.post("/tokens/<uuid:token_id>/revoke")
@policy(can_manage_token)
def revoke_token(token_id: uuid.UUID) -> ResponseReturnValue:
    """Revoke one of your tokens."""
    token: ApiToken = load_visible(ApiToken, token_id, tokens_visible_to)
    actor = require(can_manage_token, token, hide=True)
    operations.revoke_token(actor, token)
    flash(_("The token %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for("profile.tokens"))
