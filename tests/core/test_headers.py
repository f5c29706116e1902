"""Security headers on pages, API answers and errors; no version banners or stack traces."""

from __future__ import annotations

import pytest


def _assert_secure(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in response.headers
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/login", "/api/v1/me", "/nope", "/api/v1/nope", "/static/css/app.css"]
)
def test_headers_everywhere(app, path) -> None:
    response = app.test_client().get(path)
    _assert_secure(response)
    response.close()


def test_authenticated_pages_are_not_cached(web_for) -> None:
    browser = web_for("caseworker")
    response = browser.get("/profile")
    assert response.headers["Cache-Control"] == "no-store"
    _assert_secure(response)


def test_hsts_on_https(app) -> None:
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_nonces_differ_per_response(app) -> None:
    client = app.test_client()
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_html_errors_are_translated_pages(app) -> None:
    response = app.test_client().get("/nope", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<html lang="fr"' in response.get_data(as_text=True)


def test_api_errors_are_problem_json(app) -> None:
    response = app.test_client().get("/api/v1/nope")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == 404
    assert body["type"] == "/api/v1/problems/not-found"
    assert body["instance"].startswith("urn:request:")


def test_method_not_allowed(app) -> None:
    response = app.test_client().delete("/login")
    assert response.status_code == 405
    _assert_secure(response)


def test_unexpected_error_is_a_plain_500(app, monkeypatch) -> None:
    from referral.identity import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(views, "render_template", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = app.test_client().get("/login")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert "RuntimeError" not in body
    _assert_secure(response)


def test_cross_site_form_post_is_refused(app) -> None:
    response = app.test_client().post("/login", headers={"Origin": "https://evil.example"})
    assert response.status_code == 400
