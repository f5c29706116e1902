"""Identity enumerations with translated titles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class OrgType(TitledEnum):
    """Kinds of organisation taking part in referrals."""

    ngo = "ngo", _l("NGO")
    shelter = "shelter", _l("Shelter")
    government_service = "government_service", _l("Government service")
    police = "police", _l("Police")
    prosecution = "prosecution", _l("Prosecution")
    court = "court", _l("Court")
    labour_inspectorate = "labour_inspectorate", _l("Labour inspectorate")
    consulate = "consulate", _l("Consulate")
    law_firm = "law_firm", _l("Law firm")
    compensation_authority = "compensation_authority", _l("Compensation authority")
    international_organisation = "international_organisation", _l("International organisation")


class OrgStatus(TitledEnum):
    """Whether an organisation takes part."""

    active = "active", _l("Active")
    suspended = "suspended", _l("Suspended")


class DataRegime(TitledEnum):
    """Which data-protection law governs the organisation."""

    gdpr = "gdpr", _l("GDPR")
    led = "led", _l("Law Enforcement Directive")
    non_eu = "non_eu", _l("Outside the EU")


class Role(TitledEnum):
    """What a user may do inside their organisation."""

    caseworker = "caseworker", _l("Caseworker")
    coordinator = "coordinator", _l("Coordinator")
    receiving_officer = "receiving_officer", _l("Receiving officer")
    lawyer = "lawyer", _l("Lawyer")
    mediator_interpreter = "mediator_interpreter", _l("Interpreter or cultural mediator")
    org_admin = "org_admin", _l("Organisation administrator")
    platform_admin = "platform_admin", _l("Platform administrator")
    auditor = "auditor", _l("Auditor")


#: Roles an organisation administrator may hand out; platform roles are not among them.
ORG_ASSIGNABLE_ROLES = frozenset(
    {
        Role.caseworker,
        Role.coordinator,
        Role.receiving_officer,
        Role.lawyer,
        Role.mediator_interpreter,
        Role.org_admin,
    }
)


class TokenScope(TitledEnum):
    """What an API token may be used for; effective rights are the user's rights within these."""

    me_read = "me:read", _l("Read my profile")
    tokens_read = "tokens:read", _l("List my tokens")
    tokens_write = "tokens:write", _l("Create and revoke my tokens")
    services_read = "services:read", _l("Search the service directory")
    services_write = "services:write", _l("Publish and change my organisation's services")
    cases_read = "cases:read", _l("Read cases I may see")
    cases_write = "cases:write", _l("Open and change cases, and record consent")
    referrals_read = "referrals:read", _l("Read referrals I may see")
    referrals_write = "referrals:write", _l("Create referrals and act on them")
    notifications_read = "notifications:read", _l("Read my notifications")
    audit_read = "audit:read", _l("Read the audit log I oversee")
    cases_erase = "cases:erase", _l("Erase cases for good (coordinators)")


class CreatedVia(TitledEnum):
    """Where an API token was created."""

    web = "web", _l("Web")
    cli = "cli", _l("Command line")
    api = "api", _l("API")


class SessionEnd(TitledEnum):
    """Why a login session ended."""

    logout = "logout", _l("Signed out")
    password_changed = "password_changed", _l("Password changed")
    mfa_changed = "mfa_changed", _l("Two-step verification changed")
    disabled = "disabled", _l("Account disabled")
    idle = "idle", _l("Idle too long")
    expired = "expired", _l("Session expired")
