"""Headers harness (issue 7, item 6): every route and method, anonymous and signed in, plus
forced 400, 403, 404, 405, 413 and 500 answers, all carry the security headers and no trace."""

from __future__ import annotations

import re
import uuid
from collections import Counter

from referral.identity.models import User
from tests.identity.fixtures import make_token

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
CSP_PARTS = (
    "default-src 'none'",
    "script-src 'self' 'nonce-",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
)
TRACE = re.compile(r"Traceback|File \"/|sqlalchemy\.exc|werkzeug\.exceptions|\bat 0x[0-9a-f]+")


def _problems(response, signed_in: bool) -> list[str]:
    found = []
    csp = response.headers.get("Content-Security-Policy", "")
    found += [f"CSP lacks {part}" for part in CSP_PARTS if part not in csp]
    found += [
        f"{name} is {response.headers.get(name)!r}"
        for name, value in REQUIRED.items()
        if response.headers.get(name) != value
    ]
    if "Server" in response.headers:
        found.append("Server header")
    if signed_in and response.headers.get("Cache-Control") != "no-store":
        found.append("cacheable while signed in")
    for cookie in response.headers.getlist("Set-Cookie"):
        lowered = cookie.lower()
        if not {"httponly", "samesite=lax", "path=/", "secure"} <= {
            part.strip() for part in lowered.split(";")
        }:
            found.append(f"cookie flags: {cookie.split(';')[0].split('=')[0]}")
    if TRACE.search(response.get_data(as_text=True)):
        found.append("stack trace in the body")
    return found


def _path(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        values[name] = (
            str(uuid.uuid4()) if kind == "UUIDConverter" else 1 if "Integer" in kind else "x"
        )
    return rule.build(values, append_unknown=False)[1]


def _routes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, _path(rule)))
    return found


def test_every_route_and_forced_error_carries_the_headers(app, web_for) -> None:
    routes = _routes(app)
    browser = web_for("caseworker")
    user: User = browser.user
    token = make_token(user)
    failures, statuses, scanned = [], Counter(), 0

    def check(response, who: str, method: str, path: str, signed_in: bool) -> None:
        nonlocal scanned
        scanned += 1
        statuses[response.status_code] += 1
        for problem in _problems(response, signed_in):
            failures.append(f"{who} {method} {path} ({response.status_code}): {problem}")
        response.close()

    for method, path in routes:
        anonymous = app.test_client()
        check(anonymous.open(path, method=method), "anonymous", method, path, False)
        if path.startswith("/api/"):
            response = app.test_client().open(
                path,
                method=method,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
                json={},
            )
        else:
            response = browser.request(method, path, data={})
        check(response, "signed in", method, path, True)
    # Forced answers the walk may not produce on its own.
    client = app.test_client()
    check(
        client.post("/api/v1/tokens", data="{", content_type="application/json"),
        "bad json",
        "POST",
        "/api/v1/tokens",
        False,
    )
    narrow = make_token(user, scopes=["me:read"])
    check(
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {narrow}"}),
        "narrow token",
        "GET",
        "/api/v1/cases",
        True,
    )
    check(client.delete("/login"), "anonymous", "DELETE", "/login", False)
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    check(
        client.post("/login", data=big, content_type="text/plain"),
        "anonymous",
        "POST",
        "/login",
        False,
    )
    assert failures == []
    assert {200, 302, 400, 401, 403, 404, 405, 413, 422} <= set(statuses), statuses
    assert scanned > 2 * len(routes)


def test_a_server_error_carries_the_headers_and_no_trace(app, monkeypatch) -> None:
    from referral.identity import api, views
    from tests.identity.fixtures import make_org, make_user

    def explode(*args, **kwargs):
        raise RuntimeError("internal detail at 0xdeadbeef")

    monkeypatch.setattr(views, "render_template", explode)
    monkeypatch.setattr(api, "require", explode)
    token = make_token(make_user(make_org()))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        html = app.test_client().get("/login")
        json = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    for response in (html, json):
        assert response.status_code == 500
        assert _problems(response, False) == []
        assert "internal detail" not in response.get_data(as_text=True)
