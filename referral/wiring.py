"""How create_app() assembles the parts: extensions, blueprints and request hooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from referral.config import is_production
from referral.core import policy, security
from referral.core.keys import setup_keys
from referral.core.schemas import install_translated_messages
from referral.extensions import api, babel, csrf, db, limiter, login_manager, migrate
from referral.i18n.selection import select_locale, select_timezone


def _configure_database(app: Flask) -> None:
    """PostgreSQL sessions in UTC; SQLite as `_install_sqlite_pragmas` and below say."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if uri.startswith("postgresql"):
        # Whatever the server's zone, times come back as UTC: psycopg then hands them over
        # with Python's own UTC, which UTCDateTime takes as is (a zoneinfo zone such as the
        # usual Etc/UTC costs a conversion per value: about 1 ms on a 50-row list).
        options.setdefault("connect_args", {})["options"] = "-c timezone=UTC"
    if not uri.startswith("sqlite"):
        return
    path = uri.removeprefix("sqlite:///")
    if path and path != ":memory:" and not uri.startswith("sqlite://:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # WAL, FULL sync, foreign keys, secure delete; every transaction takes the write lock.
    options.setdefault("connect_args", {})["timeout"] = 5
    # pysqlite's own transaction handling is switched off so BEGIN IMMEDIATE can be issued.
    options["connect_args"]["isolation_level"] = None


def _install_sqlite_pragmas() -> None:
    @sa.event.listens_for(sa.engine.Engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            for pragma in (
                "journal_mode=WAL",
                "synchronous=FULL",
                "foreign_keys=ON",
                "secure_delete=ON",
                "busy_timeout=5000",
            ):
                cursor.execute("PRAGMA " + pragma)
            cursor.close()

    @sa.event.listens_for(sa.engine.Engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.dialect.name == "sqlite":
            # Audit sequence numbers must be gapless: writers queue here instead of failing.
            # An engine may ask for plain BEGIN (the key vault: many readers, rare writes).
            deferred = connection.get_execution_options().get("sqlite_begin") == "deferred"
            connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


_install_sqlite_pragmas()


def init_extensions(app: Flask) -> None:
    """Keys, database, translations, login, CSRF, rate limits, API."""
    setup_keys(app)
    secure = not app.config.get("INSECURE_DEV")
    app.config.update(
        SESSION_COOKIE_NAME="__Host-session" if secure else "session",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        REMEMBER_COOKIE_DURATION=0,
        PREFERRED_URL_SCHEME="https" if secure else "http",
        WTF_CSRF_TIME_LIMIT=None,
        # Referer is never sent (Referrer-Policy: no-referrer); the Origin check replaces it.
        WTF_CSRF_SSL_STRICT=False,
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
        BABEL_TRANSLATION_DIRECTORIES=str(Path(app.root_path).parent / "translations"),
        API_TITLE="referral",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        RATELIMIT_STORAGE_URI=app.config.get("REDIS_URL") or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
    )
    if app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = list(app.config["TRUSTED_HOSTS"])
    _configure_database(app)
    if app.config["TRUSTED_PROXIES"]:
        count = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    install_translated_messages()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.session_protection = None
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app, spec_kwargs={"info": {"description": "Consent-based referral API"}})
    from referral import templating

    templating.init_templating(app)
    # Import every model module so metadata is complete for migrations and tests.
    from referral import models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """One explicit line per blueprint."""
    from referral.audit import api as audit_api
    from referral.audit import views as audit_views
    from referral.cases import api as cases_api
    from referral.cases import views as cases_views
    from referral.compensation import api as compensation_api
    from referral.compensation import record_views, scheme_views  # noqa: F401 (routes on bp)
    from referral.compensation import views as compensation_views
    from referral.consent import views as consent_views
    from referral.core import fonts
    from referral.directory import api as directory_api
    from referral.directory import venue_api, venue_views
    from referral.directory import views as directory_views
    from referral.dossiers import api as dossiers_api
    from referral.dossiers import views as dossiers_views
    from referral.erasure import api as erasure_api
    from referral.erasure import views as erasure_views
    from referral.identity import admin_views
    from referral.identity import api as identity_api
    from referral.identity import views as identity_views
    from referral.notifications import api as notifications_api
    from referral.notifications import views as notifications_views
    from referral.protection import api as protection_api
    from referral.protection import views as protection_views
    from referral.referrals import api as referrals_api
    from referral.referrals import views as referrals_views
    from referral.testimony import api as testimony_api
    from referral.testimony import views as testimony_views
    from referral.text_translations import api as text_translations_api
    from referral.text_translations import views as text_translations_views

    app.register_blueprint(fonts.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(identity_views.auth_bp)
    app.register_blueprint(identity_views.profile_bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(directory_views.bp)
    app.register_blueprint(cases_views.bp)
    app.register_blueprint(consent_views.bp)
    app.register_blueprint(referrals_views.bp)
    app.register_blueprint(notifications_views.bp)
    app.register_blueprint(protection_views.bp)
    app.register_blueprint(venue_views.bp)
    app.register_blueprint(testimony_views.bp)
    app.register_blueprint(compensation_views.bp)
    app.register_blueprint(dossiers_views.bp)
    app.register_blueprint(text_translations_views.bp)
    app.register_blueprint(erasure_views.bp)
    for blueprint in (
        identity_api.blp,
        directory_api.blp,
        cases_api.blp,
        referrals_api.blp,
        notifications_api.blp,
        protection_api.blp,
        venue_api.blp,
        testimony_api.blp,
        compensation_api.blp,
        dossiers_api.blp,
        text_translations_api.blp,
        audit_api.blp,
        erasure_api.blp,
    ):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    for endpoint in ("static", "api-docs.openapi_json"):
        policy.declare_public(app, endpoint)
    from referral import cli

    cli.register_commands(app)


def register_hooks(app: Flask) -> None:
    """Request ids, caller identification, forced password change, headers, route checks."""
    from referral.identity.sessions import identify_caller
    from referral.identity.views import enforce_password_change

    app.before_request(security.start_request)
    app.before_request(security.check_origin)
    app.before_request(identify_caller)
    app.before_request(enforce_password_change)
    app.after_request(policy.check_authorization_was_enforced)
    app.after_request(security.add_security_headers)
    app.teardown_appcontext(_clear_request_state)
    app.jinja_env.globals["csp_nonce"] = security.csp_nonce
    if is_production(app):
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _clear_request_state(_exc: BaseException | None) -> None:
    for name in ("actor", "token", "login_session"):
        g.pop(name, None)
