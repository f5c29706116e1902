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
#: own organisation; a partner abroad; another organisation at home; an unrelated one abroad;
#: and a partner abroad whose referral to us the person's consent no longer covers.
RELATIONS = ("own", "partner", "unrelated", "other_country", "partner_withdrawn")

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


def team(role: str, relation: str) -> str:
    """The case team of the owner organisation only."""
    if role == "anonymous":
        return "login"
    return "allowed" if relation == "own" and role in ("caseworker", "coordinator") else "hidden"


def team_coordinator(role: str, relation: str) -> str:
    """The owner's coordinators; the rest of the team may see but not do it."""
    seen = team(role, relation)
    if seen == "allowed" and role != "coordinator":
        return "forbidden"
    return seen


def team_or_recipient(role: str, relation: str) -> str:
    """The owner's case team, and the receiving side of a referral the partner sent us."""
    if role == "anonymous":
        return "login"
    if relation == "own" and role in ("caseworker", "coordinator"):
        return "allowed"
    if relation == "partner" and role in ("receiving_officer", "coordinator"):
        return "allowed"
    return "hidden"


def recipient_action(role: str, relation: str) -> str:
    """A receiving-side action: senders see the referral but may not do it."""
    seen = team_or_recipient(role, relation)
    if seen == "allowed" and relation == "own":
        return "forbidden"
    return seen


def team_action(role: str, relation: str) -> str:
    """The owner's case team only; partners who see the record are refused."""
    seen = team_or_recipient(role, relation)
    if seen == "allowed" and relation == "partner":
        return "forbidden"
    return seen


def visible_not_allowed(role: str, relation: str) -> str:
    """Changing a draft: nothing in the world is a draft, so whoever sees it is refused."""
    seen = team_or_recipient(role, relation)
    return "forbidden" if seen == "allowed" else seen


def team_refused(role: str, relation: str) -> str:
    """Only for the sending team in a state the world's referrals are not in: 404 for everyone."""
    return "login" if role == "anonymous" else "hidden"


def task_people(role: str, relation: str) -> str:
    """A translation task: the asking case team and, while it is open, its translator."""
    if role == "anonymous":
        return "login"
    if relation == "own" and role in ("caseworker", "coordinator", "mediator_interpreter"):
        return "allowed"
    return "hidden"


def translator_action(role: str, relation: str) -> str:
    """Only the assigned translator; the asking team sees the task but may not do this."""
    seen = task_people(role, relation)
    if seen == "allowed" and role != "mediator_interpreter":
        return "forbidden"
    return seen


def requester_action(role: str, relation: str) -> str:
    """Only the asking side; the translator sees the task but may not do this."""
    seen = task_people(role, relation)
    if seen == "allowed" and role == "mediator_interpreter":
        return "forbidden"
    return seen


def claim_people(role: str, relation: str) -> str:
    """A compensation claim: the owner's case team and the lawyer assigned to it, nobody else."""
    if role == "anonymous":
        return "login"
    if relation == "own" and role in ("caseworker", "coordinator", "lawyer"):
        return "allowed"
    return "hidden"


def claim_team_action(role: str, relation: str) -> str:
    """Only the case team; the claim's lawyer sees the claim but may not do this."""
    seen = claim_people(role, relation)
    if seen == "allowed" and role == "lawyer":
        return "forbidden"
    return seen


def service_manager(role: str, relation: str) -> str:
    """Public services; only their own organisation's admins and coordinators change them."""
    if role == "anonymous":
        return "login"
    return "allowed" if relation == "own" and role in ("org_admin", "coordinator") else "forbidden"


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
    #: JSON body for API calls
    json: dict[str, Any] = field(default_factory=dict)
    #: which kind of target object the path names
    target: str | None = None


#: After withdrawal the former recipient keeps the referral's own record, so that it knows the
#: work has ended: its status and history, the (now empty) message thread to confirm it stopped,
#: and its revoked dossiers. No case data: the grants are closed.
RECORD_KEPT = {
    "referrals.detail",
    "referrals_api.ReferralById",
    "referrals.message",
    "referrals_api.ReferralMessages",
    "referrals.transition",
    "referrals_api.ReferralTransitions",
    "dossiers.detail",
    "dossiers_api.DossierById",
}
#: ...but it may start nothing new on it.
NO_NEW_WORK = {
    "dossiers.request_dossier",
    "dossiers_api.ReferralDossiers",
    "text_translations.new_task",
    "text_translations_api.ReferralTasks",
}


def expected(route: Route, role: str, relation: str) -> str:
    """What a role should get. Once the person withdraws consent, the partner that received
    their referral is an unrelated organisation again on every route, except the referral's own
    record (RECORD_KEPT) and starting new work on it (NO_NEW_WORK, refused)."""
    if relation != "partner_withdrawn":
        return route.expect(role, relation)
    if route.endpoint in RECORD_KEPT:
        return route.expect(role, "partner")
    if route.endpoint in NO_NEW_WORK:
        as_partner = route.expect(role, "partner")
        return "forbidden" if as_partner == "allowed" else as_partner
    return route.expect(role, "unrelated")


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
    Route("fonts.font", "GET", "/fonts/NotoSans-Regular.ttf", public),
    Route("api-docs.openapi_json", "GET", "/api/v1/openapi.json", public),
    # the audit log: data-protection officers
    Route("audit.index", "GET", "/audit", role_only("auditor")),
    Route("audit.verify", "POST", "/audit/verify", role_only("auditor")),
    Route("audit_api.AuditEvents", "GET", "/api/v1/audit-events", role_only("auditor")),
    Route("audit_api.AuditChain", "GET", "/api/v1/audit-chain", role_only("auditor")),
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
    # directory
    Route("directory.search", "GET", "/services", signed_in),
    Route("directory.new", "GET", "/services/new", role_only("org_admin", "coordinator")),
    Route("directory.new", "POST", "/services/new", role_only("org_admin", "coordinator")),
    Route("directory.detail", "GET", "/services/{service}", signed_in, target="service"),
    Route("directory.edit", "GET", "/services/{service}/edit", service_manager, target="service"),
    Route("directory.edit", "POST", "/services/{service}/edit", service_manager, target="service"),
    Route("directory_api.Services", "GET", "/api/v1/services", signed_in),
    Route(
        "directory_api.Services", "POST", "/api/v1/services", role_only("org_admin", "coordinator")
    ),
    Route(
        "directory_api.ServiceById",
        "GET",
        "/api/v1/services/{service}",
        signed_in,
        target="service",
    ),
    Route(
        "directory_api.ServiceById",
        "PATCH",
        "/api/v1/services/{service}",
        service_manager,
        target="service",
    ),
    # cases
    Route("cases.index", "GET", "/cases", role_only("caseworker", "coordinator")),
    Route("cases.new", "GET", "/cases/new", role_only("caseworker", "coordinator")),
    Route("cases.new", "POST", "/cases/new", role_only("caseworker", "coordinator")),
    Route("cases.detail", "GET", "/cases/{case}", team_or_recipient, target="case"),
    Route("cases.reveal", "POST", "/cases/{case}/reveal", team_or_recipient, target="case"),
    *[
        Route(f"cases.{name}", method, f"/cases/{{case}}/{path}", team, target="case")
        for name, path in (
            ("profile", "profile"),
            ("identity", "identity"),
            ("status", "status"),
            ("guardian", "guardian"),
            ("family", "family"),
            ("risk", "risk"),
            ("reflection", "reflection"),
            ("reflection_end", "reflection/end"),
            ("screening", "screening"),
        )
        for method in ("GET", "POST")
    ],
    Route("cases_api.Cases", "GET", "/api/v1/cases", role_only("caseworker", "coordinator")),
    Route("cases_api.Cases", "POST", "/api/v1/cases", role_only("caseworker", "coordinator")),
    Route("cases_api.CaseById", "GET", "/api/v1/cases/{case}", team_or_recipient, target="case"),
    Route("cases_api.CaseById", "PATCH", "/api/v1/cases/{case}", team, target="case"),
    Route(
        "cases_api.CaseReveal",
        "POST",
        "/api/v1/cases/{case}/reveal",
        team_or_recipient,
        target="case",
        json={"categories": ["identity"]},
    ),
    Route(
        "cases_api.CaseFamily",
        "POST",
        "/api/v1/cases/{case}/family-members",
        team,
        target="case",
        json={"relationship_to_victim": "sister"},
    ),
    Route(
        "cases_api.CaseRisk",
        "POST",
        "/api/v1/cases/{case}/risk-assessments",
        team,
        target="case",
        json={
            "method": "interview",
            "level_victim": "low",
            "level_family": "low",
            "level_staff": "low",
            "next_review_on": "2026-12-01",
        },
    ),
    Route("cases_api.CaseConsents", "GET", "/api/v1/cases/{case}/consents", team, target="case"),
    Route(
        "cases_api.CaseConsents",
        "POST",
        "/api/v1/cases/{case}/consents",
        team,
        target="case",
        json={"language": "en", "text_language": "en"},
    ),
    Route(
        "cases_api.CaseRiskDisclosures",
        "POST",
        "/api/v1/cases/{case}/risk-disclosures",
        own_object_for("coordinator"),
        target="case",
        json={
            "recipient_org_id": "00000000-0000-4000-8000-000000000000",
            "reason": "threat_to_victim",
            "written_reason": "A credible threat was reported today by the police.",
        },
    ),
    # consent
    Route("consent.start", "POST", "/cases/{case}/consents", team, target="case"),
    Route(
        "consent.disclose",
        "GET",
        "/cases/{case}/risk-disclosure",
        own_object_for("coordinator"),
        target="case",
    ),
    Route(
        "consent.disclose",
        "POST",
        "/cases/{case}/risk-disclosure",
        own_object_for("coordinator"),
        target="case",
    ),
    Route("consent.detail", "GET", "/consents/{consent}", team, target="consent"),
    Route("consent.text", "GET", "/consents/{consent}/text", team, target="consent"),
    Route("consent.sheet", "GET", "/consents/{consent}/sheet", team, target="consent"),
    Route("consent.record", "POST", "/consents/{consent}/record", team, target="consent"),
    Route("consent.add_scope", "POST", "/consents/{consent}/scope", team, target="consent"),
    Route(
        "consent.remove_scope",
        "POST",
        "/consents/{consent}/scope/{scope_item}/remove",
        team,
        target="consent",
    ),
    Route(
        "consent.third_country", "POST", "/consents/{consent}/third-country", team, target="consent"
    ),
    Route("consent.give", "POST", "/consents/{consent}/give", team, target="consent"),
    Route("consent.refuse", "POST", "/consents/{consent}/refuse", team, target="consent"),
    Route("consent.withdraw", "GET", "/consents/{consent}/withdraw", team, target="consent"),
    Route("consent.withdraw", "POST", "/consents/{consent}/withdraw", team, target="consent"),
    Route("cases_api.ConsentById", "GET", "/api/v1/consents/{consent}", team, target="consent"),
    Route(
        "cases_api.ConsentScope",
        "POST",
        "/api/v1/consents/{consent}/scope-items",
        team,
        target="consent",
        json={"purposes": ["assistance"], "recipient_country": "BE", "categories": ["risk"]},
    ),
    Route(
        "cases_api.ConsentThirdCountry",
        "POST",
        "/api/v1/consents/{consent}/third-country-items",
        team,
        target="consent",
        json={
            "country": "NG",
            "risks_explained": "Weaker protection there.",
            "explicit_agreement": True,
        },
    ),
    Route(
        "cases_api.ConsentTransitions",
        "POST",
        "/api/v1/consents/{consent}/transitions",
        team,
        target="consent",
        json={"action": "refuse"},
    ),
    Route(
        "cases_api.ConsentWithdrawals",
        "POST",
        "/api/v1/consents/{consent}/withdrawals",
        team,
        target="consent",
        json={"channel": "phone"},
    ),
    # referrals
    Route(
        "referrals.index",
        "GET",
        "/referrals",
        role_only("caseworker", "coordinator", "receiving_officer"),
    ),
    Route("referrals.new", "GET", "/referrals/new/{case}", team, target="case"),
    Route("referrals.new", "POST", "/referrals/new/{case}", team, target="case"),
    Route("referrals.detail", "GET", "/referrals/{referral}", team_or_recipient, target="referral"),
    Route(
        "referrals.transition",
        "POST",
        "/referrals/{referral}/transitions",
        recipient_action,
        target="referral",
        data={"action": "acknowledge"},
    ),
    Route(
        "referrals.message",
        "POST",
        "/referrals/{referral}/messages",
        team_or_recipient,
        target="referral",
    ),
    Route("referrals.discard", "POST", "/referrals/{referral}/discard", team, target="referral"),
    # Nothing in the world is a draft: the sending team sees it and is refused, others get 404.
    Route("referrals.edit", "GET", "/referrals/{referral}/edit", team_refused, target="referral"),
    Route("referrals.edit", "POST", "/referrals/{referral}/edit", team_refused, target="referral"),
    Route(
        "referrals.sender_view",
        "POST",
        "/referrals/{referral}/sender-view",
        team_refused,
        target="referral",
    ),
    Route(
        "referrals_api.Referrals",
        "GET",
        "/api/v1/referrals",
        role_only("caseworker", "coordinator", "receiving_officer"),
    ),
    Route(
        "referrals_api.Referrals",
        "POST",
        "/api/v1/referrals",
        role_only("caseworker", "coordinator"),
    ),
    Route(
        "referrals_api.ReferralById",
        "GET",
        "/api/v1/referrals/{referral}",
        team_or_recipient,
        target="referral",
    ),
    Route(
        "referrals_api.ReferralById",
        "PATCH",
        "/api/v1/referrals/{referral}",
        visible_not_allowed,
        target="referral",
    ),
    Route(
        "referrals_api.ReferralTransitions",
        "POST",
        "/api/v1/referrals/{referral}/transitions",
        recipient_action,
        target="referral",
        json={"action": "acknowledge"},
    ),
    Route(
        "referrals_api.ReferralMessages",
        "GET",
        "/api/v1/referrals/{referral}/messages",
        team_or_recipient,
        target="referral",
    ),
    Route(
        "referrals_api.ReferralMessages",
        "POST",
        "/api/v1/referrals/{referral}/messages",
        team_or_recipient,
        target="referral",
        json={"body": "Hello"},
    ),
    # dossiers (the world's referrals are open and sent; each side may ask for a dossier)
    Route(
        "dossiers.request_dossier",
        "POST",
        "/referrals/{referral}/dossiers",
        team_or_recipient,
        target="referral",
    ),
    Route(
        "dossiers_api.ReferralDossiers",
        "POST",
        "/api/v1/referrals/{referral}/dossiers",
        team_or_recipient,
        target="referral",
        json={},
    ),
    Route("dossiers.detail", "GET", "/dossiers/{dossier}", team_or_recipient, target="dossier"),
    Route(
        "dossiers.download", "GET", "/dossiers/{dossier}/file", team_or_recipient, target="dossier"
    ),
    Route(
        "dossiers_api.DossierById",
        "GET",
        "/api/v1/dossiers/{dossier}",
        team_or_recipient,
        target="dossier",
    ),
    Route(
        "dossiers_api.DossierFile",
        "GET",
        "/api/v1/dossiers/{dossier}/file",
        team_or_recipient,
        target="dossier",
    ),
    # case team
    Route("cases.add_member", "POST", "/cases/{case}/team", team, target="case"),
    Route(
        "cases.remove_member",
        "POST",
        "/cases/{case}/team/{member}/remove",
        team_coordinator,
        target="member",
    ),
    Route("cases_api.CaseTeam", "GET", "/api/v1/cases/{case}/team", team, target="case"),
    Route(
        "cases_api.CaseTeam",
        "POST",
        "/api/v1/cases/{case}/team",
        team,
        target="case",
        json={"user": "00000000-0000-4000-8000-000000000000"},
    ),
    Route(
        "cases_api.CaseTeamMember",
        "DELETE",
        "/api/v1/cases/{case}/team/{member}",
        team_coordinator,
        target="member",
    ),
    # erasure: the owner's coordinators; the rest of the team sees the case, may not erase it
    # (a wrong case code: allowed callers get 422 and nothing is erased)
    Route("erasure.erase", "GET", "/cases/{case}/erase", team_coordinator, target="case"),
    Route(
        "erasure.erase",
        "POST",
        "/cases/{case}/erase",
        team_coordinator,
        {"reason": "person_request", "case_code": "NOT-THIS-ONE"},
        target="case",
    ),
    Route(
        "erasure_api.CaseErasure",
        "POST",
        "/api/v1/cases/{case}/erasure",
        team_coordinator,
        json={"reason": "person_request", "case_code": "NOT-THIS-ONE"},
        target="case",
    ),
    # protection measures
    Route(
        "protection.overview",
        "GET",
        "/cases/{case}/protection",
        team_or_recipient,
        target="measure",
    ),
    Route("protection.new_measure", "GET", "/cases/{case}/protection/new", team, target="case"),
    Route(
        "protection.new_measure",
        "POST",
        "/cases/{case}/protection/new",
        team,
        target="case",
        data={"beneficiary": "victim"},
    ),
    Route(
        "protection.detail",
        "GET",
        "/protection-measures/{measure}",
        team_or_recipient,
        target="measure",
    ),
    Route(
        "protection.reveal",
        "POST",
        "/protection-measures/{measure}/reveal",
        team_action,
        target="measure",
    ),
    Route(
        "protection.act",
        "GET",
        "/protection-measures/{measure}/actions/grant",
        team_action,
        target="measure",
    ),
    Route(
        "protection.act",
        "POST",
        "/protection-measures/{measure}/actions/grant",
        team_action,
        target="measure",
    ),
    Route("protection.alerts", "GET", "/protection", role_only("caseworker", "coordinator")),
    Route(
        "protection_api.CaseMeasures",
        "GET",
        "/api/v1/cases/{case}/protection-measures",
        team_or_recipient,
        target="measure",
    ),
    Route(
        "protection_api.CaseMeasures",
        "POST",
        "/api/v1/cases/{case}/protection-measures",
        team,
        target="case",
        json={"beneficiary": "victim", "measure_type": "contact_ban", "country": "NL"},
    ),
    Route(
        "protection_api.ProtectionAlerts",
        "GET",
        "/api/v1/protection-measures",
        role_only("caseworker", "coordinator"),
    ),
    Route(
        "protection_api.MeasureById",
        "GET",
        "/api/v1/protection-measures/{measure}",
        team_or_recipient,
        target="measure",
    ),
    Route(
        "protection_api.MeasureTransitions",
        "POST",
        "/api/v1/protection-measures/{measure}/transitions",
        team_action,
        target="measure",
        json={"action": "grant"},
    ),
    Route(
        "protection_api.MeasureReveal",
        "POST",
        "/api/v1/protection-measures/{measure}/reveal",
        team_action,
        target="measure",
    ),
    # venues
    Route("venues.index", "GET", "/venues", signed_in),
    Route("venues.new", "GET", "/venues/new", role_only("org_admin", "coordinator")),
    Route(
        "venues.new",
        "POST",
        "/venues/new",
        role_only("org_admin", "coordinator"),
        data={"name": "x"},
    ),
    Route("venues_api.Venues", "GET", "/api/v1/venues", signed_in),
    Route(
        "venues_api.Venues",
        "POST",
        "/api/v1/venues",
        role_only("org_admin", "coordinator"),
        json={"name": "Room", "kind": "court", "country": "NL", "time_zone": "Europe/Amsterdam"},
    ),
    # testimony
    Route(
        "testimony.overview",
        "GET",
        "/cases/{case}/testimony",
        team_or_recipient,
        target="testimony",
    ),
    Route("testimony.new_proceeding", "GET", "/cases/{case}/proceedings/new", team, target="case"),
    Route("testimony.new_proceeding", "POST", "/cases/{case}/proceedings/new", team, target="case"),
    Route("testimony.new_testimony", "GET", "/cases/{case}/testimonies/new", team, target="case"),
    Route("testimony.new_testimony", "POST", "/cases/{case}/testimonies/new", team, target="case"),
    Route(
        "testimony.detail",
        "GET",
        "/testimonies/{testimony}",
        team_or_recipient,
        target="testimony",
    ),
    Route(
        "testimony.act",
        "GET",
        "/testimonies/{testimony}/actions/consult",
        team_action,
        target="testimony",
    ),
    Route(
        "testimony.act",
        "POST",
        "/testimonies/{testimony}/actions/consult",
        team_action,
        target="testimony",
    ),
    Route(
        "testimony.new_session",
        "GET",
        "/testimonies/{testimony}/sessions/new",
        team_action,
        target="testimony",
    ),
    Route(
        "testimony.new_session",
        "POST",
        "/testimonies/{testimony}/sessions/new",
        team_action,
        target="testimony",
    ),
    Route(
        "testimony.new_participant",
        "GET",
        "/hearing-sessions/{session}/participants/new",
        team_action,
        target="session",
    ),
    Route(
        "testimony.new_participant",
        "POST",
        "/hearing-sessions/{session}/participants/new",
        team_action,
        target="session",
    ),
    Route(
        "testimony.session_ics",
        "GET",
        "/hearing-sessions/{session}/calendar.ics",
        team_or_recipient,
        target="session",
    ),
    Route("testimony.calendar_page", "GET", "/hearings", signed_in),
    Route(
        "testimony_api.CaseProceedings",
        "GET",
        "/api/v1/cases/{case}/proceedings",
        team_or_recipient,
        target="testimony",
    ),
    Route(
        "testimony_api.CaseProceedings",
        "POST",
        "/api/v1/cases/{case}/proceedings",
        team,
        target="case",
        json={
            "country": "NL",
            "authority": "Court",
            "kind": "criminal",
            "victim_role": "witness",
            "stage": "trial",
        },
    ),
    Route(
        "testimony_api.CaseTestimonies",
        "GET",
        "/api/v1/cases/{case}/testimonies",
        team_or_recipient,
        target="testimony",
    ),
    Route(
        "testimony_api.CaseTestimonies",
        "POST",
        "/api/v1/cases/{case}/testimonies",
        team,
        target="case",
        json={"proceeding": "00000000-0000-4000-8000-000000000000", "victim_country": "NG"},
    ),
    Route(
        "testimony_api.TestimonyById",
        "GET",
        "/api/v1/testimonies/{testimony}",
        team_or_recipient,
        target="testimony",
    ),
    Route(
        "testimony_api.TestimonyTransitions",
        "POST",
        "/api/v1/testimonies/{testimony}/transitions",
        team_action,
        target="testimony",
        json={"action": "consult"},
    ),
    Route(
        "testimony_api.TestimonySessions",
        "POST",
        "/api/v1/testimonies/{testimony}/sessions",
        team_action,
        target="testimony",
        json={
            "starts_at": "2027-01-04T09:00:00Z",
            "ends_at": "2027-01-04T10:00:00Z",
            "venue": "00000000-0000-4000-8000-000000000000",
        },
    ),
    Route(
        "testimony_api.SessionById",
        "GET",
        "/api/v1/hearing-sessions/{session}",
        team_or_recipient,
        target="session",
    ),
    Route(
        "testimony_api.SessionReschedule",
        "POST",
        "/api/v1/hearing-sessions/{session}/reschedule",
        team_action,
        target="session",
        json={"starts_at": "2027-01-04T09:00:00Z", "ends_at": "2027-01-04T08:00:00Z"},
    ),
    Route(
        "testimony_api.SessionParticipants",
        "POST",
        "/api/v1/hearing-sessions/{session}/participants",
        team_action,
        target="session",
        json={"role": "court", "time_zone": "Europe/Amsterdam"},
    ),
    Route(
        "testimony_api.SessionCalendar",
        "GET",
        "/api/v1/hearing-sessions/{session}/calendar.ics",
        team_or_recipient,
        target="session",
    ),
    Route("testimony_api.Hearings", "GET", "/api/v1/hearings", signed_in),
    # human translations of free text
    Route(
        "text_translations.new_task",
        "GET",
        "/referrals/{referral}/translation-tasks/new",
        team_or_recipient,
        target="referral",
    ),
    Route(
        "text_translations.new_task",
        "POST",
        "/referrals/{referral}/translation-tasks/new",
        team_or_recipient,
        target="referral",
    ),
    Route(
        "text_translations_api.ReferralTasks",
        "POST",
        "/api/v1/referrals/{referral}/translation-tasks",
        team_or_recipient,
        target="referral",
        json={"target_lang": "fr", "assignee": "00000000-0000-4000-8000-000000000000"},
    ),
    Route(
        "text_translations.index",
        "GET",
        "/translation-tasks",
        role_only("caseworker", "coordinator", "receiving_officer", "mediator_interpreter"),
    ),
    Route(
        "text_translations_api.Tasks",
        "GET",
        "/api/v1/translation-tasks",
        role_only("caseworker", "coordinator", "receiving_officer", "mediator_interpreter"),
    ),
    Route(
        "text_translations.detail",
        "GET",
        "/translation-tasks/{translation_task}",
        task_people,
        target="translation_task",
    ),
    Route(
        "text_translations_api.TaskById",
        "GET",
        "/api/v1/translation-tasks/{translation_task}",
        task_people,
        target="translation_task",
    ),
    Route(
        "text_translations.record",
        "POST",
        "/translation-tasks/{translation_task}/translations",
        translator_action,
        target="translation_task",
    ),
    Route(
        "text_translations_api.TaskTranslations",
        "POST",
        "/api/v1/translation-tasks/{translation_task}/translations",
        translator_action,
        target="translation_task",
        json={"source": "unknown", "text": "x"},
    ),
    Route(
        "text_translations.complete",
        "POST",
        "/translation-tasks/{translation_task}/complete",
        translator_action,
        target="translation_task",
    ),
    Route(
        "text_translations_api.CompleteTask",
        "POST",
        "/api/v1/translation-tasks/{translation_task}/complete",
        translator_action,
        target="translation_task",
    ),
    Route(
        "text_translations.cancel",
        "POST",
        "/translation-tasks/{translation_task}/cancel",
        requester_action,
        target="translation_task",
    ),
    Route(
        "text_translations_api.CancelTask",
        "POST",
        "/api/v1/translation-tasks/{translation_task}/cancel",
        requester_action,
        target="translation_task",
    ),
    # compensation claims
    Route(
        "compensation.dashboard", "GET", "/claims", role_only("lawyer", "caseworker", "coordinator")
    ),
    Route(
        "compensation.export",
        "GET",
        "/claims.csv",
        role_only("lawyer", "caseworker", "coordinator"),
    ),
    Route("compensation.case_claims", "GET", "/cases/{case}/claims", team, target="claim"),
    Route("compensation.new_claim", "GET", "/cases/{case}/claims/new", team, target="case"),
    Route(
        "compensation.new_claim",
        "POST",
        "/cases/{case}/claims/new",
        team,
        target="case",
        data={"route": "civil_suit"},
    ),
    Route("compensation.detail", "GET", "/claims/{claim}", claim_people, target="claim"),
    Route("compensation.reveal", "POST", "/claims/{claim}/reveal", claim_people, target="claim"),
    Route(
        "compensation_api.ClaimReveal",
        "POST",
        "/api/v1/compensation-claims/{claim}/reveal",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.act",
        "GET",
        "/claims/{claim}/actions/close",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.act",
        "POST",
        "/claims/{claim}/actions/close",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.lawyer", "GET", "/claims/{claim}/lawyer", claim_team_action, target="claim"
    ),
    Route(
        "compensation.lawyer",
        "POST",
        "/claims/{claim}/lawyer",
        claim_team_action,
        target="claim",
        data={"lawyer": "not-a-uuid"},
    ),
    Route(
        "compensation.new_entry", "GET", "/claims/{claim}/ledger/new", claim_people, target="claim"
    ),
    Route(
        "compensation.new_entry",
        "POST",
        "/claims/{claim}/ledger/new",
        claim_people,
        target="claim",
        data={"kind": "claimed"},
    ),
    Route(
        "compensation.reverse_entry",
        "GET",
        "/claims/{claim}/ledger/{entry}/reverse",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.reverse_entry",
        "POST",
        "/claims/{claim}/ledger/{entry}/reverse",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.new_deadline",
        "GET",
        "/claims/{claim}/deadlines/new",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.new_deadline",
        "POST",
        "/claims/{claim}/deadlines/new",
        claim_people,
        target="claim",
        data={"kind": "other"},
    ),
    Route(
        "compensation.meet_deadline",
        "POST",
        "/claims/{claim}/deadlines/{deadline}/met",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.upload", "GET", "/claims/{claim}/documents/new", claim_people, target="claim"
    ),
    Route(
        "compensation.upload",
        "POST",
        "/claims/{claim}/documents/new",
        claim_people,
        target="claim",
        data={"kind": "other"},
    ),
    Route(
        "compensation.download",
        "GET",
        "/claims/{claim}/documents/{document}",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation.application",
        "GET",
        "/claims/{claim}/application.pdf",
        claim_people,
        target="claim",
    ),
    Route("compensation.scheme_list", "GET", "/compensation-schemes", signed_in),
    Route(
        "compensation.new_scheme", "GET", "/compensation-schemes/new", role_only("platform_admin")
    ),
    Route(
        "compensation.new_scheme",
        "POST",
        "/compensation-schemes/new",
        role_only("platform_admin"),
        data={"country": "NL"},
    ),
    Route(
        "compensation.edit_scheme",
        "GET",
        "/compensation-schemes/{scheme}/edit",
        role_only("platform_admin"),
        target="scheme",
    ),
    Route(
        "compensation.edit_scheme",
        "POST",
        "/compensation-schemes/{scheme}/edit",
        role_only("platform_admin"),
        target="scheme",
        data={"country": "NL"},
    ),
    Route(
        "compensation_api.Claims",
        "GET",
        "/api/v1/compensation-claims",
        role_only("lawyer", "caseworker", "coordinator"),
    ),
    Route(
        "compensation_api.CaseClaims",
        "GET",
        "/api/v1/cases/{case}/compensation-claims",
        team,
        target="claim",
    ),
    Route(
        "compensation_api.CaseClaims",
        "POST",
        "/api/v1/cases/{case}/compensation-claims",
        team,
        target="case",
        json={"route": "civil_suit", "offence_category": "other", "crime_country": "NL"},
    ),
    Route(
        "compensation_api.ClaimById",
        "GET",
        "/api/v1/compensation-claims/{claim}",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation_api.ClaimTransitions",
        "POST",
        "/api/v1/compensation-claims/{claim}/transitions",
        claim_people,
        target="claim",
        json={"action": "close"},
    ),
    Route(
        "compensation_api.ClaimLawyer",
        "PUT",
        "/api/v1/compensation-claims/{claim}/lawyer",
        claim_team_action,
        target="claim",
        json={},
    ),
    Route(
        "compensation_api.Ledger",
        "GET",
        "/api/v1/compensation-claims/{claim}/ledger",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation_api.Ledger",
        "POST",
        "/api/v1/compensation-claims/{claim}/ledger",
        claim_people,
        target="claim",
        json={
            "kind": "claimed",
            "head": "material",
            "amount": {"amount_minor": 100, "currency": "EUR"},
            "occurred_on": "2026-11-01",
        },
    ),
    Route(
        "compensation_api.Reversals",
        "POST",
        "/api/v1/compensation-claims/{claim}/ledger/{entry}/reversals",
        claim_people,
        target="claim",
        json={"note": "Typed twice"},
    ),
    Route(
        "compensation_api.Deadlines",
        "POST",
        "/api/v1/compensation-claims/{claim}/deadlines",
        claim_people,
        target="claim",
        json={"kind": "other", "due_on": "2027-01-04"},
    ),
    Route(
        "compensation_api.DeadlineMet",
        "POST",
        "/api/v1/compensation-claims/{claim}/deadlines/{deadline}/met",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation_api.Documents",
        "POST",
        "/api/v1/compensation-claims/{claim}/documents",
        claim_people,
        target="claim",
    ),
    Route(
        "compensation_api.DocumentFile",
        "GET",
        "/api/v1/compensation-claims/{claim}/documents/{document}/file",
        claim_people,
        target="claim",
    ),
    Route("compensation_api.Schemes", "GET", "/api/v1/compensation-schemes", signed_in),
    Route(
        "compensation_api.Schemes",
        "POST",
        "/api/v1/compensation-schemes",
        role_only("platform_admin"),
        json={"country": "NL"},
    ),
    Route(
        "compensation_api.SchemeById",
        "PUT",
        "/api/v1/compensation-schemes/{scheme}",
        role_only("platform_admin"),
        target="scheme",
        json={"country": "NL"},
    ),
    # notifications
    Route("notifications.index", "GET", "/notifications", signed_in),
    Route("notifications.read", "POST", "/notifications/read", signed_in),
    Route("notifications_api.Notifications", "GET", "/api/v1/notifications", signed_in),
    # API
    Route("identity_api.Me", "GET", "/api/v1/me", signed_in),
    Route("identity_api.Tokens", "GET", "/api/v1/tokens", signed_in),
    Route("identity_api.Tokens", "POST", "/api/v1/tokens", signed_in),
    Route("identity_api.TokenById", "GET", "/api/v1/tokens/{token}", own_token, target="token"),
    Route("identity_api.TokenById", "DELETE", "/api/v1/tokens/{token}", own_token, target="token"),
]
