"""Case identity data is encrypted at rest, bound to its place, and shreddable per case."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from referral import create_app
from referral.cases import operations as case_ops
from referral.cases.models import Case, Identity
from referral.core.crypto import DecryptionError
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import User
from tests.conftest import make_config
from tests.identity.fixtures import make_org, make_user

FIRST_NAME, PHONE, STREET = "CanaryFirst7Q", "+31699988877", "CanaryStreet 12"
HIDEOUT, NEEDS = "CanaryHideout 9", "CanaryAsthma"
CANARIES = (FIRST_NAME, PHONE, STREET, HIDEOUT, NEEDS)
#: Stored in clear on purpose (an organisation name): proves the byte search can find text.
CONTROL = "PlainControlOrg5"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_CANARY_DB = "referral_canary"


def _caseworker(org_name: str | None = None) -> User:
    return make_user(make_org(name=org_name))


def _canary_case(actor: User, first_name: str = FIRST_NAME) -> Case:
    """A committed case carrying every canary, one of them on a relative's precise location."""
    data = {"first_name": first_name, "mobile_phone": PHONE, "address_street": STREET}
    case = case_ops.create_case(actor, {**data, "special_needs": NEEDS})
    case_ops.add_family_member(
        actor, case, {"relationship_to_victim": "sister", "precise_location": HIDEOUT}
    )
    return case


def _assert_plaintext_readable(case_id: int) -> None:
    """Through a fresh session the ORM still returns every canary (encrypted, not lost)."""
    db.session.remove()
    case = db.session.get(Case, case_id)
    assert case.identity.first_name == FIRST_NAME
    assert case.identity.mobile_phone == PHONE
    assert case.identity.address == {"street": STREET}
    assert case.family_members[0].precise_location == HIDEOUT
    assert case.special_needs == NEEDS
    db.session.remove()


def _populate(database_url: str, instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrate a second app's own database and commit one canary case to it for real."""
    monkeypatch.setenv("REFERRAL_INSTANCE_PATH", str(instance))
    other = create_app(make_config(database_url))
    with other.app_context():
        try:
            upgrade()
            case_id = _canary_case(_caseworker(CONTROL)).id
            _assert_plaintext_readable(case_id)
            if database_url.startswith("sqlite"):
                with db.engine.connect() as connection:
                    # The driver connection is in autocommit: no BEGIN IMMEDIATE around this.
                    busy, _, _ = connection.connection.driver_connection.execute(
                        "PRAGMA wal_checkpoint(TRUNCATE)"
                    ).fetchone()
                    assert busy == 0
        finally:
            db.session.remove()
            db.engine.dispose()


def _assert_no_canary(data: bytes, where: str) -> None:
    assert CONTROL.encode() in data, f"the clear-text control is missing from {where}"
    for canary in CANARIES:
        raw = canary.encode()
        assert raw not in data, f"{canary!r} in clear in {where}"
        assert raw.hex().encode() not in data, f"{canary!r} hex-encoded in {where}"


def test_sqlite_file_holds_no_plaintext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the database file nor its WAL/SHM companions contain an identity canary."""
    path = tmp_path / "canary.sqlite3"
    _populate(f"sqlite:///{path}", tmp_path / "instance", monkeypatch)
    files = sorted(tmp_path.glob(path.name + "*"))
    assert path in files
    assert path.stat().st_size > 0
    _assert_no_canary(b"".join(file.read_bytes() for file in files), "the SQLite files")


def test_postgres_dump_holds_no_plaintext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pg_dump of a real PostgreSQL database contains ciphertext, never a canary."""
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is part of this project's environment"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {PG_CANARY_DB} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {PG_CANARY_DB}")
        try:
            url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_CANARY_DB
            _populate(url, tmp_path / "instance", monkeypatch)
            dump = subprocess.run(  # noqa: S603 - fixed arguments, no user input
                [pg_dump, "-w", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_CANARY_DB],
                capture_output=True,
                check=True,
                timeout=120,
            ).stdout
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {PG_CANARY_DB} WITH (FORCE)")
    finally:
        admin.dispose()
    assert b"CREATE TABLE public.identities" in dump
    assert b"COPY public.identities" in dump
    assert b"\\\\x7631" in dump, "no v1 ciphertext in the dump"
    _assert_no_canary(dump, "pg_dump output")


def _reload(model: type, row_id: int) -> object:
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_tampered_ciphertext_fails(app) -> None:
    """One flipped byte in a stored ciphertext makes the field undecryptable."""
    identity = _canary_case(_caseworker()).identity
    blob = bytearray(identity.first_name_encrypted)
    blob[-1] ^= 0x01
    db.session.execute(
        sa.text("UPDATE identities SET first_name_encrypted = :blob WHERE id = :id"),
        {"blob": bytes(blob), "id": identity.id},
    )
    with pytest.raises(DecryptionError):
        _ = _reload(Identity, identity.id).first_name


def test_ciphertext_moved_to_another_row_or_column_fails(app) -> None:
    """A ciphertext only decrypts in the table, column and row it was written for."""
    actor = _caseworker()
    first = _canary_case(actor, "CanaryFirstA").identity
    second = _canary_case(actor, "CanaryFirstB").identity
    blob = first.first_name_encrypted
    update = "UPDATE identities SET {column} = :blob WHERE id = :id"
    for column, row_id in (
        ("first_name_encrypted", second.id),
        ("second_name_encrypted", first.id),
    ):
        db.session.execute(sa.text(update.format(column=column)), {"blob": blob, "id": row_id})
    with pytest.raises(DecryptionError):
        _ = _reload(Identity, second.id).first_name
    with pytest.raises(DecryptionError):
        _ = _reload(Identity, first.id).second_name
    assert _reload(Identity, first.id).first_name == "CanaryFirstA"


def test_destroyed_case_key_shreds_every_field(app) -> None:
    """Without its wrapped data key, none of a case's encrypted fields can be read."""
    case = _canary_case(_caseworker())
    case_id = case.id
    case.key.wrapped_key = None
    case.key.destroyed_at = now_utc()
    db.session.commit()
    # A fresh session: a Case instance caches its unwrapped key even across expire_all().
    db.session.remove()
    shredded = db.session.get(Case, case_id)
    assert shredded.key.wrapped_key is None
    with pytest.raises(DecryptionError):
        _ = shredded.identity.first_name
    with pytest.raises(DecryptionError):
        _ = shredded.special_needs
    with pytest.raises(DecryptionError):
        _ = shredded.family_members[0].precise_location
