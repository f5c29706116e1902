"""Backup and restore: pg_dump/pg_restore for PostgreSQL, SQLite's online backup API.

A backup holds ciphertext only: without the master key (kept apart, see the README) it reveals
nothing. A restore goes into an empty database and is then proved: the audit chain verifies
from genesis and a sample of encrypted fields decrypts with the configured master key.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import sqlalchemy as sa
from flask import Flask

from referral.extensions import db


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead; the message says why."""


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _pg_args(url: str) -> list[str]:
    parts = urlparse(url.replace("postgresql+psycopg://", "postgresql://", 1))
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        args += ["-U", parts.username]
    return [*args, "-d", parts.path.lstrip("/")]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def backup(app: Flask, target: Path) -> float:
    """Write a consistent copy of the database to `target`; returns the seconds it took."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    started = time.perf_counter()
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # online: writers may continue meanwhile
        copy.close()
        source.close()
    else:
        subprocess.run(  # noqa: S603 - our own arguments, no shell
            [_tool("pg_dump"), "-w", "-Fc", "-f", str(target), *_pg_args(url)],
            check=True,
            capture_output=True,
        )
    target.chmod(0o600)
    return time.perf_counter() - started


def _is_empty(app: Flask) -> bool:
    with app.app_context():
        return not sa.inspect(db.engine).get_table_names()


def restore(app: Flask, source: Path) -> float:
    """Load `source` into the configured database, which must be empty."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if not _is_empty(app):
        raise BackupError("the target database is not empty: restore into a fresh one")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    started = time.perf_counter()
    if url.startswith("sqlite"):
        copy = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(url))
        with target:
            copy.backup(target)
        target.close()
        copy.close()
    else:
        subprocess.run(  # noqa: S603 - our own arguments, no shell
            [
                _tool("pg_restore"),
                "-w",
                "--no-owner",
                "--exit-on-error",
                *_pg_args(url),
                str(source),
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


@dataclass(frozen=True)
class Proof:
    chain_ok: bool
    events: int
    decrypted: int
    detail: str


def prove(app: Flask, sample: int = 20) -> Proof:
    """The restored data is whole: the audit chain verifies and encrypted fields decrypt."""
    from referral.audit.chain import verify_chain
    from referral.cases.models import Identity
    from referral.core.crypto import DecryptionError

    with app.app_context():
        result = verify_chain()
        decrypted, failed = 0, 0
        for identity in db.session.scalars(sa.select(Identity).limit(sample)):
            try:
                _ = identity.first_name
                decrypted += 1
            except DecryptionError:
                failed += 1
        detail = "" if result.ok else f"chain broken at {result.broken_at}"
        if failed:
            detail += f" {failed} fields did not decrypt"
        return Proof(result.ok, result.checked, decrypted, detail.strip())
