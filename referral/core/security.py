"""Request ids, security headers, CSP nonces and cache rules on every response."""

from __future__ import annotations

import secrets
import uuid

from flask import Flask, Response, g, request

from referral.config import is_production


def csp_nonce() -> str:
    """The nonce for inline-free scripts served from our origin in this response."""
    if not hasattr(g, "csp_nonce"):
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def start_request() -> None:
    """Give the request an id used in logs and problem documents."""
    g.request_id = str(uuid.uuid4())


def check_origin() -> None:
    """Refuse cross-site form posts: a present Origin header must be this site."""
    if request.method in {"GET", "HEAD", "OPTIONS"} or request.path.startswith("/api/"):
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.rstrip("/") != request.host_url.rstrip("/"):
        from werkzeug.exceptions import BadRequest

        raise BadRequest(description="Cross-site request refused.")


#: Files that are the same for everyone and hold nothing personal (stylesheet, script, fonts):
#: they keep their own caching, signed in or not. Every other answer is `no-store`.
PUBLIC_ASSETS = frozenset({"static", "fonts.font"})


def add_security_headers(response: Response) -> Response:
    """Headers for every response, including errors."""
    headers = response.headers
    headers["Content-Security-Policy"] = _content_security_policy()
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure or _production():
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if not (request.endpoint in PUBLIC_ASSETS and response.status_code in (200, 304)):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    headers["X-Request-Id"] = getattr(g, "request_id", "")
    headers.pop("Server", None)
    return response


def _production() -> bool:
    from flask import current_app

    return is_production(current_app)


def init_security(app: Flask) -> None:
    """Register the request hooks."""
    app.before_request(start_request)
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
