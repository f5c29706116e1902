"""The declared access policy, written independently of the code's predicates.

Every route and method appears here once. Each entry says how to reach the route for a
target object in a given relation to the caller, and what each role should get:

- ``allowed``: anything but 401/403/404 and the sign-in redirect (validation errors count);
- ``login``: a redirect to sign in (HTML) or 401 (API);
- ``forbidden``: 403 (the caller may see the thing but not do this);
- ``hidden``: 404, exactly as if the object did not exist.

Later features add rows here; the harness fails on any route without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "caseworker",
    "coordinator",
    "receiving_officer",
    "lawyer",
    "mediator_interpreter",
    "org_admin",
    "platform_admin",
    "auditor",
)
#: own organisation; a partner abroad; another organisation at home; an unrelated one abroad.
RELATIONS = ("own", "partner", "unrelated", "other_country")

Expect = Callable[[str, str], str]


def public(role: str, relation: str) -> str:
    return "allowed"


def signed_in(role: str, relation: str) -> str:
    return "login" if role == "anonymous" else "allowed"


def role_only(*roles: str) -> Expect:
    def expect(role: str, relation: str) -> str:
        if role == "anonymous":
            return "login"
        return "allowed" if role in roles else "forbidden"

    return expect


def own_object_for(*roles: str) -> Expect:
    """Objects of the caller's own organisation, for these roles; 404 for everyone else."""

    def expect(role: str, relation: str) -> str:
        if role == "anonymous":
            return "login"
        return "allowed" if role in roles and relation == "own" else "hidden"

    return expect


def own_token(role: str, relation: str) -> str:
    if role == "anonymous":
        return "login"
    return "allowed" if relation == "own" else "hidden"


@dataclass(frozen=True)
class Route:
    """How to call one endpoint and method, and what each role may expect."""

    endpoint: str
    method: str
    path: str  # may contain {user}, {org}, {token}: the target's UUID
    expect: Expect
    data: dict[str, Any] = field(default_factory=dict)
    #: which kind of target object the path names
    target: str | None = None


MATRIX: list[Route] = [
    # sign-in and public pages
    Route("auth.login", "GET", "/login", public),
    Route("auth.login", "POST", "/login", public),
    Route("auth.verify", "GET", "/login/verify", public),
    Route("auth.verify", "POST", "/login/verify", public),
    Route("auth.recovery", "GET", "/login/recovery", public),
    Route("auth.recovery", "POST", "/login/recovery", public),
    Route("auth.enrol", "GET", "/login/enrol", public),
    Route("auth.enrol", "POST", "/login/enrol", public),
    Route("auth.choose_language", "POST", "/language", public, {"locale": "fr"}),
    Route("static", "GET", "/static/css/app.css", public),
    Route("api-docs.openapi_json", "GET", "/api/v1/openapi.json", public),
    # signed in, anyone
    Route("auth.home", "GET", "/", signed_in),
    Route("auth.logout", "POST", "/logout", signed_in),
    Route("profile.overview", "GET", "/profile", signed_in),
    Route("profile.preferences", "POST", "/profile/preferences", signed_in),
    Route("profile.password", "GET", "/profile/password", signed_in),
    Route("profile.password", "POST", "/profile/password", signed_in),
    Route("profile.recovery_codes", "POST", "/profile/recovery-codes", signed_in),
    Route("profile.reset_mfa", "POST", "/profile/mfa/reset", signed_in),
    Route("profile.tokens", "GET", "/profile/tokens", signed_in),
    Route("profile.create_token", "POST", "/profile/tokens", signed_in),
    Route(
        "profile.revoke_token", "POST", "/profile/tokens/{token}/revoke", own_token, target="token"
    ),
    # organisation administrators: their own organisation's users
    Route("admin.users", "GET", "/admin/users", role_only("org_admin")),
    Route("admin.new_user", "GET", "/admin/users/new", role_only("org_admin")),
    Route("admin.new_user", "POST", "/admin/users/new", role_only("org_admin")),
    Route(
        "admin.edit_user", "GET", "/admin/users/{user}", own_object_for("org_admin"), target="user"
    ),
    Route(
        "admin.edit_user", "POST", "/admin/users/{user}", own_object_for("org_admin"), target="user"
    ),
    Route(
        "admin.reset_user_mfa",
        "POST",
        "/admin/users/{user}/reset-mfa",
        own_object_for("org_admin"),
        target="user",
    ),
    # platform administrators: organisations
    Route("admin.organisations", "GET", "/admin/organisations", role_only("platform_admin")),
    Route("admin.new_organisation", "GET", "/admin/organisations/new", role_only("platform_admin")),
    Route(
        "admin.new_organisation", "POST", "/admin/organisations/new", role_only("platform_admin")
    ),
    # Organisations are public directory data: others may know they exist, so 403, not 404.
    Route(
        "admin.edit_organisation",
        "GET",
        "/admin/organisations/{org}",
        role_only("platform_admin"),
        target="org",
    ),
    Route(
        "admin.edit_organisation",
        "POST",
        "/admin/organisations/{org}",
        role_only("platform_admin"),
        target="org",
    ),
    Route(
        "admin.add_org_admin",
        "POST",
        "/admin/organisations/{org}/administrators",
        role_only("platform_admin"),
        target="org",
    ),
    # API
    Route("identity_api.Me", "GET", "/api/v1/me", signed_in),
    Route("identity_api.Tokens", "GET", "/api/v1/tokens", signed_in),
    Route("identity_api.Tokens", "POST", "/api/v1/tokens", signed_in),
    Route("identity_api.TokenById", "GET", "/api/v1/tokens/{token}", own_token, target="token"),
    Route("identity_api.TokenById", "DELETE", "/api/v1/tokens/{token}", own_token, target="token"),
]
