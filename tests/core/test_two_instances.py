"""Two app instances on one PostgreSQL and one Redis behave as one system (issue 7, item 12):
a session opened on one is valid on the other and ends on both, rate limits are counted
together, an idempotency key used on one replays on the other, and a job queued by one is
done by the shared worker and seen by the other."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import redis
import requests

from benchmarks.harness import free_port, wait_for_port
from referral.demo.data import DEMO_PASSWORD, demo_totp_secret
from tests.conftest import TEST_MASTER_KEY

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
DATABASE = "referral_two_instances"
REDIS_URL = "redis://127.0.0.1:6379/13"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CLI = str(Path(sys.executable).with_name("referral"))
TIMEOUT = 30


def _psql(sql: str) -> None:
    admin = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql]
    subprocess.run(admin, check=True, capture_output=True)  # noqa: S603 - fixed statements


def _sign_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    token = CSRF.search(browser.get(f"{base}/login", timeout=TIMEOUT).text).group(1)
    browser.post(
        f"{base}/login",
        data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD},
        timeout=TIMEOUT,
    )
    page = browser.get(f"{base}/login/enrol", timeout=TIMEOUT)
    token = CSRF.search(page.text).group(1)
    code = pyotp.TOTP(demo_totp_secret(email)).now()
    done = browser.post(
        f"{base}/login/enrol", data={"csrf_token": token, "code": code}, timeout=TIMEOUT
    )
    assert done.status_code == 200, done.text[:300]
    return browser


def test_two_instances_share_sessions_limits_keys_and_jobs(tmp_path) -> None:
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
    env.update(
        DATABASE_URL=f"{PG}/{DATABASE}",
        REFERRAL_INSTANCE_PATH=str(tmp_path),
        REFERRAL_MASTER_KEY=TEST_MASTER_KEY,
        REFERRAL_SECRET_KEY="two-instances-secret-key-long-enough-0123456789",
        REFERRAL_REDIS_URL=REDIS_URL,
        REFERRAL_JOBS="celery",
        REFERRAL_INSECURE_DEV="1",
        REFERRAL_ARGON2_PROFILE="cheapest",
    )
    run = {"env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([CLI, "db", "upgrade"], **run)  # noqa: S603 - our own console script
    subprocess.run([CLI, "demo", "load"], **run)  # noqa: S603
    token = (
        subprocess.run(  # noqa: S603
            [CLI, "tokens", "create", "intake@ng-ngo.demo"], **run
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    ports = [free_port(), free_port()]
    logs = [(tmp_path / f"{name}.log").open("w") for name in ("a", "b", "worker")]
    processes = [
        subprocess.Popen(  # noqa: S603
            [CLI, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        for port, log in zip(ports, logs, strict=False)
    ]
    try:
        for port in ports:
            wait_for_port(port)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        # Sessions: open on A, use on B, end on B, refused on A.
        browser = _sign_in(a, "caseworker@nl-shelter.demo")
        cookies = dict(browser.cookies)
        on_b = requests.get(f"{b}/profile", cookies=cookies, allow_redirects=False, timeout=TIMEOUT)
        assert on_b.status_code == 200
        token_b = CSRF.search(on_b.text).group(1)
        requests.post(f"{b}/logout", data={"csrf_token": token_b}, cookies=cookies, timeout=TIMEOUT)
        back_on_a = requests.get(
            f"{a}/profile", cookies=cookies, allow_redirects=False, timeout=TIMEOUT
        )
        assert back_on_a.status_code == 302
        # Idempotency: the same key on B replays A's answer; one case exists.
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "one-key"}
        listing = requests.get(
            f"{a}/api/v1/referrals?box=received", headers=headers, timeout=TIMEOUT
        )
        referral = next(
            r for r in listing.json()["items"] if r["status"] not in ("declined", "withdrawn")
        )
        url = f"/api/v1/referrals/{referral['id']}/dossiers"
        first = requests.post(a + url, json={}, headers=headers, timeout=TIMEOUT)
        again = requests.post(b + url, json={}, headers=headers, timeout=TIMEOUT)
        assert first.status_code == 202, first.text[:300]
        assert (again.status_code, again.json()["id"]) == (202, first.json()["id"])
        # Jobs: A queued the render; one shared worker does it; B sees it ready.
        processes.append(
            subprocess.Popen(  # noqa: S603
                [CLI, "worker", "--pool", "solo", "--concurrency", "1"],
                env=env,
                stdout=logs[2],
                stderr=subprocess.STDOUT,
            )
        )
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and status not in ("ready", "failed"):
            time.sleep(1)
            status = requests.get(
                f"{b}/api/v1/dossiers/{first.json()['id']}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=TIMEOUT,
            ).json()["status"]
        assert status == "ready"
        # Rate limits: 30 sign-in attempts a minute per address, counted across both.
        answers = []
        for attempt in range(32):
            base = (a, b)[attempt % 2]
            form = requests.Session()
            csrf = CSRF.search(form.get(f"{base}/login", timeout=TIMEOUT).text).group(1)
            answers.append(
                form.post(
                    f"{base}/login",
                    data={"csrf_token": csrf, "email": f"x{attempt}@example.org", "password": "no"},
                    timeout=TIMEOUT,
                ).status_code
            )
        assert 429 in answers, answers  # neither instance alone saw more than 16
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        for log in logs:
            log.close()
        _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
