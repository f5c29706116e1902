"""The access matrix's world: the caller's organisation and three kinds of neighbour."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from referral.cases.models import Case, CaseMember
from referral.consent.models import Consent
from referral.directory.models import Service
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.referrals.models import Referral
from referral.text_translations.enums import TaskStatus
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

CANARY = "canary-target-5z9q"
PACKAGE = ["demographics", "risk", "support", "protection", "legal"]


@dataclass
class World:
    """Objects by kind and relation to the caller's organisation."""

    orgs: dict[str, Organisation]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def target(self, kind: str, relation: str) -> Any:
        return self.objects[kind][relation]

    def join_team(self, user: User) -> None:
        """Caseworkers of the own organisation work on the own case; interpreters on its task."""
        case = self.objects["case"]["own"]
        if user.organisation_id == case.owner_org_id and "caseworker" in user.roles:
            db.session.add(CaseMember(case_id=case.id, user_id=user.id))
            db.session.commit()
        claim = self.objects["claim"]["own"]
        if user.organisation_id == case.owner_org_id and "lawyer" in user.roles:
            claim.lawyer_id = user.id  # an in-house lawyer, assigned to the own case's claim
            db.session.commit()
        task = self.objects["translation_task"]["own"]
        if user.organisation_id == case.owner_org_id and "mediator_interpreter" in user.roles:
            task.assignee_id = user.id
        # An earlier caller may have finished or cancelled it: each caller meets it open.
        task.status, task.closed_at = TaskStatus.open, None
        db.session.commit()


def _case_with_referral(
    owner_org: Organisation,
    recipient_org: Organisation,
    recipient_service: Service,
) -> tuple[Case, Consent, Referral]:
    worker = make_user(
        owner_org,
        ("caseworker",),
        email=f"{CANARY}-{owner_org.id}@example.org",
        display_name=f"Worker {CANARY}",
    )
    case = make_case(worker, first_name=f"Name {CANARY}")
    consent = give_consent(worker, case, recipient_org, PACKAGE)
    referral = submitted_referral(
        worker, case, recipient_service, PACKAGE, purpose="assistance", kind="assistance"
    )
    return case, consent, referral


def _claim(case: Case) -> Any:
    """A cross-border claim with an amount claimed, a deadline and a document."""
    import io

    from PIL import Image

    from referral.compensation import deadlines, documents, entries
    from referral.compensation import operations as claim_ops

    worker = case.members[0].user
    claim = claim_ops.open_claim(
        worker,
        case,
        {
            "route": "state_scheme_cross_border",
            "offence_category": "other",
            "crime_country": case.owner_org.country,
            "residence_country": "RO",
            "self_represented": True,
            "references": f"Ref {CANARY}",
        },
    )
    entries.record_entry(
        worker, claim, {"kind": "claimed", "head": "material", "amount_minor": 1000}
    )
    deadlines.add_deadline(
        worker, claim, {"kind": "hearing", "due_on": claim.created_at.date() + timedelta(days=30)}
    )
    image = io.BytesIO()
    Image.new("RGB", (2, 2)).save(image, "PNG")
    documents.upload_document(worker, claim, "scan.png", image.getvalue(), {"kind": "other"})
    return claim


_RENDERED: list[bytes] = []


@contextmanager
def _one_real_render() -> Iterator[None]:
    """Dossiers are real PDFs, but rendering one per world and route would dominate the run:
    the first is rendered, later ones reuse its bytes with a unique trailing comment (a file
    per dossier, as the stored blobs are shared by content hash)."""
    from referral.dossiers import operations as dossier_ops

    real = dossier_ops.build_pdf

    def build_once(dossier: Any) -> bytes:
        if not _RENDERED:
            _RENDERED.append(real(dossier))
        return _RENDERED[0] + f"\n% {dossier.uuid}\n".encode()

    dossier_ops.build_pdf = build_once
    try:
        yield
    finally:
        dossier_ops.build_pdf = real


def _withdraw(consent: Consent) -> None:
    """The person takes their consent back after the referral, dossier, hearing and claim."""
    from referral.consent import operations as consent_ops

    worker = consent.case.members[0].user
    consent_ops.withdraw_consent(worker, consent, {"channel": "phone"})


def build_world() -> World:
    """own (NL): sends to the partner; partner (BE): sends to own; unrelated (NL) and far (NG);
    partner_withdrawn (BE): sent to own too, then the person withdrew consent."""
    orgs = {
        "own": make_org("NL", name="Own org"),
        "partner": make_org("BE", name=f"Partner {CANARY}"),
        "unrelated": make_org("NL", name=f"Unrelated {CANARY}"),
        "other_country": make_org("NG", name=f"Far away {CANARY}"),
        "partner_withdrawn": make_org("BE", name=f"Former partner {CANARY}"),
    }
    services = {key: make_service(org, name=f"Service {CANARY} {key}") for key, org in orgs.items()}
    world = World(orgs)
    pairs = {
        "own": "partner",
        "partner": "own",
        "unrelated": "other_country",
        "other_country": "unrelated",
        "partner_withdrawn": "own",
    }
    cases, consents, referrals = {}, {}, {}
    for relation, recipient in pairs.items():
        case, consent, referral = _case_with_referral(
            orgs[relation], orgs[recipient], services[recipient]
        )
        cases[relation], consents[relation], referrals[relation] = case, consent, referral
    from referral.dossiers import operations as dossier_ops

    dossiers = {}
    with _one_real_render():
        for relation, referral in referrals.items():
            recipient = make_user(orgs[pairs[relation]], ("receiving_officer",))
            dossiers[relation] = dossier_ops.request_dossier(recipient, referral)
    from referral.text_translations import operations as translation_ops

    tasks = {}
    for relation, referral in referrals.items():
        requester = referral.case.members[0].user if referral.case.members else None
        interpreter = make_user(orgs[relation], ("mediator_interpreter",))
        tasks[relation] = translation_ops.request_task(
            requester, referral, {"target_lang": "fr", "assignee": interpreter.uuid}
        )
    from referral.protection import operations as protection_ops

    measures = {}
    for relation, referral in referrals.items():
        measures[relation] = protection_ops.record_measure(
            referral.case.members[0].user,
            referral.case,
            {
                "beneficiary": "victim",
                "country": referral.case.owner_org.country,
                "measure_type": "contact_ban",
                "protected_address": f"Address {CANARY}",
                "address_reason": "Police need it",
            },
        )
    from referral.directory import operations as directory_ops
    from referral.testimony import operations as testimony_ops
    from referral.testimony import sessions as session_ops

    venue_admin = make_user(orgs["other_country"], ("org_admin",))
    venue = directory_ops.create_venue(
        venue_admin,
        {
            "name": "Hearing room",
            "kind": "ngo_office",
            "country": "NG",
            "time_zone": "Africa/Lagos",
        },
    )
    testimonies, sessions = {}, {}
    for relation, referral in referrals.items():
        worker = referral.case.members[0].user
        proceeding = testimony_ops.add_proceeding(
            worker,
            referral.case,
            {
                "country": referral.case.owner_org.country,
                "authority": f"Court {CANARY}",
                "kind": "criminal",
                "victim_role": "witness",
                "stage": "trial",
            },
        )
        testimonies[relation] = testimony_ops.propose_testimony(
            worker, referral.case, {"proceeding": proceeding.uuid, "victim_country": "NG"}
        )
        starts = datetime(2027, 3, 29, 7, 0, tzinfo=UTC) + timedelta(days=len(sessions))
        sessions[relation] = session_ops.add_session(
            worker,
            testimonies[relation],
            {"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": venue.uuid},
        )
    claims = {relation: _claim(referral.case) for relation, referral in referrals.items()}
    from referral.compensation.models import CompensationScheme

    scheme = CompensationScheme(
        country="NL",
        kind="state_advance",
        name="Scheme",
        deciding_authority="Agency",
        currency="EUR",
        advance_after_months=8,
    )
    db.session.add(scheme)
    db.session.flush()
    _withdraw(consents["partner_withdrawn"])
    world.objects = {
        # By uuid only: a coordinator's call may take the member off the case.
        "member": {k: SimpleNamespace(uuid=c.members[0].uuid) for k, c in cases.items()},
        "testimony": testimonies,
        "session": sessions,
        "measure": measures,
        "claim": claims,
        "entry": {k: c.entries[0] for k, c in claims.items()},
        "deadline": {k: c.deadlines[0] for k, c in claims.items()},
        "document": {k: c.documents[0] for k, c in claims.items()},
        "scheme": dict.fromkeys(claims, scheme),
        "translation_task": tasks,
        "dossier": dossiers,
        "case": cases,
        "consent": consents,
        "scope_item": {k: c.scope_items[0] for k, c in consents.items()},
        "referral": referrals,
        "service": services,
        "org": orgs,
    }
    return world
