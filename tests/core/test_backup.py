"""Backup and restore drill: a copy restored into a fresh database verifies and decrypts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_MASTER_KEY

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _cli(tmp_path: Path, database: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
    env.update(
        DATABASE_URL=database,
        REFERRAL_INSTANCE_PATH=str(tmp_path / "instance"),
        REFERRAL_MASTER_KEY=TEST_MASTER_KEY,
        REFERRAL_SECRET_KEY="k" * 48,
        REFERRAL_ARGON2_PROFILE="cheapest",
    )
    return subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "referral.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _psql(sql: str) -> None:
    admin = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql]
    subprocess.run(admin, check=True, capture_output=True)  # noqa: S603 - fixed statements


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_backup_restores_into_a_fresh_database_and_proves_itself(tmp_path, engine) -> None:
    if engine == "sqlite":
        source, fresh = (f"sqlite:///{tmp_path / name}.sqlite3" for name in ("live", "fresh"))
    else:
        names = ("referral_backup_live", "referral_backup_fresh")
        for name in names:
            _psql(f"DROP DATABASE IF EXISTS {name}")
            _psql(f"CREATE DATABASE {name}")
        source, fresh = (f"{PG}/{name}" for name in names)
    copy = tmp_path / "backup.bin"
    try:
        assert _cli(tmp_path, source, "db", "upgrade").returncode == 0
        loaded = _cli(tmp_path, source, "demo", "load")
        assert loaded.returncode == 0, loaded.stderr[-800:]
        made = _cli(tmp_path, source, "backup", str(copy))
        assert made.returncode == 0, made.stderr[-800:]
        assert copy.stat().st_mode & 0o077 == 0
        assert b"Efe (demo)" not in copy.read_bytes()  # names are ciphertext in the copy
        restored = _cli(tmp_path, fresh, "restore", str(copy))
        assert restored.returncode == 0, restored.stdout + restored.stderr[-800:]
        assert "audit chain OK" in restored.stdout
        assert int(re.search(r"(\d+) sample fields decrypted", restored.stdout).group(1)) > 0
        again = _cli(tmp_path, fresh, "restore", str(copy))
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        if engine == "postgresql":
            for name in ("referral_backup_live", "referral_backup_fresh"):
                _psql(f"DROP DATABASE IF EXISTS {name}")
