"""Shared fixtures: the app on a migrated database, one rolled-back transaction per test."""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, has_app_context
from flask.testing import FlaskClient

from referral import create_app
from referral.core import time as clock_module
from referral.extensions import db

pytest_plugins = [
    "tests.identity.fixtures",
    "tests.referrals.fixtures",
    "tests.compensation.fixtures",
]

TEST_MASTER_KEY = "q0_XQfmmJy2hDlBDCl-oMVnmFoF5S6uh0S1x-7Qf3rc"
START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _database_url(tmp_dir: Path) -> str:
    """SQLite in the session's temporary folder, or TEST_DATABASE_URL; one database per
    pytest-xdist worker (`referral_test_gw0`, …), so workers never share tables."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / 'test.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


def _worker_database(url: str, worker: str) -> str:
    base, _, name = url.rpartition("/")
    name = f"{name}_{worker}"
    engine = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        known = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not known:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{base}/{name}"


def make_config(database_url: str, **extra: object) -> dict[str, object]:
    """The configuration every test app uses."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "MASTER_KEY": TEST_MASTER_KEY,
        "ARGON2_PROFILE": "cheapest",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ENFORCE_REQUIRE_CALLS": True,
        "RATELIMIT_ENABLED": False,
        "JOBS": "eager",
        "SERVER_NAME": "localhost",
        **extra,
    }


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, as a real server would.

    Tests hold an app context for their factories; without this, requests would reuse
    it and share `g` and the SQLAlchemy session with the test body.
    """

    def open(self, *args: object, **kwargs: object) -> object:
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory.mktemp("db"))
    if url.startswith("postgres"):
        _reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    os.environ["REFERRAL_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    application = create_app(make_config(database_url))
    application.test_client_class = IsolatedClient
    with application.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clock() -> Iterator[Clock]:
    """Time stands still at START unless a test moves it."""
    fixture = Clock(START)
    clock_module.set_clock(START)
    yield fixture
    clock_module.set_clock(None)


class Clock:
    """Moves the application clock."""

    def __init__(self, at: datetime) -> None:
        self.now = at

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        clock_module.set_clock(self.now)
        return self.now


@pytest.fixture(autouse=True)
def _transaction(app: Flask) -> Iterator[None]:
    """Every test runs inside one outer transaction that is rolled back afterwards."""
    with app.app_context():
        engine = db.engine
        connection = engine.connect()
        outer = connection.begin()
        engines = db._app_engines[app]
        engines[None] = connection  # Flask-SQLAlchemy's sessions now bind to this connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield
        finally:
            db.session.remove()
            outer.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context("/", base_url="https://localhost"):
        yield
