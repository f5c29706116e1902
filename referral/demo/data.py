"""Demo organisations and users, loaded idempotently."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.operation import operation
from referral.extensions import db
from referral.identity.credentials import hash_secret
from referral.identity.enums import DataRegime, OrgType
from referral.identity.models import Organisation, User

#: Demo only: printed by `make run`; never use outside a demo.
DEMO_PASSWORD = "demo-Referral-2026"  # noqa: S105


class DemoRefused(RuntimeError):
    """The database holds real data or this is production."""


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    org_type: OrgType
    country: str
    region: str | None
    time_zone: str
    languages: tuple[str, ...]
    phone: str
    regime: DataRegime = DataRegime.gdpr


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    org: str
    roles: tuple[str, ...]
    locale: str


ORGS = [
    DemoOrg(
        "nl-shelter",
        "Rotterdam Safe House (demo)",
        OrgType.shelter,
        "NL",
        "NL-ZH",
        "Europe/Amsterdam",
        ("nl", "en"),
        "+31100000001",
    ),
    DemoOrg(
        "nl-law",
        "Van Dijk Advocaten (demo)",
        OrgType.law_firm,
        "NL",
        "NL-NH",
        "Europe/Amsterdam",
        ("nl", "en"),
        "+31200000002",
    ),
    DemoOrg(
        "ng-ngo",
        "Benin City Returnee Support (demo)",
        OrgType.ngo,
        "NG",
        "NG-ED",
        "Africa/Lagos",
        ("en", "bin", "pcm"),
        "+2340000000003",
        DataRegime.non_eu,
    ),
    DemoOrg(
        "ro-ngo",
        "Iasi Reintegration Centre (demo)",
        OrgType.ngo,
        "RO",
        "RO-IS",
        "Europe/Bucharest",
        ("ro", "en"),
        "+40200000004",
    ),
    DemoOrg(
        "be-centre",
        "Brussels Victim Centre (demo)",
        OrgType.ngo,
        "BE",
        "BE-BRU",
        "Europe/Brussels",
        ("fr", "nl", "en"),
        "+3220000005",
    ),
    DemoOrg(
        "bg-ngo",
        "Sofia Child Protection Network (demo)",
        OrgType.ngo,
        "BG",
        "BG-22",
        "Europe/Sofia",
        ("bg", "en"),
        "+35920000006",
    ),
    DemoOrg(
        "gr-ngo",
        "Athens Anti-Trafficking Centre (demo)",
        OrgType.ngo,
        "GR",
        "GR-I",
        "Europe/Athens",
        ("el", "en"),
        "+302100000008",
    ),
    DemoOrg(
        "es-ngo",
        "Almeria Migrant Support (demo)",
        OrgType.ngo,
        "ES",
        "ES-AL",
        "Europe/Madrid",
        ("es", "en"),
        "+34950000009",
    ),
    DemoOrg(
        "ma-ngo",
        "Tangier Return Network (demo)",
        OrgType.ngo,
        "MA",
        "MA-01",
        "Africa/Casablanca",
        ("ar", "fr"),
        "+212539000010",
        DataRegime.non_eu,
    ),
    DemoOrg(
        "platform",
        "Referral Platform Operations (demo)",
        OrgType.international_organisation,
        "NL",
        None,
        "Europe/Amsterdam",
        ("en",),
        "+31700000007",
    ),
]

USERS = [
    DemoUser(
        "caseworker@nl-shelter.demo", "Anna de Vries (demo)", "nl-shelter", ("caseworker",), "nl"
    ),
    DemoUser(
        "coordinator@nl-shelter.demo", "Pieter Bakker (demo)", "nl-shelter", ("coordinator",), "nl"
    ),
    DemoUser("admin@nl-shelter.demo", "Sanne Jansen (demo)", "nl-shelter", ("org_admin",), "en"),
    DemoUser(
        "interpreter@nl-shelter.demo",
        "Grace Osagiede (demo)",
        "nl-shelter",
        ("mediator_interpreter",),
        "en",
    ),
    DemoUser("intake@ng-ngo.demo", "Osaro Edo (demo)", "ng-ngo", ("receiving_officer",), "en"),
    DemoUser(
        "coordinator@ng-ngo.demo",
        "Efosa Igbinedion (demo)",
        "ng-ngo",
        ("coordinator", "org_admin"),
        "en",
    ),
    DemoUser("intake@ro-ngo.demo", "Ioana Popescu (demo)", "ro-ngo", ("receiving_officer",), "ro"),
    DemoUser(
        "coordinator@ro-ngo.demo",
        "Mihai Ionescu (demo)",
        "ro-ngo",
        ("coordinator", "org_admin"),
        "ro",
    ),
    DemoUser(
        "caseworker@be-centre.demo", "Claire Dubois (demo)", "be-centre", ("caseworker",), "fr"
    ),
    DemoUser(
        "coordinator@be-centre.demo",
        "Jan Peeters (demo)",
        "be-centre",
        ("coordinator", "org_admin"),
        "fr",
    ),
    DemoUser("caseworker@bg-ngo.demo", "Maria Ivanova (demo)", "bg-ngo", ("caseworker",), "bg"),
    DemoUser(
        "coordinator@bg-ngo.demo",
        "Georgi Petrov (demo)",
        "bg-ngo",
        ("coordinator", "org_admin"),
        "bg",
    ),
    DemoUser(
        "caseworker@gr-ngo.demo", "Eleni Papadopoulou (demo)", "gr-ngo", ("caseworker",), "en"
    ),
    DemoUser(
        "coordinator@gr-ngo.demo",
        "Nikos Georgiou (demo)",
        "gr-ngo",
        ("coordinator", "org_admin"),
        "en",
    ),
    DemoUser(
        "intake@bg-ngo.demo", "Petya Dimitrova (demo)", "bg-ngo", ("receiving_officer",), "bg"
    ),
    DemoUser("caseworker@es-ngo.demo", "Lucia Garcia (demo)", "es-ngo", ("caseworker",), "en"),
    DemoUser(
        "coordinator@es-ngo.demo",
        "Javier Lopez (demo)",
        "es-ngo",
        ("coordinator", "org_admin"),
        "en",
    ),
    DemoUser("intake@ma-ngo.demo", "Youssef Alaoui (demo)", "ma-ngo", ("receiving_officer",), "ar"),
    DemoUser(
        "coordinator@ma-ngo.demo",
        "Fatima Benali (demo)",
        "ma-ngo",
        ("coordinator", "org_admin"),
        "ar",
    ),
    DemoUser(
        "lawyer@nl-law.demo", "Mr. Eva van Dijk (demo)", "nl-law", ("lawyer", "org_admin"), "nl"
    ),
    DemoUser("admin@platform.demo", "Platform Admin (demo)", "platform", ("platform_admin",), "en"),
    DemoUser(
        "auditor@platform.demo", "Data Protection Officer (demo)", "platform", ("auditor",), "en"
    ),
]


def demo_totp_secret(email: str) -> str:
    """A stable TOTP secret per demo e-mail, so repeated loads print the same one."""
    digest = hashlib.sha256(b"referral-demo-totp:" + email.encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def _refuse_real_data() -> None:
    foreign_user = db.session.scalar(
        sa.select(User.email).where(~User.email.like("%.demo")).limit(1)
    )
    foreign_org = db.session.scalar(
        sa.select(Organisation.name).where(~Organisation.name.like("%(demo)")).limit(1)
    )
    if foreign_user or foreign_org:
        raise DemoRefused("the database holds non-demo organisations or users")


@operation
def load_demo() -> list[tuple[User, bool]]:
    """Create missing demo organisations and users; returns each user and whether it is new."""
    _refuse_real_data()
    orgs: dict[str, Organisation] = {}
    for spec in ORGS:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == spec.name))
        if org is None:
            org = Organisation(
                name=spec.name,
                org_type=spec.org_type,
                country=spec.country,
                region=spec.region,
                phone=spec.phone,
                emergency_phone=spec.phone,
                time_zone=spec.time_zone,
                working_languages=list(spec.languages),
                data_regime=spec.regime,
                email="office@" + spec.key + ".demo",
            )
            db.session.add(org)
            db.session.flush()
            audit.record(None, "organisation.created", org, reason_code="demo")
        orgs[spec.key] = org
    loaded: list[tuple[User, bool]] = []
    for spec in USERS:
        user = db.session.scalar(sa.select(User).where(User.email == spec.email))
        created = user is None
        if user is None:
            org = orgs[spec.org]
            user = User(
                organisation_id=org.id,
                email=spec.email,
                display_name=spec.name,
                password_hash=hash_secret(DEMO_PASSWORD),
                roles=list(spec.roles),
                locale=spec.locale,
                time_zone=org.time_zone,
            )
            db.session.add(user)
            db.session.flush()
            # Not yet verified: the first sign-in walks through enrolment with this secret.
            user.totp_secret = demo_totp_secret(spec.email)
            audit.record(None, "user.created", user, fields=["roles"], reason_code="demo")
        loaded.append((user, created))
    audit.record(None, "demo.loaded", object_type="demo")
    return loaded


def demo_users() -> dict[str, User]:
    """Demo users by e-mail address."""
    return {
        u.email: u for u in db.session.scalars(sa.select(User).where(User.email.like("%.demo")))
    }
