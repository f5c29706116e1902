"""What the harnesses share: a free port, waiting for a server, a throw-away environment and a
fresh PostgreSQL database."""

from __future__ import annotations

import os
import socket
import subprocess
import time

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    """Until something accepts connections on `port`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def fresh_database(name: str) -> str:
    """An empty PostgreSQL database `name` (dropped first if it exists); its URL."""
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run([*ADMIN, sql], check=True, capture_output=True)
    return f"{PG}/{name}"


def harness_env(workdir: str, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without REFERRAL_* settings, plus throw-away keys, the
    cheapest password hashing and no per-address limiter (harnesses send thousands of
    requests from one address)."""
    from tests.conftest import TEST_MASTER_KEY

    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
    env.pop("DATABASE_URL", None)
    env.update(
        REFERRAL_INSTANCE_PATH=workdir,
        REFERRAL_MASTER_KEY=TEST_MASTER_KEY,
        REFERRAL_SECRET_KEY="harness-secret-key-long-enough-0123456789abcdef",
        REFERRAL_ARGON2_PROFILE="cheapest",
        REFERRAL_RATELIMIT_ENABLED="0",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env
