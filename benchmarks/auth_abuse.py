# ruff: noqa: S113 - loopback requests to our own server
"""Sign-in abuse harness (issue 7, item 5) against gunicorn with two workers.

    .venv/bin/python benchmarks/auth_abuse.py [--db sqlite|postgresql] [--users 100]

1. A session cookie replayed after logout is refused (N users, one replay each).
2. After 10 failed passwords for one account within 15 minutes the answer is 429 with
   Retry-After, even with a new X-Forwarded-For on every request and the requests spread over
   both workers; the right password is refused too until the window passes.
3. A TOTP code that was used once is refused when replayed within its own 30-second step.
4. A known address with a wrong password and an unknown address get the same answer.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PG_ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|[0-9a-f]{8}-[0-9a-f-]{27}')


def _setup(url: str, users: int, env: dict[str, str]) -> list[tuple[str, str]]:
    os.environ.update(env)
    from flask_migrate import upgrade

    from referral import create_app
    from tests.identity.fixtures import make_org, make_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ARGON2_PROFILE": "cheapest"})
    with app.app_context():
        upgrade()
        org = make_org("NL")
        people = [make_user(org, ("caseworker",)) for _ in range(users + 3)]
        return [(person.email, person.totp_secret) for person in people]


def _sign_in(base: str, email: str, secret: str, code: str | None = None):
    import pyotp
    import requests

    browser = requests.Session()
    page = browser.get(f"{base}/login")
    token = CSRF.search(page.text).group(1)
    from tests.identity.fixtures import PASSWORD

    step = browser.post(
        f"{base}/login",
        data={"csrf_token": token, "email": email, "password": PASSWORD},
        allow_redirects=False,
    )
    if step.status_code != 302:
        return browser, step
    page = browser.get(f"{base}/login/verify")
    token = CSRF.search(page.text).group(1)
    done = browser.post(
        f"{base}/login/verify",
        data={"csrf_token": token, "code": code or pyotp.TOTP(secret).now()},
        allow_redirects=False,
    )
    return browser, done


def _sign_out(base: str, browser) -> None:
    token = CSRF.search(browser.get(f"{base}/profile").text).group(1)
    browser.post(f"{base}/logout", data={"csrf_token": token}, allow_redirects=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()
    import pyotp
    import requests

    from benchmarks.harness import free_port, fresh_database, gunicorn, harness_env

    workdir = tempfile.mkdtemp(prefix="referral-auth-")
    url = (
        f"sqlite:///{workdir}/auth.sqlite3"
        if args.db == "sqlite"
        else fresh_database("referral_auth")
    )
    env = harness_env(workdir, url, REFERRAL_INSECURE_DEV="1")  # plain http on loopback
    people = _setup(url, args.users, env)
    port = free_port()
    server = gunicorn(port, {**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        failures = []
        # 1. replay after logout
        accepted = 0
        for email, secret in people[: args.users]:
            browser, done = _sign_in(base, email, secret)
            if done.status_code != 302:
                failures.append(f"sign-in of {email} failed: {done.status_code}")
                continue
            cookie = dict(browser.cookies)
            if browser.get(f"{base}/profile", allow_redirects=False).status_code != 200:
                failures.append(f"{email} was not signed in")
            _sign_out(base, browser)
            replay = requests.get(f"{base}/profile", cookies=cookie, allow_redirects=False)
            accepted += replay.status_code == 200
        print(f"cookie replayed after logout: accepted {accepted} of {args.users}")
        # 2. per-account throttle with a rotating X-Forwarded-For
        email, secret = people[-1]
        codes = []
        for attempt in range(11):
            browser = requests.Session()
            token = CSRF.search(browser.get(f"{base}/login").text).group(1)
            response = browser.post(
                f"{base}/login",
                data={"csrf_token": token, "email": email, "password": f"wrong {attempt}"},
                headers={"X-Forwarded-For": f"203.0.113.{attempt + 1}"},
                allow_redirects=False,
            )
            codes.append(response.status_code)
        _, right = _sign_in(base, email, secret)
        print(
            f"failed passwords: answers {codes}; then the right password: {right.status_code}"
            f" (Retry-After {right.headers.get('Retry-After')})"
        )
        if codes[:10] != [422] * 10 or codes[10] != 429 or right.status_code != 429:
            failures.append("per-account throttle")
        # 3. TOTP replay
        email, secret = people[-2]
        code = pyotp.TOTP(secret).now()
        browser, first = _sign_in(base, email, secret, code)
        _sign_out(base, browser)
        _, second = _sign_in(base, email, secret, code)
        print(f"TOTP code used twice: first {first.status_code}, replay {second.status_code}")
        if first.status_code != 302 or second.status_code != 422:
            failures.append("TOTP replay")
        # 4. known and unknown addresses
        known_email = people[-3][0]
        answers, timings = {}, {}
        for label, address in (("known", known_email), ("unknown", "nobody@example.org")):
            samples = []
            for _ in range(21):
                browser = requests.Session()
                token = CSRF.search(browser.get(f"{base}/login").text).group(1)
                started = time.perf_counter()
                response = browser.post(
                    f"{base}/login",
                    data={"csrf_token": token, "email": address, "password": "not it at all"},
                    allow_redirects=False,
                )
                samples.append(time.perf_counter() - started)
            body = VOLATILE.sub("", response.text.replace(address, ""))
            answers[label] = (response.status_code, body)
            timings[label] = statistics.median(samples) * 1000
        same = answers["known"] == answers["unknown"]
        print(
            f"known vs unknown address: same answer {same}; median "
            f"{timings['known']:.1f} ms vs {timings['unknown']:.1f} ms"
        )
        if not same or accepted:
            failures.append("known/unknown or replay")
        print("FAILURES: " + "; ".join(failures) if failures else "all checks passed")
        sys.exit(1 if failures else 0)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
