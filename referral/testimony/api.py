"""JSON API for proceedings, remote hearings, sessions and calendar files."""

from __future__ import annotations

import uuid
from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.core.http import require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.testimony import calendar, operations, queries, sessions
from referral.testimony.models import HearingSession, Testimony
from referral.testimony.permissions import (
    can_arrange_testimony,
    can_change_request,
    can_change_session,
    can_see_calendar,
    can_view_request,
    can_view_session,
    can_view_testimony,
    sessions_visible_to,
    testimonies_visible_to,
)
from referral.testimony.schemas import (
    CalendarQuerySchema,
    ParticipantCreateSchema,
    ParticipantSchema,
    ProceedingListSchema,
    ProceedingSchema,
    SessionCreateSchema,
    SessionSchema,
    SessionTimesSchema,
    TestimonyCreateSchema,
    TestimonyListSchema,
    TestimonySchema,
    TestimonyTransitionSchema,
)

blp = Blueprint("testimony_api", __name__, url_prefix="/api/v1", description="testimony")


def _case(case_id: uuid.UUID, predicate: Any) -> tuple[Any, Case]:
    case = load_visible(Case, case_id, cases_visible_to)
    return require(predicate, case, hide=True), case


def _request(testimony_id: uuid.UUID) -> tuple[Any, Testimony]:
    testimony = load_visible(Testimony, testimony_id, testimonies_visible_to)
    return require(can_view_request, testimony, hide=True), testimony


def _session(session_id: uuid.UUID) -> tuple[Any, HearingSession]:
    session = load_visible(HearingSession, session_id, sessions_visible_to)
    return require(can_view_session, session, hide=True), session


def _view(testimony: Testimony) -> dict[str, Any]:
    with_etag(testimony)
    return queries.request_view(testimony)


@blp.route("/cases/<uuid:case_id>/proceedings")
class CaseProceedings(MethodView):
    """Proceedings the person takes part in."""

    @policy(can_view_testimony, scope="cases:read")
    @blp.response(200, ProceedingListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """Every proceeding recorded on the case."""
        _actor, case = _case(case_id, can_view_testimony)
        return {"items": operations.proceedings_of(case)}

    @policy(can_arrange_testimony, scope="cases:write")
    @idempotent
    @blp.arguments(ProceedingSchema)
    @blp.response(201, ProceedingSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Any:
        """Record proceedings."""
        actor, case = _case(case_id, can_arrange_testimony)
        return operations.add_proceeding(actor, case, data)


@blp.route("/cases/<uuid:case_id>/testimonies")
class CaseTestimonies(MethodView):
    """Requests to hear the person from abroad."""

    @policy(can_view_testimony, scope="cases:read")
    @blp.response(200, TestimonyListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """Every request, with its clocks and sessions."""
        _actor, case = _case(case_id, can_view_testimony)
        return {"items": [queries.request_view(t) for t in queries.testimonies_of(case)]}

    @policy(can_arrange_testimony, scope="cases:write")
    @idempotent
    @blp.arguments(TestimonyCreateSchema)
    @blp.response(201, TestimonySchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> dict[str, Any]:
        """Propose a hearing; `warnings` says when a recorded interview already exists."""
        actor, case = _case(case_id, can_arrange_testimony)
        return _view(operations.propose_testimony(actor, case, data))


@blp.route("/testimonies/<uuid:testimony_id>")
class TestimonyById(MethodView):
    """One request."""

    @policy(can_view_request, scope="cases:read")
    @blp.response(200, TestimonySchema)
    def get(self, testimony_id: uuid.UUID) -> dict[str, Any]:
        """Status, EIO clocks (met, due or breached), sessions with everyone's local times."""
        _actor, testimony = _request(testimony_id)
        return _view(testimony)


@blp.route("/testimonies/<uuid:testimony_id>/transitions")
class TestimonyTransitions(MethodView):
    """Move a request to its next state."""

    @policy(can_change_request, scope="cases:write")
    @idempotent
    @blp.arguments(TestimonyTransitionSchema)
    @blp.response(200, TestimonySchema)
    def post(self, data: dict[str, Any], testimony_id: uuid.UUID) -> dict[str, Any]:
        """`{"action": …}` with the fields that action needs; If-Match required."""
        actor, testimony = _request(testimony_id)
        require(can_change_request, testimony)
        require_if_match(testimony)
        operations.transition_testimony(actor, testimony, data)
        return _view(testimony)


@blp.route("/testimonies/<uuid:testimony_id>/sessions")
class TestimonySessions(MethodView):
    """Plan a session."""

    @policy(can_change_request, scope="cases:write")
    @idempotent
    @blp.arguments(SessionCreateSchema)
    @blp.response(201, SessionSchema)
    def post(self, data: dict[str, Any], testimony_id: uuid.UUID) -> dict[str, Any]:
        """Times with their offset (stored in UTC) at a venue in the person's country."""
        actor, testimony = _request(testimony_id)
        require(can_change_request, testimony)
        return queries.session_view(sessions.add_session(actor, testimony, data))


@blp.route("/hearing-sessions/<uuid:session_id>")
class SessionById(MethodView):
    """One session."""

    @policy(can_view_session, scope="cases:read")
    @blp.response(200, SessionSchema)
    def get(self, session_id: uuid.UUID) -> dict[str, Any]:
        """UTC times and every participant's local times; no names, no video link."""
        _actor, session = _session(session_id)
        return queries.session_view(session)


@blp.route("/hearing-sessions/<uuid:session_id>/reschedule")
class SessionReschedule(MethodView):
    """New times for a session."""

    @policy(can_change_session, scope="cases:write")
    @idempotent
    @blp.arguments(SessionTimesSchema)
    @blp.response(200, SessionSchema)
    def post(self, data: dict[str, Any], session_id: uuid.UUID) -> dict[str, Any]:
        """A confirmed session is checked for double bookings again; SEQUENCE goes up."""
        actor, session = _session(session_id)
        require(can_change_session, session)
        return queries.session_view(sessions.reschedule_session(actor, session, data))


@blp.route("/hearing-sessions/<uuid:session_id>/participants")
class SessionParticipants(MethodView):
    """Who joins a session."""

    @policy(can_change_session, scope="cases:write")
    @idempotent
    @blp.arguments(ParticipantCreateSchema)
    @blp.response(201, ParticipantSchema)
    def post(self, data: dict[str, Any], session_id: uuid.UUID) -> dict[str, Any]:
        """Add a participant with their time zone (and language pair for interpreters)."""
        actor, session = _session(session_id)
        require(can_change_session, session)
        participant = sessions.add_participant(actor, session, data)
        return next(
            p for p in queries.session_view(session)["participants"] if p["id"] == participant.uuid
        )


@blp.route("/hearing-sessions/<uuid:session_id>/calendar.ics")
class SessionCalendar(MethodView):
    """iCalendar file."""

    @policy(can_view_session, scope="cases:read")
    @blp.response(200, content_type="text/calendar")
    def get(self, session_id: uuid.UUID) -> Any:
        """`?participant=` for one participant's file in their zone; else UTC."""
        actor, session = _session(session_id)
        return calendar.ics_response(session, actor, request.args.get("participant"))


@blp.route("/hearings")
class Hearings(MethodView):
    """The caller's hearing calendar."""

    @policy(can_see_calendar, scope="cases:read")
    @blp.arguments(CalendarQuerySchema, location="query")
    @blp.response(200, SessionSchema(many=True))
    def get(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        """Sessions of one ISO week (`?week=2026-W48`, default this week, in the caller's zone)."""
        actor = require(can_see_calendar)
        _monday, begins, ends = queries.week_bounds(args.get("week"), actor.time_zone)
        return [queries.session_view(s) for s in queries.calendar_for(actor, begins, ends)]
