"""Start-up: keys created once with mode 0600, production refuses to start without them."""

from __future__ import annotations

import stat

import pytest

from referral import create_app
from referral.config import ConfigError
from tests.conftest import TEST_MASTER_KEY


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERRAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    return tmp_path


def test_embedded_first_run_creates_private_keys(instance) -> None:
    app = create_app()
    for name in ("secret.key", "master.key"):
        path = instance / name
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = create_app()
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    assert again.config["MASTER_KEY"] == app.config["MASTER_KEY"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "REFERRAL_SECRET_KEY"),
        ({"REFERRAL_SECRET_KEY": "x" * 40}, "REFERRAL_MASTER_KEY"),
        ({"REFERRAL_SECRET_KEY": "short", "REFERRAL_MASTER_KEY": TEST_MASTER_KEY}, "shorter"),
    ],
)
def test_production_refuses_to_start_without_explicit_keys(
    instance, monkeypatch, env, message
) -> None:
    monkeypatch.setenv("REFERRAL_ENV", "production")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message):
        create_app()
    assert not (instance / "master.key").exists()


def test_production_starts_with_keys(instance, monkeypatch) -> None:
    monkeypatch.setenv("REFERRAL_ENV", "production")
    monkeypatch.setenv("REFERRAL_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("REFERRAL_MASTER_KEY", TEST_MASTER_KEY)
    app = create_app()
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"


def test_bad_master_key_is_refused(instance, monkeypatch) -> None:
    monkeypatch.setenv("REFERRAL_MASTER_KEY", "not-a-key")
    with pytest.raises(ConfigError):
        create_app()


def test_environment_variables_configure_the_app(instance, monkeypatch) -> None:
    monkeypatch.setenv("REFERRAL_SESSION_IDLE_MINUTES", "7")
    monkeypatch.setenv("REFERRAL_LOCALES", "en,fr")
    monkeypatch.setenv("REFERRAL_TRUSTED_HOSTS", "referral.example.org")
    app = create_app()
    assert app.config["SESSION_IDLE_MINUTES"] == 7
    assert app.config["LOCALES"] == ["en", "fr"]
    response = app.test_client().get("/login", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_embedded_sqlite_pragmas(instance) -> None:
    from referral.extensions import db

    app = create_app()
    with app.app_context(), db.engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
