"""The key vault: one random seal per case, kept outside the main database.

A case's data key is wrapped twice: first by the case's seal, kept here, then by the master
key, in `case_keys`. Erasing a case destroys its seal. A backup of the main database made
before the erasure still holds the wrapped key, but nobody can open it any more: the vault
is a separate database (`REFERRAL_VAULT_URL`; embedded: `instance/vault.sqlite3`) that
`referral backup` leaves out. Its own copies need their own, short-lived handling (README).

The vault commits on its own, outside the request's transaction: a seal is written before
the case that uses it, and destroyed before the case is marked erased. A crash in between
leaves an unused seal, or a case nobody can read, never a readable erased case.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from referral.core.db import UTCDateTime
from referral.core.time import now_utc

SEAL_KEY_ID = "seal"

metadata = sa.MetaData()
seals = sa.Table(
    "case_seals",
    metadata,
    sa.Column("case_uuid", sa.String(36), primary_key=True),
    #: 32 random bytes; NULL once destroyed.
    sa.Column("seal", sa.LargeBinary, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("destroyed_at", UTCDateTime, nullable=True),
)


class SealDestroyed(LookupError):
    """The case's seal is gone (erased), or was never in this vault."""


def vault_url(app: Flask) -> str:
    """REFERRAL_VAULT_URL, or a SQLite file beside the embedded database."""
    return app.config.get("VAULT_URL") or "sqlite:///" + str(
        Path(app.instance_path) / "vault.sqlite3"
    )


def _engine() -> sa.Engine:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get("vault")
    if engine is None:
        url = vault_url(app)
        options: dict[str, Any] = {}
        if url.startswith("sqlite"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            # referral.wiring begins transactions itself (pysqlite's own handling is off);
            # a plain BEGIN here: reads of seals must not queue behind each other.
            options["connect_args"] = {"isolation_level": None, "timeout": 5}
            options["execution_options"] = {"sqlite_begin": "deferred"}
        engine = sa.create_engine(url, pool_pre_ping=True, **options)
        metadata.create_all(engine)
        app.extensions["vault"] = engine
    return engine


def new_seal(case_uuid: str) -> bytes:
    """A fresh seal for a new case, committed to the vault before the case is."""
    seal = os.urandom(32)
    with _engine().begin() as connection:
        # A leftover row (a key sealed again by `referral vault seal`) is replaced.
        connection.execute(seals.delete().where(seals.c.case_uuid == case_uuid))
        connection.execute(
            seals.insert().values(case_uuid=case_uuid, seal=seal, created_at=now_utc())
        )
    return seal


def seal_of(case_uuid: str) -> bytes:
    """The case's seal. :raise SealDestroyed: after erasure (or if it is not here)."""
    with _engine().connect() as connection:
        seal = connection.scalar(sa.select(seals.c.seal).where(seals.c.case_uuid == case_uuid))
    if seal is None:
        raise SealDestroyed(case_uuid)
    return seal


def destroy_seal(case_uuid: str, at: datetime | None = None) -> None:
    """Overwrite the case's seal for good, and leave no copy of it in the vault's files."""
    engine = _engine()
    with engine.begin() as connection:
        connection.execute(
            seals.update()
            .where(seals.c.case_uuid == case_uuid)
            .values(seal=None, destroyed_at=at or now_utc())
        )
    # Outside any transaction, on the driver's connection: SQLite's secure_delete zeroed the
    # old cell and the checkpoint copies that page over the file's; PostgreSQL's VACUUM
    # reclaims the dead row version that still held the seal.
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        if engine.dialect.name == "sqlite":
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            driver.autocommit = True
            driver.execute("VACUUM case_seals")
            driver.autocommit = False
    finally:
        raw.close()


def destroyed() -> dict[str, datetime]:
    """Every destroyed seal: case uuid -> when (what a restored backup must erase again)."""
    with _engine().connect() as connection:
        rows = connection.execute(
            sa.select(seals.c.case_uuid, seals.c.destroyed_at).where(
                seals.c.destroyed_at.is_not(None)
            )
        )
        return {case_uuid: at for case_uuid, at in rows}


def check(app: Flask) -> None:
    """Connect and read (for check-deploy): raises when the vault is unreachable."""
    with app.app_context(), _engine().connect() as connection:
        connection.scalar(sa.select(sa.func.count()).select_from(seals))
