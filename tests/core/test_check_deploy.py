"""`referral check-deploy` says exactly what is wrong, and passes a complete configuration."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from referral.core.keys import new_master_key

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
CHECK_DB = "referral_check_deploy"
CHECK_VAULT = "referral_check_vault"


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
    clean.pop("DATABASE_URL", None)
    clean["REFERRAL_INSTANCE_PATH"] = str(tmp_path / "instance")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "referral.cli", "check-deploy"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_keys_names_both_keys(tmp_path) -> None:
    result = _run(tmp_path, REFERRAL_ENV="production")
    assert result.returncode == 1
    assert "REFERRAL_SECRET_KEY" in result.stdout
    assert "REFERRAL_MASTER_KEY" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_development_setup_fails_with_one_line_per_problem(tmp_path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 1
    lines = dict(
        line.split(": ", 1)[0].split(None, 1)[::-1]
        for line in result.stdout.splitlines()
        if line.startswith(("ok", "FAIL"))
    )
    assert lines["environment"] == "FAIL"
    assert lines["database engine"] == "FAIL"
    assert lines["https"] == "FAIL"
    assert lines["trusted hosts"] == "FAIL"
    assert lines["redis"] == "FAIL"
    assert lines["e-mail"] == "FAIL"
    assert lines["key vault"] == "FAIL"
    assert lines["secret key"] == "ok"


@pytest.fixture
def smtp_stub():
    """A listener that greets like an SMTP server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.sendall(b"220 stub\r\n")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


def _psql(sql: str) -> None:
    admin = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql]
    subprocess.run(admin, check=True)  # noqa: S603 (fixed statements, no outside input)


def test_a_complete_production_configuration_passes(tmp_path, smtp_stub) -> None:
    for name in (CHECK_DB, CHECK_VAULT):
        _psql(f"DROP DATABASE IF EXISTS {name}")
        _psql(f"CREATE DATABASE {name}")
    key_file = tmp_path / "master.key"
    key_file.write_text(new_master_key())
    key_file.chmod(0o600)
    env = {
        "REFERRAL_ENV": "production",
        "REFERRAL_SECRET_KEY": "s" * 48,
        "REFERRAL_MASTER_KEY_FILE": str(key_file),
        "DATABASE_URL": f"{PG}/{CHECK_DB}",
        "REFERRAL_VAULT_URL": f"postgresql://postgres@127.0.0.1:5432/{CHECK_VAULT}",
        "REFERRAL_BASE_URL": "https://referral.example.org",
        "REFERRAL_TRUSTED_HOSTS": "referral.example.org",
        "REFERRAL_JOBS": "celery",
        "REFERRAL_REDIS_URL": "redis://127.0.0.1:6379/0",
        "REFERRAL_SMTP_HOST": "127.0.0.1",
        "REFERRAL_SMTP_PORT": str(smtp_stub),
        "REFERRAL_SMTP_MAIL_FROM": "referral@example.org",
    }
    try:
        behind = _run(tmp_path, **env)
        assert behind.returncode == 1
        assert "run `referral db upgrade`" in behind.stdout
        clean = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
        subprocess.run(
            [sys.executable, "-m", "referral.cli", "db", "upgrade"],
            env={**clean, **env, "REFERRAL_INSTANCE_PATH": str(tmp_path / "instance")},
            check=True,
            capture_output=True,
        )
        result = _run(tmp_path, **env)
        assert result.returncode == 0, result.stdout
        assert "FAIL" not in result.stdout
        key_file.chmod(0o644)
        loose = _run(tmp_path, **env)
        assert loose.returncode == 1
        assert "chmod 600" in loose.stdout
    finally:
        for name in (CHECK_DB, CHECK_VAULT):
            _psql(f"DROP DATABASE IF EXISTS {name}")
