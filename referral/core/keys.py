"""Secret key and master encryption key: from configuration, or created once in instance/."""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from flask import Flask

from referral.config import ConfigError, is_production

logger = logging.getLogger(__name__)

MIN_SECRET_BYTES = 32


def _read_or_create(path: Path, make: callable, app: Flask, what: str) -> str:  # type: ignore[valid-type]
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    app.logger.warning("Created a new %s in %s (mode 0600). Keep a safe copy.", what, path)
    return value


def decode_master_key(value: str) -> bytes:
    """Decode a base64url master key and check it is 32 bytes."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError as exc:
        raise ConfigError("REFERRAL_MASTER_KEY is not valid base64url") from exc
    if len(raw) != 32:
        raise ConfigError("REFERRAL_MASTER_KEY must decode to exactly 32 bytes")
    return raw


def new_master_key() -> str:
    """A fresh base64url-encoded 256-bit key."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def setup_keys(app: Flask) -> None:
    """Make sure SECRET_KEY and MASTER_KEY exist; refuse to start production without them."""
    master_file = app.config.get("MASTER_KEY_FILE")
    if not app.config.get("MASTER_KEY") and master_file:
        app.config["MASTER_KEY"] = Path(master_file).read_text().strip()
    if is_production(app):
        problems = []
        if app.debug:
            problems.append("debug mode is on")
        secret = app.config.get("SECRET_KEY") or ""
        if len(secret.encode()) < MIN_SECRET_BYTES:
            problems.append("REFERRAL_SECRET_KEY is missing or shorter than 32 bytes")
        if not app.config.get("MASTER_KEY"):
            problems.append("REFERRAL_MASTER_KEY (or REFERRAL_MASTER_KEY_FILE) is missing")
        if problems:
            raise ConfigError("Refusing to start in production: " + "; ".join(problems))
    else:
        instance = Path(app.instance_path)
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _read_or_create(
                instance / "secret.key", lambda: secrets.token_urlsafe(48), app, "secret key"
            )
        if not app.config.get("MASTER_KEY"):
            app.config["MASTER_KEY"] = _read_or_create(
                instance / "master.key", new_master_key, app, "master encryption key"
            )
    decode_master_key(app.config["MASTER_KEY"])
