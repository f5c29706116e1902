"""`referral check-deploy`: is this a production configuration, and if not, exactly why not.

Each check names what it looked at and, when it fails, what to set or fix. The command exits 1
when any check fails, so a deployment script can stop on it.
"""

from __future__ import annotations

import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _check(name: str, ok: bool, good: str, fix: str) -> Check:
    """What was found when it passes; what to do when it fails."""
    return Check(name, ok, good if ok else fix)


def _app_or_problem() -> tuple[Any, Check | None]:
    from referral import create_app
    from referral.config import ConfigError

    try:
        return create_app(), None
    except ConfigError as problem:
        return None, Check("configuration", False, str(problem))


def _environment(config: Any) -> list[Check]:
    base = str(config.get("BASE_URL") or "")
    hosts = config.get("TRUSTED_HOSTS") or []
    return [
        _check(
            "environment",
            config.get("ENV") == "production",
            "REFERRAL_ENV=production",
            "set REFERRAL_ENV=production (development defaults are on)",
        ),
        _check(
            "secure cookies", not config.get("INSECURE_DEV"), "on", "unset REFERRAL_INSECURE_DEV"
        ),
        _check(
            "https",
            base.startswith("https://"),
            base,
            "set REFERRAL_BASE_URL to the https:// address",
        ),
        _check(
            "trusted hosts",
            bool(hosts),
            ", ".join(hosts),
            "set REFERRAL_TRUSTED_HOSTS to the public host names",
        ),
    ]


def _keys(config: Any) -> list[Check]:
    from referral.core.keys import MIN_SECRET_BYTES

    secret = str(config.get("SECRET_KEY") or "")
    checks = [
        _check(
            "secret key",
            len(secret.encode()) >= MIN_SECRET_BYTES,
            "present",
            f"REFERRAL_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes",
        ),
        _check(
            "master key",
            bool(config.get("MASTER_KEY")),
            f"present (id {config.get('MASTER_KEY_ID')})",
            "set REFERRAL_MASTER_KEY or REFERRAL_MASTER_KEY_FILE",
        ),
    ]
    key_file = config.get("MASTER_KEY_FILE")
    if key_file:
        mode = stat.S_IMODE(os.stat(key_file).st_mode)
        private = mode & 0o077 == 0
        shown = f"{key_file} mode {mode:o}"
        checks.append(
            _check("master key file", private, shown, f"{shown}: readable by others, chmod 600 it")
        )
    return checks


def _database(app: Any) -> list[Check]:
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from referral.extensions import db

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    checks = [
        _check(
            "database engine",
            url.startswith("postgresql"),
            "PostgreSQL",
            "SQLite is for one machine: set DATABASE_URL to PostgreSQL",
        )
    ]
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
                current = MigrationContext.configure(connection).get_current_revision()
        except Exception as problem:  # noqa: BLE001 - any connection failure is reported
            return [*checks, Check("database", False, f"cannot connect: {type(problem).__name__}")]
        migrations = Path(app.root_path).parent / "migrations"
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations))
        head = ScriptDirectory.from_config(config).get_current_head()
    checks.append(Check("database", True, "reachable"))
    checks.append(
        _check(
            "migrations",
            current == head,
            f"at {current}",
            f"at {current}, head is {head}: run `referral db upgrade`",
        )
    )
    return checks


def _vault(app: Any) -> list[Check]:
    """The key vault: its own PostgreSQL database, shared by every instance, reachable."""
    from referral.core import vault

    url = app.config.get("VAULT_URL") or ""
    if not url.startswith("postgresql"):
        fix = "set REFERRAL_VAULT_URL to its own PostgreSQL database (shared by all instances)"
        return [Check("key vault", False, fix)]
    if url == app.config["SQLALCHEMY_DATABASE_URI"]:
        fix = "REFERRAL_VAULT_URL names the main database: erasure would not reach its backups"
        return [Check("key vault", False, fix)]
    try:
        vault.check(app)
    except Exception as problem:  # noqa: BLE001 - any connection failure is reported
        return [Check("key vault", False, f"cannot connect: {type(problem).__name__}")]
    return [Check("key vault", True, "reachable, apart from the database")]


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def _broker(config: Any) -> list[Check]:
    checks = [
        _check(
            "jobs",
            config.get("JOBS") == "celery",
            "Celery",
            "set REFERRAL_JOBS=celery and run `referral worker` and beat",
        )
    ]
    redis_url = config.get("REDIS_URL")
    if not redis_url:
        return [
            *checks,
            Check("redis", False, "set REFERRAL_REDIS_URL (broker and shared rate limits)"),
        ]
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_timeout=3).ping()
        checks.append(Check("redis", True, "reachable"))
    except redis.RedisError as problem:
        checks.append(
            Check(
                "redis",
                False,
                f"cannot reach {urlparse(redis_url).hostname}: {type(problem).__name__}",
            )
        )
    return checks


def _mail(config: Any) -> list[Check]:
    host = config.get("SMTP_HOST")
    if not host:
        return [Check("e-mail", False, "set REFERRAL_SMTP_HOST (and SMTP_MAIL_FROM) for notices")]
    port = int(config.get("SMTP_PORT") or 587)
    checks = [
        Check(
            "e-mail sender",
            bool(config.get("SMTP_MAIL_FROM")),
            config.get("SMTP_MAIL_FROM") or "set REFERRAL_SMTP_MAIL_FROM",
        )
    ]
    where = f"{host}:{port}"
    reached = _check(
        "e-mail server", _reachable(host, port), f"{where} reachable", f"cannot reach {where}"
    )
    return [*checks, reached]


def run_checks() -> list[Check]:
    """Every check; the configuration check alone when the app refuses to start."""
    app, refused = _app_or_problem()
    if refused is not None:
        return [refused]
    config = app.config
    return [
        *_environment(config),
        *_keys(config),
        *_database(app),
        *_vault(app),
        *_broker(config),
        *_mail(config),
    ]
