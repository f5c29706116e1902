"""Demo cases and referrals, made through the real operations with dates relative to now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.cases import operations as case_ops
from referral.cases.enums import ErasureReason
from referral.cases.models import Case
from referral.compensation.models import CompensationScheme
from referral.consent import operations as consent_ops
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.demo import compensation
from referral.demo.followups import (
    eio_hearing,
    protection_for,
    translation_for,
    video_hearing,
)
from referral.demo.helpers import at, user
from referral.directory import operations as directory_ops
from referral.directory.models import Service
from referral.erasure import operations as erasure
from referral.extensions import db
from referral.identity.models import Organisation, User
from referral.referrals import operations as referral_ops
from referral.referrals.models import Referral

FULL_CHECKLIST = list(consent_ops.CHECKLIST)

SERVICES = [
    (
        "ng-ngo",
        "Return and reintegration, Benin City (demo)",
        "return_reintegration",
        ["en", "bin", "pcm"],
        ["demographics", "risk", "support", "family", "health"],
    ),
    (
        "ng-ngo",
        "Safe house for returnees, Benin City (demo)",
        "shelter",
        ["en", "bin"],
        ["demographics", "risk"],
    ),
    (
        "ro-ngo",
        "Reintegration and labour rights, Iasi (demo)",
        "labour_rights",
        ["ro", "en"],
        ["demographics", "risk", "support"],
    ),
    (
        "bg-ngo",
        "Child protection and return, Sofia (demo)",
        "child_protection",
        ["bg", "en"],
        ["demographics", "risk", "residence", "support"],
    ),
    (
        "ma-ngo",
        "Return support, Tangier (demo)",
        "return_reintegration",
        ["ar", "fr"],
        ["demographics", "risk"],
    ),
    (
        "nl-shelter",
        "Shelter for women, Rotterdam (demo)",
        "shelter",
        ["nl", "en"],
        ["demographics", "risk"],
    ),
    (
        "be-centre",
        "Specialised reception centre, Brussels (demo)",
        "shelter",
        ["fr", "nl", "en"],
        ["demographics", "risk"],
    ),
]


def _org(name_prefix: str) -> Organisation:
    from referral.demo.data import ORGS

    spec = next(o for o in ORGS if o.key == name_prefix)
    return db.session.scalar(sa.select(Organisation).where(Organisation.name == spec.name))


def _service(name: str) -> Service:
    return db.session.scalar(sa.select(Service).where(Service.name == name))


def _risk(actor: User, case: Case, level: str = "high") -> None:
    case_ops.add_risk_assessment(
        actor,
        case,
        {
            "method": "interview",
            "level_victim": level,
            "level_family": "medium",
            "level_staff": "low",
            "threat_of_violence_or_retrafficking": level in ("high", "critical"),
            "victim_views": "She is afraid of the people who brought her (demo).",
            "safety_plan": "No contact with the former employer; staff go out with her (demo).",
            "next_review_on": (now_utc() + timedelta(days=21)).date(),
        },
    )


def _consent(
    actor: User,
    case: Case,
    recipient: Organisation,
    categories: list[str],
    purposes: list[str],
    language: str = "en",
    extra_items: tuple[dict[str, Any], ...] = (),
) -> Any:
    now = now_utc()
    consent = consent_ops.start_consent(
        actor,
        case,
        {
            "language": language,
            "text_language": "en",
            "method": "signature",
            "interpreter_name": "Interpreter (demo)" if language != "en" else None,
            "no_interpreter": language == "en",
            "checklist": FULL_CHECKLIST,
            "valid_from": now - timedelta(minutes=5),
            "valid_until": now + timedelta(days=365),
            "guardian_present": case.is_child,
            "child_views": "She wants to go back to her aunt in Sofia (demo)."
            if case.is_child
            else None,
        },
    )
    consent_ops.add_scope_item(
        actor,
        consent,
        {
            "purposes": purposes,
            "recipient_country": recipient.country,
            "recipient_org": recipient,
            "categories": categories,
        },
    )
    for item in extra_items:
        consent_ops.add_scope_item(actor, consent, item)
    if recipient.country not in consent_ops.scope.safe_countries():
        consent_ops.add_third_country_item(
            actor,
            consent,
            {
                "country": recipient.country,
                "risks_explained": "Weaker data protection; the NGO signed our agreement (demo).",
            },
        )
    return consent_ops.give_consent(actor, consent)


@operation
def load_scenarios() -> list[str]:
    """Create the demo services and cases once, all or nothing; returns what was created."""
    created = []
    for org_key, name, service_type, languages, package in SERVICES:
        if _service(name) is None:
            org = _org(org_key)
            admin = db.session.scalar(sa.select(User).where(User.organisation_id == org.id))
            directory_ops.create_service(
                admin,
                org,
                {
                    "name": name,
                    "service_type": service_type,
                    "country": org.country,
                    "languages": languages,
                    "accepts_adults": True,
                    "accepts_minors": service_type == "child_protection",
                    "is_inbox_open": True,
                    "capacity_status": "available",
                    "emergency_phone": org.phone,
                    "default_data_package": package,
                },
            )
            created.append("service: " + name)
    if not db.session.scalar(sa.select(sa.func.count()).select_from(CompensationScheme)):
        compensation.load_schemes()
        created.append("compensation schemes: NL, BE")
    if not db.session.scalar(sa.select(sa.func.count()).select_from(Case)):
        for scenario in (
            _nigerian_return,
            _romanian_labour,
            _bulgarian_minor,
            _withdrawn_after_consent,
            _erased_on_request,
        ):
            created.append(scenario())
    audit.record(
        None, "demo.scenarios_loaded", object_type="demo", reason_code=f"created:{len(created)}"
    )
    return created


def _nigerian_return() -> str:
    worker, officer = user("caseworker@nl-shelter.demo"), user("intake@ng-ngo.demo")
    service = _service("Return and reintegration, Benin City (demo)")
    package = ["demographics", "risk", "support", "family", "protection"]

    def prepare() -> Referral:
        case = case_ops.create_case(
            worker,
            {
                "gender": "feminine",
                "citizenship": ["NG"],
                "primary_language": "bin",
                "secondary_language": "en",
                "stated_age": 26,
                "interpreter_needed": True,
                "cultural_mediator_needed": True,
                "preferred_staff_gender": "women",
                "first_name": "Efe (demo)",
                "second_name": "Osagie (demo)",
                "mobile_phone": "+31600000001",
                "special_needs": "Needs follow-up for a chronic condition (demo).",
            },
        )
        case_ops.set_victim_status(
            worker,
            case,
            {
                "trafficking_status": "actual_victim",
                "status_decision_org": "police",
                "status_decided_on": now_utc().date(),
            },
        )
        case_ops.add_family_member(
            worker,
            case,
            {
                "relationship_to_victim": "mother",
                "country": "NG",
                "coarse_location": "Edo State",
                "is_threatened": True,
            },
        )
        _risk(worker, case)
        _consent(
            worker,
            case,
            service.organisation,
            package,
            ["return_reintegration", "assistance"],
            "bin",
            (compensation.lawyer_scope_item(),),
        )
        referral = referral_ops.create_referral(
            worker,
            case,
            service,
            {
                "kind": "return",
                "purpose": "return_reintegration",
                "urgency": "urgent",
                "data_package": package,
                "services_requested": ["return_reintegration", "medical", "housing"],
                "details": "Wil terug naar Benin City en daar een kleermakerij beginnen (demo).",
                "text_lang": "nl",
            },
        )
        return referral_ops.transition_referral(worker, referral, {"action": "submit"})

    referral = at(6, prepare)
    at(5.8, lambda: referral_ops.transition_referral(officer, referral, {"action": "acknowledge"}))
    at(
        5,
        lambda: referral_ops.transition_referral(
            officer,
            referral,
            {
                "action": "accept",
                "capacity_confirmed": True,
                "receiving_caseworker_id": officer.uuid,
            },
        ),
    )
    referral_ops.transition_referral(
        officer,
        referral,
        {
            "action": "schedule_arrival",
            "arrival_at": now_utc() + timedelta(days=9),
            "meeting_point": "Benin Airport arrivals (demo)",
            "met_by": "Osaro Edo (demo)",
            "escort": "IOM escort (demo)",
            "is_voluntary": True,
            "joint_risk_assessment_on": now_utc().date(),
        },
    )
    translation_for(referral, worker)
    protection_for(referral.case, worker)
    video_hearing(referral.case, worker)
    compensation.offender_order(referral.case, worker)
    return "NL -> NG return, arrival scheduled: " + referral.case.case_code


def _romanian_labour() -> str:
    worker = user("caseworker@be-centre.demo")
    service = _service("Reintegration and labour rights, Iasi (demo)")
    package = ["demographics", "risk", "support"]

    def prepare() -> Referral:
        case = case_ops.create_case(
            worker,
            {
                "gender": "masculine",
                "citizenship": ["RO"],
                "primary_language": "ro",
                "stated_age": 41,
                "first_name": "Ion (demo)",
            },
        )
        case_ops.add_screening(
            worker,
            case,
            {
                "methods_of_control": ["debt_bondage", "withholds_documents"],
                "exploitation_types": ["forced_labour"],
            },
        )
        _risk(worker, case, "medium")
        _consent(
            worker,
            case,
            service.organisation,
            package,
            ["assistance", "return_reintegration"],
            "ro",
            (compensation.lawyer_scope_item(),),
        )
        referral = referral_ops.create_referral(
            worker,
            case,
            service,
            {
                "kind": "return",
                "purpose": "assistance",
                "urgency": "urgent",
                "data_package": package,
                "services_requested": ["labour_rights", "employment"],
                "details": "Worked 14 hours a day on a building site; wants his wages (demo).",
            },
        )
        return referral_ops.transition_referral(worker, referral, {"action": "submit"})

    referral = at(4, prepare)
    eio_hearing(referral.case, worker)
    compensation.cross_border(referral.case, worker)
    return "BE -> RO labour, submitted and overdue: " + referral.case.case_code


def _bulgarian_minor() -> str:
    worker, officer = user("caseworker@gr-ngo.demo"), user("intake@bg-ngo.demo")
    service = _service("Child protection and return, Sofia (demo)")
    package = ["demographics", "risk", "residence"]
    case = case_ops.create_case(
        worker,
        {
            "gender": "feminine",
            "citizenship": ["BG"],
            "primary_language": "bg",
            "stated_age": 15,
            "is_minor": True,
            "age_disputed": True,
            "first_name": "Maria (demo)",
        },
    )
    case_ops.set_guardian(
        worker,
        case,
        {
            "kind": "legal_guardian",
            "name": "Guardian Georgiou (demo)",
            "organisation_name": "Athens guardianship service (demo)",
            "appointed_on": now_utc().date(),
        },
    )
    _risk(worker, case, "high")
    case_ops.start_reflection(
        worker,
        case,
        {
            "country": "GR",
            "starts_on": now_utc().date(),
            "planned_end_on": now_utc().date() + timedelta(days=30),
            "informed_on": now_utc().date(),
            "informed_lang": "bg",
        },
    )
    _consent(worker, case, service.organisation, package, ["return_reintegration"], "bg")
    referral = referral_ops.create_referral(
        worker,
        case,
        service,
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "urgent",
            "data_package": package,
            "services_requested": ["child_protection"],
            "details": "Best-interests determination pending in Athens (demo).",
        },
    )
    referral_ops.transition_referral(worker, referral, {"action": "submit"})
    referral_ops.transition_referral(
        officer,
        referral,
        {"action": "accept", "capacity_confirmed": True, "receiving_caseworker_id": officer.uuid},
    )
    return "GR -> BG presumed minor with guardian, accepted: " + case.case_code


def _withdrawn_after_consent() -> str:
    worker, officer = user("caseworker@es-ngo.demo"), user("intake@ma-ngo.demo")
    service = _service("Return support, Tangier (demo)")
    package = ["demographics", "risk"]
    case = case_ops.create_case(
        worker,
        {
            "gender": "masculine",
            "citizenship": ["MA"],
            "primary_language": "ar",
            "stated_age": 33,
            "first_name": "Karim (demo)",
        },
    )
    _risk(worker, case, "medium")
    consent = _consent(worker, case, service.organisation, package, ["return_reintegration"], "ar")
    referral = referral_ops.create_referral(
        worker,
        case,
        service,
        {
            "kind": "return",
            "purpose": "return_reintegration",
            "urgency": "standard",
            "data_package": package,
            "details": "Agricultural work in Almeria; wants to return to Tangier (demo).",
        },
    )
    referral_ops.transition_referral(worker, referral, {"action": "submit"})
    referral_ops.transition_referral(officer, referral, {"action": "acknowledge"})
    consent_ops.withdraw_consent(worker, consent, {"channel": "in_person"})
    return "ES -> MA withdrawn after consent withdrawal: " + case.case_code


def _erased_on_request() -> str:
    """The person withdrew consent, then asked for everything to be erased: the Spanish
    coordinator crypto-shredded the case. Only its code and audit trail remain."""
    worker, coordinator = user("caseworker@es-ngo.demo"), user("coordinator@es-ngo.demo")
    case = case_ops.create_case(
        worker,
        {
            "gender": "feminine",
            "citizenship": ["PY"],
            "primary_language": "es",
            "stated_age": 29,
            "first_name": "Rosa (demo)",
            "special_needs": "Erased on request (demo): nobody can read this any more.",
        },
    )
    _risk(worker, case, "low")
    erasure.erase_case(coordinator, case, ErasureReason.person_request, case.case_code)
    return "ES case erased at the person's request: " + case.case_code
