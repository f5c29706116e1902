"""Factories for organisations and users, and clients signed in as them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from referral.core.time import now_utc
from referral.extensions import db
from referral.identity import operations
from referral.identity.credentials import current_totp, hash_secret, new_totp_secret
from referral.identity.enums import CreatedVia, OrgType, TokenScope
from referral.identity.models import Organisation, User

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_org(country: str = "NL", name: str | None = None, **kwargs: Any) -> Organisation:
    """A committed organisation."""
    org = Organisation(
        name=name or f"Test organisation {next(_counter)}",
        org_type=kwargs.pop("org_type", OrgType.ngo),
        country=country,
        time_zone=kwargs.pop("time_zone", "Europe/Amsterdam"),
        working_languages=kwargs.pop("working_languages", ["en"]),
        **kwargs,
    )
    db.session.add(org)
    db.session.commit()
    return org


def make_user(
    org: Organisation,
    roles: tuple[str, ...] = ("caseworker",),
    *,
    enrolled: bool = True,
    email: str | None = None,
    locale: str = "en",
    **kwargs: Any,
) -> User:
    """A committed user with a known password and, when enrolled, a TOTP secret."""
    user = User(
        organisation_id=org.id,
        email=email or f"user{next(_counter)}@example.org",
        display_name=kwargs.pop("display_name", "Test User"),
        password_hash=hash_secret(PASSWORD),
        roles=list(roles),
        locale=locale,
        time_zone=kwargs.pop("time_zone", "Europe/Amsterdam"),
        **kwargs,
    )
    db.session.add(user)
    db.session.flush()
    if enrolled:
        user.totp_secret = new_totp_secret()
        user.mfa_enrolled_at = now_utc()
    db.session.commit()
    return user


class WebClient:
    """A browser-like test client that adds the CSRF token to every form post."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def csrf_token(self) -> str:
        page = self.client.get("/login", follow_redirects=True).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf_token())
        return self.client.post(url, data=payload, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if method in {"POST", "PUT", "PATCH", "DELETE"} and not url.startswith("/api/"):
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return self.client.open(url, method=method, **kwargs)


def sign_in(web: WebClient, user: User, clock: Any) -> Any:
    """Password, then a fresh TOTP code (the clock moves on so codes are never replayed)."""
    response = web.post("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    clock.advance(seconds=30)
    code = current_totp(user.totp_secret, now_utc())
    response = web.post("/login/verify", {"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def web(app: Flask) -> WebClient:
    """An anonymous browser."""
    return WebClient(app.test_client(use_cookies=True))


@pytest.fixture
def org_nl() -> Organisation:
    return make_org("NL", name="Dutch shelter")


@pytest.fixture
def web_for(app: Flask, clock: Any) -> Callable[..., WebClient]:
    """A browser signed in as a new user with `roles` in `org`."""

    def factory(
        *roles: str, org: Organisation | None = None, user: User | None = None
    ) -> WebClient:
        person = user or make_user(org or make_org(), roles or ("caseworker",))
        browser = WebClient(app.test_client(use_cookies=True))
        sign_in(browser, person, clock)
        browser.user = person  # type: ignore[attr-defined]
        return browser

    return factory


class ApiClient:
    """A test client that sends a bearer token."""

    def __init__(self, client: FlaskClient, token: str, user: User) -> None:
        self.client, self.token, self.user = client, token, user

    def open(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.open("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.open("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.open("DELETE", url, **kwargs)


def make_token(user: User, scopes: list[str] | None = None, days: int = 30) -> str:
    """A raw API token for `user`."""
    chosen = scopes if scopes is not None else [scope.value for scope in TokenScope]
    _, raw = operations.create_token(
        user, {"name": "test", "scopes": chosen, "expires_in_days": days}, CreatedVia.cli
    )
    return raw


@pytest.fixture
def api_for(app: Flask) -> Callable[..., ApiClient]:
    """An API client with a token for a new (or given) user."""

    def factory(
        *roles: str,
        org: Organisation | None = None,
        user: User | None = None,
        scopes: list[str] | None = None,
    ) -> ApiClient:
        person = user or make_user(org or make_org(), roles or ("caseworker",))
        return ApiClient(app.test_client(), make_token(person, scopes), person)

    return factory
