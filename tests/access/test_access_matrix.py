"""Every route, method, role and relation against the declared policy in matrix.py."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask

from referral.core.policy import view_policy
from referral.identity.models import Organisation, User
from tests.access.matrix import MATRIX, RELATIONS, ROLES, Route
from tests.identity.fixtures import WebClient, make_org, make_token, make_user, sign_in

CANARY = "canary-target-5z9q"


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


def _orgs() -> dict[str, Organisation]:
    own = make_org("NL", name="Own org")
    return {
        "own": own,
        "partner": make_org("BE", name=f"Partner {CANARY}"),
        "unrelated": make_org("NL", name=f"Unrelated {CANARY}"),
        "other_country": make_org("NG", name=f"Far away {CANARY}"),
    }


def _target(
    kind: str | None, relation: str, caller: User | None, orgs: dict[str, Organisation]
) -> dict[str, Any]:
    if kind is None:
        return {}
    org = orgs[relation]
    if kind == "org":
        return {"org": org.uuid}
    if kind == "user":
        target = make_user(
            org, ("caseworker",), email=f"{CANARY}-{uuid.uuid4().hex[:8]}@example.org"
        )
        return {"user": target.uuid}
    if kind == "token":
        owner = caller if relation == "own" and caller is not None else make_user(org)
        from referral.extensions import db
        from referral.identity.models import ApiToken

        make_token(owner)
        token = (
            db.session.query(ApiToken)
            .filter_by(user_id=owner.id)
            .order_by(ApiToken.id.desc())
            .first()
        )
        return {"token": token.uuid}
    raise AssertionError(kind)


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


@pytest.mark.parametrize("route", MATRIX, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(route: Route, app: Flask, clock) -> None:
    orgs = _orgs()
    mismatches = []
    for role in ROLES:
        for relation in RELATIONS:
            caller = None if role == "anonymous" else make_user(orgs["own"], (role,))
            ids = _target(route.target, relation, caller, orgs)
            path = route.path.format(**ids)
            if route.endpoint.startswith("identity_api") or path.startswith("/api/"):
                client = app.test_client()
                headers = {"Authorization": f"Bearer {make_token(caller)}"} if caller else {}
                response = client.open(
                    path, method=route.method, headers=headers, json=route.data or {}
                )
            else:
                browser = WebClient(app.test_client())
                if caller is not None:
                    sign_in(browser, caller, clock)
                response = browser.request(route.method, path, data=dict(route.data))
            response.close()
            got = _classify(route, response, caller is None)
            want = route.expect(role, relation)
            if got != want:
                mismatches.append(
                    f"{role}/{relation}: expected {want}, got {got} ({response.status_code})"
                )
            if want in {"hidden", "forbidden", "login"}:
                assert CANARY not in response.get_data(as_text=True), (
                    f"{role}/{relation} leaked the target"
                )
    assert mismatches == []
