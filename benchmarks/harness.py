"""What the harnesses share: a free port, waiting for a server, a throw-away environment and a
fresh PostgreSQL database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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


def gunicorn(
    port: int,
    env: dict[str, str],
    *,
    app: str = "referral:create_app()",
    threads: int | None = None,
    log_level: str = "warning",
    **popen: object,
) -> subprocess.Popen:
    """gunicorn with two workers on 127.0.0.1:`port` (gthread with `threads` when given),
    started from the repository, returned once a worker answers (not just the master)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2"]
    if threads:
        command += ["-k", "gthread", "--threads", str(threads)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", log_level, "--chdir", str(root), app]
    process = subprocess.Popen(command, env=env, **popen)
    wait_for_app(port)
    return process


def wait_for_app(port: int, seconds: float = 60) -> None:
    """Until a worker answers GET /login on `port`."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"no worker answers on port {port}")
