"""Configuration: defaults, then instance/config.py, then REFERRAL_* variables, then overrides."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

#: Languages shipped complete; `referral translations check` enforces them.
# The 24 official EU languages, then the main languages of victims of trafficking in Europe.
EU_LOCALES = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it"]
EU_LOCALES += ["lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]
VICTIM_LOCALES = ["ar", "fa", "ru", "uk", "sq", "tr", "vi", "zh_Hans", "ti"]
SHIPPED_LOCALES = ["en", *(code for code in EU_LOCALES if code != "en"), *VICTIM_LOCALES]

DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "SECRET_KEY": None,
    "SECRET_KEY_FALLBACKS": [],
    "MASTER_KEY": None,
    "MASTER_KEY_ID": "k1",
    "REDIS_URL": None,
    #: The key vault (referral.core.vault); embedded: instance/vault.sqlite3.
    "VAULT_URL": None,
    "JOBS": "inprocess",
    "BASE_URL": "http://127.0.0.1:5000",
    "DEFAULT_LOCALE": "en",
    "LOCALES": SHIPPED_LOCALES,
    "DEFAULT_TIMEZONE": "UTC",
    "TRUSTED_PROXIES": 0,
    "TRUSTED_HOSTS": None,
    "SESSION_IDLE_MINUTES": 15,
    "SESSION_MAX_HOURS": 12,
    "STEP_UP_MINUTES": 5,
    "LOGIN_FAILURES_MAX": 10,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "TOKEN_MAX_DAYS": 90,
    "INSECURE_DEV": False,
    "MAX_CONTENT_LENGTH": 21 * 1024 * 1024,
    "ARGON2_PROFILE": "rfc9106_low_memory",
    "PDF_TIMEOUT": 60,
    "PDF_MEMORY_MB": 1024,
    "PDF_CONCURRENCY": 1,
    #: Days before a protection measure's end / review date that the case team is told.
    "PROTECTION_EXPIRY_NOTICE_DAYS": 14,
    "PROTECTION_REVIEW_NOTICE_DAYS": 7,
    #: Largest uploaded document, in bytes (DESIGN.md §10: 20 MB).
    "UPLOAD_MAX_BYTES": 20 * 1024 * 1024,
    #: Days before a claim deadline that its lawyer is reminded; limitation dates get 90/30/7.
    "CLAIM_DEADLINE_NOTICE_DAYS": 7,
    #: Seconds after which a key whose request died before committing may be taken over.
    "IDEMPOTENCY_STALE_SECONDS": 120,
}

_BOOL = {"INSECURE_DEV", "TESTING", "DEBUG", "RATELIMIT_ENABLED"}
_INT = {
    "TRUSTED_PROXIES",
    "SESSION_IDLE_MINUTES",
    "SESSION_MAX_HOURS",
    "STEP_UP_MINUTES",
    "LOGIN_FAILURES_MAX",
    "LOGIN_FAILURE_WINDOW_MINUTES",
    "TOKEN_MAX_DAYS",
    "MAX_CONTENT_LENGTH",
    "PDF_TIMEOUT",
    "PDF_MEMORY_MB",
    "PDF_CONCURRENCY",
    "PROTECTION_EXPIRY_NOTICE_DAYS",
    "PROTECTION_REVIEW_NOTICE_DAYS",
    "UPLOAD_MAX_BYTES",
    "CLAIM_DEADLINE_NOTICE_DAYS",
    "IDEMPOTENCY_STALE_SECONDS",
}
_LIST = {
    "LOCALES",
    "TRUSTED_HOSTS",
    "SECRET_KEY_FALLBACKS",
    "TRANSFER_SAFE_COUNTRIES",
    "MASTER_KEYS_OLD",
}
_JSON = {"SLA", "REFLECTION_MIN_DAYS"}


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to fix."""


def instance_dir() -> str:
    """The instance folder: REFERRAL_INSTANCE_PATH or ./instance beside the project."""
    return str(Path(os.environ.get("REFERRAL_INSTANCE_PATH", ROOT / "instance")).resolve())


def _coerce(name: str, raw: str) -> Any:
    if name in _BOOL:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if name in _INT:
        return int(raw)
    if name in _LIST:
        return [item.strip() for item in raw.split(",") if item.strip()]
    if name in _JSON:
        return json.loads(raw)
    return raw


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill app.config in the documented order of precedence."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for key, raw in os.environ.items():
        if key.startswith("REFERRAL_") and key != "REFERRAL_INSTANCE_PATH":
            name = key.removeprefix("REFERRAL_")
            app.config[name] = _coerce(name, raw)
    default_db = "sqlite:///" + str(Path(app.instance_path) / "referral.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", default_db)
    if overrides:
        app.config.update(overrides)
    _normalise_database_url(app)


def _normalise_database_url(app: Flask) -> None:
    """postgres:// and postgresql:// mean psycopg 3, for the database and the key vault."""
    for name in ("SQLALCHEMY_DATABASE_URI", "VAULT_URL"):
        url = app.config.get(name)
        for prefix in ("postgres://", "postgresql://"):
            if url and url.startswith(prefix):
                app.config[name] = "postgresql+psycopg://" + url.removeprefix(prefix)


def is_production(app: Flask) -> bool:
    """True when REFERRAL_ENV=production."""
    return app.config.get("ENV") == "production"
