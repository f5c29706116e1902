"""The app served for real (waitress, demo data) and one headless Chromium for the journeys.

The server runs in a subprocess on its own temporary instance folder, exactly as `make run`
starts it, so nothing here shares state with the in-process test suite.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.journey import Authenticator, Journey, Server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("REFERRAL_TEST_CHROMIUM", "/usr/bin/chromium")
START_TIMEOUT = 60


def _referral_command() -> str:
    beside = Path(sys.executable).with_name("referral")
    if beside.exists():
        return str(beside)
    found = shutil.which("referral") or str(ROOT / ".venv" / "bin" / "referral")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/login")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command[1:])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`referral serve` on a free port, over a freshly migrated database with the demo data."""
    instance = tmp_path_factory.mktemp("browser-instance")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REFERRAL_") and key != "DATABASE_URL"
    }
    env.update(
        REFERRAL_INSTANCE_PATH=str(instance),
        REFERRAL_INSECURE_DEV="1",
        REFERRAL_RATELIMIT_ENABLED="0",
    )
    referral = _referral_command()
    _run([referral, "db", "upgrade"], env)
    demo = _run([referral, "demo", "load"], env)
    hearing_case = re.search(r"created NL -> NG [^:\n]*: (\S+)", demo)
    if hearing_case is None:
        pytest.fail(f"The demo output no longer names the NL -> NG case:\n{demo}")
    port = _free_port()
    log_path = instance / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [referral, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "8"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The server did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield Server(f"http://127.0.0.1:{port}", hearing_case.group(1), log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def authenticator() -> Authenticator:
    """The demo users' authenticator app, shared so no TOTP step is used twice."""
    return Authenticator()


@pytest.fixture(scope="module", params=["en", "ar"])
def lang(request: pytest.FixtureRequest) -> str:
    """Every journey in English, then again in Arabic (right-to-left)."""
    return str(request.param)


@pytest.fixture
def open_journey(
    browser: Browser, server: Server, authenticator: Authenticator
) -> Iterator[Callable[[str], Journey]]:
    """Opens a fresh browser context (one person at one computer) per call."""
    opened: list[Journey] = []

    def open_journey(name: str) -> Journey:
        started = Journey(browser, server, authenticator, name)
        opened.append(started)
        return started

    yield open_journey
    for started in opened:
        started.close()


# The suite-wide autouse fixtures freeze the in-process clock and wrap each test in a database
# transaction of an in-process app. The journeys talk to a real server instead: neither applies.
@pytest.fixture(autouse=True)
def clock() -> None:
    """No in-process clock: the server keeps real time."""


@pytest.fixture(autouse=True)
def _transaction() -> None:
    """No in-process database: the server owns its own."""
