"""iCalendar (RFC 5545) for hearing sessions, with the icalendar package.

A file names the case code and the session reference only: no person's name, no venue, no
video link [DESIGN §7 #18]. The UID stays the same across updates, SEQUENCE goes up with every
change, and a cancelled session is sent with METHOD:CANCEL. Times are UTC, or the participant's
own zone with its VTIMEZONE.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from flask import Response, abort
from flask_babel import force_locale, gettext
from icalendar import Calendar, Event, Timezone

from referral.core.http import attachment
from referral.core.time import now_utc
from referral.identity.models import User
from referral.testimony.enums import SessionStatus
from referral.testimony.models import HearingSession, Participant

PRODID = "-//referral//hearing sessions//EN"


def session_uid(session: HearingSession) -> str:
    return f"{session.uuid}@referral"


def _texts(session: HearingSession, participant: Participant | None) -> tuple[str, str]:
    code = session.testimony.case.case_code
    summary = gettext("Remote hearing, case %(code)s", code=code)
    description = gettext(
        "Session %(session)s. Details are on the platform; this file holds no names.",
        session=str(session.uuid),
    )
    if participant is not None:
        description += " " + gettext("Your role: %(role)s.", role=str(participant.role.title))
    return summary, description


def session_calendar(
    session: HearingSession, participant: Participant | None = None, language: str = "en"
) -> bytes:
    """One VEVENT for the session, in UTC or in the participant's own zone."""
    cancelled = session.status == SessionStatus.cancelled
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", now_utc())
    starts, ends = session.starts_at, session.ends_at
    if participant is not None:
        zone = zoneinfo.ZoneInfo(participant.time_zone)
        starts, ends = starts.astimezone(zone), ends.astimezone(zone)
        calendar.add_component(
            Timezone.from_tzinfo(
                zone,
                first_date=(starts - timedelta(days=1)).replace(tzinfo=None),
                last_date=(ends + timedelta(days=1)).replace(tzinfo=None),
            )
        )
    event.add("dtstart", starts)
    event.add("dtend", ends)
    with force_locale(language):
        summary, description = _texts(session, participant)
    event.add("summary", summary)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_response(session: HearingSession, actor: User, participant_key: str | None) -> Response:
    """The calendar file: the participant's own (their zone) or the session's (UTC)."""
    participant = None
    if participant_key:
        participant = next(
            (p for p in session.participants if str(p.uuid) == participant_key), None
        )
        if participant is None:
            abort(404)
    else:
        participant = next((p for p in session.participants if p.user_id == actor.id), None)
    body = session_calendar(session, participant, actor.locale or "en")
    return attachment(body, "text/calendar", f"hearing-{session.uuid}.ics")
