"""Every route, method, role and relation against the declared policy in matrix.py."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from referral.core.policy import view_policy
from referral.extensions import db
from referral.identity.models import ApiToken, User
from tests.access.matrix import MATRIX, RELATIONS, ROLES, Route, expected
from tests.access.world import CANARY, World, build_world
from tests.identity.fixtures import WebClient, make_token, make_user, sign_in

WORLD_KINDS = (
    "case",
    "consent",
    "referral",
    "service",
    "scope_item",
    "org",
    "dossier",
    "translation_task",
    "measure",
    "testimony",
    "session",
    "member",
    "claim",
    "entry",
    "deadline",
    "document",
    "scheme",
)


def _app_routes(app: Flask) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return found


def test_inv_36_every_route_declares_a_policy(app: Flask) -> None:
    missing = sorted(
        f"{method} {endpoint}"
        for endpoint, method in _app_routes(app)
        if view_policy(app, endpoint, method) is None
    )
    assert missing == []


def test_matrix_covers_every_route_and_method(app: Flask) -> None:
    declared = {(route.endpoint, route.method) for route in MATRIX}
    assert _app_routes(app) - declared == set(), "routes missing from the access matrix"
    assert declared - _app_routes(app) == set(), "matrix rows for routes that do not exist"


def _ids(route: Route, relation: str, caller: User | None, world: World) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    if route.target in WORLD_KINDS:
        for kind in WORLD_KINDS:
            ids[kind] = world.target(kind, relation).uuid
    elif route.target == "user":
        org = world.orgs[relation]
        ids["user"] = make_user(
            org, ("caseworker",), email=f"{CANARY}-{uuid.uuid4().hex[:8]}@x.org"
        ).uuid
    elif route.target == "token":
        owner = (
            caller if relation == "own" and caller is not None else make_user(world.orgs[relation])
        )
        make_token(owner)
        token = db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == owner.id).order_by(ApiToken.id.desc())
        ).first()
        ids["token"] = token.uuid
    return ids


def _classify(route: Route, response: Any, anonymous: bool) -> str:
    status = response.status_code
    assert status < 500, f"{route.method} {route.endpoint}: server error"
    if status == 401:
        return "login"
    sent_to_sign_in = status in (301, 302, 303) and "/login" in (response.location or "")
    if anonymous and sent_to_sign_in and route.expect.__name__ != "public":
        return "login"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "hidden"
    return "allowed"


#: Routes that may end or replace the caller's session: each call gets a fresh sign-in.
SESSION_CHANGING = {
    "auth.login",
    "auth.verify",
    "auth.enrol",
    "auth.recovery",
    "auth.logout",
    "profile.password",
    "profile.reset_mfa",
}


def _call(app: Flask, route: Route, path: str, caller: User | None, browser: Any) -> Any:
    if path.startswith("/api/"):
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        if caller is not None:
            headers["Authorization"] = f"Bearer {make_token(caller)}"
        return app.test_client().open(path, method=route.method, headers=headers, json=route.json)
    return browser.request(route.method, path, data=dict(route.data))


def _browser(app: Flask, caller: User | None, clock: Any) -> WebClient:
    browser = WebClient(app.test_client())
    if caller is not None:
        sign_in(browser, caller, clock)
    return browser


@pytest.mark.parametrize("route", MATRIX, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(route: Route, app: Flask, clock) -> None:
    world = build_world()
    mismatches = []
    for role in ROLES:
        caller = None if role == "anonymous" else make_user(world.orgs["own"], (role,))
        if caller is not None:
            world.join_team(caller)
        browser = None  # one signed-in browser per role, as a person working through a list
        for relation in RELATIONS:
            path = route.path.format(**_ids(route, relation, caller, world))
            if not path.startswith("/api/") and (
                browser is None or route.endpoint in SESSION_CHANGING
            ):
                browser = _browser(app, caller, clock)
            response = _call(app, route, path, caller, browser)
            response.close()
            got = _classify(route, response, caller is None)
            want = expected(route, role, relation)
            if got != want:
                mismatches.append(
                    f"{role}/{relation}: expected {want}, got {got} ({response.status_code})"
                )
            if want in {"hidden", "forbidden", "login"}:
                body = response.get_data(as_text=True)
                assert CANARY not in body, f"{role}/{relation} leaked the target"
    assert mismatches == []
