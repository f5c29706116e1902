"""The JSON API: /me and tokens, problem+json errors, scopes and 404 for other people's tokens."""

from __future__ import annotations

import sqlalchemy as sa

from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import ApiToken
from tests.identity.fixtures import make_org, make_token, make_user


def test_me_returns_the_token_owner(api_for) -> None:
    api = api_for("caseworker", org=make_org("BE"))
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    body = response.json
    assert body["email"] == api.user.email
    assert body["organisation"]["country"] == "BE"
    assert body["roles"] == ["caseworker"]
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_or_bad_token_is_401_problem(app) -> None:
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer rfl_nope"}, {"Authorization": "Basic eDp5"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.json["type"].endswith("/unauthenticated")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_ignores_session_cookies(web_for, app) -> None:
    browser = web_for("caseworker")
    cookie = browser.client.get_cookie("__Host-session")
    client = app.test_client()
    client.set_cookie("__Host-session", cookie.value, domain="localhost", secure=True)
    assert client.get("/api/v1/me").status_code == 401


def test_expired_and_revoked_tokens_stop_working(api_for, clock) -> None:
    api = api_for("caseworker")
    assert api.get("/api/v1/me").status_code == 200
    clock.advance(days=31)
    assert api.get("/api/v1/me").status_code == 401
    other = api_for("caseworker")
    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == other.user.id)).one()
    assert other.delete(f"/api/v1/tokens/{token.uuid}").status_code == 200
    assert other.get("/api/v1/me").status_code == 401


def test_create_token_via_api_returns_secret_once(api_for) -> None:
    api = api_for("caseworker")
    response = api.post("/api/v1/tokens", json={"name": "sync job", "scopes": ["me:read"]})
    assert response.status_code == 201
    secret = response.json["token"]
    assert secret.startswith("rfl_")
    listed = api.get("/api/v1/tokens").json["items"]
    assert len(listed) == 2
    assert all("token" not in item for item in listed)
    assert (
        api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )


def test_token_cannot_grant_more_than_its_own_scopes(api_for) -> None:
    api = api_for("caseworker", scopes=["tokens:write", "tokens:read"])
    response = api.post("/api/v1/tokens", json={"name": "x", "scopes": ["me:read"]})
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "#/scopes"


def test_scope_is_enforced(api_for) -> None:
    api = api_for("caseworker", scopes=["tokens:read"])
    assert api.get("/api/v1/me").status_code == 403
    assert api.get("/api/v1/tokens").status_code == 200


def test_invalid_input_is_422_with_field_pointers(api_for) -> None:
    api = api_for("caseworker")
    response = api.post(
        "/api/v1/tokens", json={"name": "", "scopes": ["root"], "expires_in_days": 400, "x": 1}
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    pointers = {error["pointer"] for error in response.json["errors"]}
    assert {"#/name", "#/scopes/0", "#/expires_in_days", "#/x"} <= pointers
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 1


def test_inv_30_other_peoples_tokens_are_404_like_missing_ones(api_for) -> None:
    api = api_for("caseworker")
    other_user = make_user(api.user.organisation)
    make_token(other_user)
    theirs = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == other_user.id)).one()
    missing = api.get("/api/v1/tokens/00000000-0000-4000-8000-000000000000")
    hidden = api.get(f"/api/v1/tokens/{theirs.uuid}")
    assert missing.status_code == hidden.status_code == 404

    def strip(body: dict) -> dict:
        return {k: v for k, v in body.items() if k != "instance"}

    assert strip(missing.json) == strip(hidden.json)
    assert api.delete(f"/api/v1/tokens/{theirs.uuid}").status_code == 404
    db.session.refresh(theirs)
    assert theirs.revoked_at is None


def test_openapi_document_is_served_locally(app) -> None:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/me" in spec["paths"]
    assert "/api/v1/tokens" in spec["paths"]


def test_cli_creates_a_token_printed_alone_on_the_last_line(app) -> None:
    user = make_user(make_org())
    result = app.test_cli_runner().invoke(
        args=["tokens", "create", user.email, "--scope", "me:read"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("rfl_")
    assert " " not in token
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_token_last_used_is_recorded(api_for) -> None:
    api = api_for("caseworker")
    api.get("/api/v1/me")
    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == api.user.id)).one()
    assert token.last_used_at == now_utc()
