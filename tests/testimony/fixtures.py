"""Helpers for testimony tests: a Lagos venue, proceedings in Amsterdam, a recognised request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from referral.core.time import now_utc
from referral.directory import operations as directory_ops
from referral.testimony import operations, sessions
from tests.identity.fixtures import make_org, make_user

LAGOS = "Africa/Lagos"
AMSTERDAM = "Europe/Amsterdam"


def venue(country: str = "NG", zone: str = LAGOS, name: str = "NGO office, Lagos") -> Any:
    org = make_org(country, name=f"Venue owner {name}")
    admin = make_user(org, ("org_admin",))
    return directory_ops.create_venue(
        admin,
        {
            "name": name,
            "kind": "ngo_office",
            "country": country,
            "time_zone": zone,
            "address": "Secret street 1 venue-canary",
        },
    )


def proceeding(actor: Any, case: Any) -> Any:
    return operations.add_proceeding(
        actor,
        case,
        {
            "country": "NL",
            "authority": "Amsterdam District Court",
            "case_reference": "13/123456-26 ref-canary",
            "kind": "criminal",
            "victim_role": "witness",
            "stage": "trial",
        },
    )


def step(actor: Any, testimony: Any, **data: Any) -> Any:
    return operations.transition_testimony(actor, testimony, data)


def recognised(actor: Any, case: Any) -> Any:
    """A request taken to `recognised` under an EIO, received today."""
    today = now_utc().date()
    testimony = operations.propose_testimony(
        actor, case, {"proceeding": proceeding(actor, case).uuid, "victim_country": "NG"}
    )
    step(
        actor,
        testimony,
        action="consult",
        modality="video",
        special_measures=["no_visual_contact"],
        consulted_on=today,
        right_not_to_testify_explained_on=today,
    )
    step(
        actor,
        testimony,
        action="request",
        legal_basis="eio",
        issuing_authority="Public Prosecution Service Amsterdam",
        executing_authority="Federal Ministry of Justice, Abuja",
        window_from=today,
        window_until=today + timedelta(days=60),
    )
    step(actor, testimony, action="acknowledge", acknowledged_on=today)
    step(actor, testimony, action="recognise", recognised_on=today)
    return testimony


def planned(actor: Any, testimony: Any, where: Any, starts_at: datetime | None = None) -> Any:
    starts = starts_at or datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    return sessions.add_session(
        actor,
        testimony,
        {
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": where.uuid,
            "video_link": "https://video.example/room-canary",
            "victim_language": "bin",
        },
    )


def with_court_and_interpreter(actor: Any, session: Any, interpreter: Any = None) -> None:
    sessions.add_participant(
        actor,
        session,
        {"role": "court", "time_zone": AMSTERDAM, "language": "nl", "country": "NL"},
    )
    sessions.add_participant(
        actor,
        session,
        {
            "role": "interpreter",
            "time_zone": "Europe/London",
            "language_pair": "bin-nl",
            "user": interpreter.uuid if interpreter is not None else None,
            "name": "Interpreter name-canary",
        },
    )
