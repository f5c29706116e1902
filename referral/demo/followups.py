"""Demo follow-ups of the scenarios: a human translation, protection measures, remote hearings."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from typing import Any

from referral.cases.models import Case
from referral.core.time import now_utc
from referral.demo.helpers import at, user
from referral.directory import operations as directory_ops
from referral.identity.models import User
from referral.protection import operations as protection_ops
from referral.referrals.models import Referral
from referral.testimony import operations as testimony_ops
from referral.testimony import sessions as session_ops
from referral.text_translations import operations as translation_ops


def translation_for(referral: Referral, worker: User) -> None:
    """The Dutch details, translated into English by the shelter's sworn interpreter."""
    interpreter = user("interpreter@nl-shelter.demo")
    task = translation_ops.request_task(
        worker,
        referral,
        {
            "target_lang": "en",
            "assignee": interpreter.uuid,
            "due_on": (now_utc() + timedelta(days=3)).date(),
            "note": "For the receiving NGO in Benin City (demo).",
        },
    )
    translation_ops.record_translation(
        interpreter,
        task,
        {
            "source": f"referrals.details.{referral.uuid}",
            "text": "Wishes to return to Benin City and start a tailoring business there (demo).",
            "source_lang": "nl",
            "is_certified": True,
            "certification_ref": "Sworn translator 12345, Rbtv (demo)",
        },
    )


def _measure(actor: User, case: Case, days_ago: float, data: dict[str, Any], *steps: Any) -> Any:
    """Record a measure `days_ago` and take each (days_ago, transition data) step after it."""
    measure = at(days_ago, lambda: protection_ops.record_measure(actor, case, data))
    for when, step in steps:
        at(when, lambda step=step: protection_ops.transition_measure(actor, measure, step))
    return measure


def protection_for(case: Case, worker: User) -> None:
    """Police protection for her mother in Edo State; a Dutch ban extended to Belgium by an EPO."""

    def day(days_ago: float) -> date:
        """The date of a moment `days_ago`: steps and their dates agree at any time of day."""
        return (now_utc() - timedelta(days=days_ago)).date()

    mother = case.family_members[0]
    _measure(
        worker,
        case,
        5.5,
        {
            "beneficiary": "family_member",
            "family_member": mother.uuid,
            "country": "NG",
            "coarse_area": "Edo State",
            "measure_type": "police_protection",
            "issuing_authority": "Nigeria Police Force, Edo State Command (demo)",
        },
        (
            4.5,
            {
                "action": "grant",
                "legal_act_ref": "EDO/PP/2026/117 (demo)",
                "valid_from": day(4.5),
                "valid_until": day(-12),
                "review_on": day(-20),
            },
        ),
        (4, {"action": "activate"}),
    )
    ban = _measure(
        worker,
        case,
        5.9,
        {
            "beneficiary": "victim",
            "country": "NL",
            "coarse_area": "Rotterdam",
            "measure_type": "contact_ban",
            "issuing_authority": "District Court of Rotterdam (demo)",
            "prohibitions": "No contact with her in any form; stay 500 m away (demo).",
        },
        (
            5.5,
            {
                "action": "grant",
                "legal_act_ref": "ROT 10/123456-26 (demo)",
                "legal_act_on": day(6),
                "valid_from": day(5.5),
                "valid_until": day(-360),
                "review_on": day(-90),
                "penalty": "Custody of up to 6 months per breach (demo)",
            },
        ),
        (5.4, {"action": "activate"}),
    )
    _measure(
        worker,
        case,
        4,
        {
            "beneficiary": "victim",
            "country": "BE",
            "coarse_area": "Antwerp",
            "measure_type": "epo",
            "national_measure": ban.uuid,
            "requested_by_protected_person_on": day(4),
            "stay_from": day(2),
            "approach_metres": 500,
            "issuing_authority": "District Court of Rotterdam (demo)",
        },
        (
            3.5,
            {
                "action": "grant",
                "legal_act_ref": "ROT EPO 2026-7 (demo)",
                "valid_from": day(3.5),
                "valid_until": day(-355),
            },
        ),
        (3, {"action": "transmit", "transmitted_on": day(3)}),
        (
            1,
            {
                "action": "record_recognition",
                "recognition": "recognised",
                "recognition_decided_on": day(1),
                "executing_authority": "Court of First Instance, Antwerp (demo)",
            },
        ),
        (0.9, {"action": "activate"}),
    )


def video_hearing(case: Case, worker: User) -> None:
    """Amsterdam court hears her from an NGO office in Lagos; sessions either side of the March
    daylight-saving change, so the same court time is 09:00 then 08:00 in Lagos."""
    today = now_utc().date()
    ng_admin = user("coordinator@ng-ngo.demo")
    venue = directory_ops.create_venue(
        ng_admin,
        {
            "name": "NGO office, Lagos (demo)",
            "kind": "ngo_office",
            "country": "NG",
            "time_zone": "Africa/Lagos",
            "address": "Protected room, address kept by the NGO (demo)",
        },
    )
    proceeding = testimony_ops.add_proceeding(
        worker,
        case,
        {
            "country": "NL",
            "authority": "Amsterdam District Court (demo)",
            "case_reference": "13/654321-26 (demo)",
            "kind": "criminal",
            "victim_role": "witness",
            "stage": "trial",
            "legal_representative": "Mr. Eva van Dijk (demo)",
        },
    )
    testimony = testimony_ops.propose_testimony(
        worker, case, {"proceeding": proceeding.uuid, "victim_country": "NG"}
    )
    for data in (
        {
            "action": "consult",
            "modality": "video",
            "special_measures": ["no_visual_contact", "support_person"],
            "consulted_on": today,
            "right_not_to_testify_explained_on": today,
            "wishes": "Wants a woman from the NGO next to her (demo).",
        },
        {
            "action": "request",
            "legal_basis": "untoc_18",
            "issuing_authority": "Public Prosecution Service, Amsterdam (demo)",
            "executing_authority": "Federal Ministry of Justice, Abuja (demo)",
            "window_from": date(2027, 3, 15),
            "window_until": date(2027, 4, 30),
        },
        {"action": "acknowledge", "acknowledged_on": today},
        {"action": "recognise", "recognised_on": today},
    ):
        testimony_ops.transition_testimony(worker, testimony, data)
    interpreter = user("interpreter@nl-shelter.demo")
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    for day in (22, 29):  # 22 March 2027 is winter time, 29 March summer time
        starts = datetime(2027, 3, day, 9, 0, tzinfo=amsterdam).astimezone(UTC)
        session = session_ops.add_session(
            worker,
            testimony,
            {
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "venue": venue.uuid,
                "video_link": "Court video room 3, link sent by the court (demo)",
                "victim_language": "bin",
            },
        )
        for participant in (
            {"role": "court", "time_zone": "Europe/Amsterdam", "language": "nl", "country": "NL"},
            {
                "role": "interpreter",
                "user": interpreter.uuid,
                "time_zone": "Europe/London",
                "language_pair": "bin-nl",
                "country": "GB",
            },
            {"role": "support_person", "time_zone": "Africa/Lagos", "country": "NG"},
            {"role": "legal_representative", "time_zone": "Europe/Amsterdam", "country": "NL"},
        ):
            session_ops.add_participant(worker, session, participant)
        testimony_ops.transition_testimony(worker, testimony, {"action": "schedule"})
        if day == 22:
            testimony_ops.transition_testimony(
                worker, testimony, {"action": "adjourn", "note": "Defence asked for time (demo)."}
            )


def eio_hearing(case: Case, worker: User) -> None:
    """A Brussels court asks Romania, by EIO, to hear him from Iasi: acknowledgement overdue."""
    today = now_utc().date()
    proceeding = testimony_ops.add_proceeding(
        worker,
        case,
        {
            "country": "BE",
            "authority": "Brussels Court of First Instance (demo)",
            "case_reference": "BR.55.L1.2026/123 (demo)",
            "kind": "criminal",
            "victim_role": "civil_party",
            "stage": "investigation",
        },
    )
    testimony = at(
        12,
        lambda: testimony_ops.propose_testimony(
            worker, case, {"proceeding": proceeding.uuid, "victim_country": "RO"}
        ),
    )
    at(
        11,
        lambda: testimony_ops.transition_testimony(
            worker,
            testimony,
            {
                "action": "consult",
                "modality": "video",
                "special_measures": ["closed_hearing"],
                "consulted_on": today - timedelta(days=11),
                "right_not_to_testify_explained_on": today - timedelta(days=11),
            },
        ),
    )
    at(
        10,
        lambda: testimony_ops.transition_testimony(
            worker,
            testimony,
            {
                "action": "request",
                "legal_basis": "eio",
                "issuing_authority": "Federal Prosecutor's Office, Brussels (demo)",
                "executing_authority": "Prosecutor's Office, Iasi Court of Appeal (demo)",
                "window_from": today + timedelta(days=20),
                "window_until": today + timedelta(days=80),
                "received_on": today - timedelta(days=9),
            },
        ),
    )
