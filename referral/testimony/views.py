"""HTML pages: a case's proceedings and hearing requests, the hearing page, the week calendar."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.core.errors import IllegalTransition, ValidationProblem, problem_errors
from referral.core.forms import form_flow, form_page, step_form
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.directory import operations as directory_ops
from referral.i18n import _
from referral.identity.models import User
from referral.testimony import calendar, forms, operations, queries, scheduling, sessions
from referral.testimony.clocks import eio_clocks
from referral.testimony.enums import TRANSITIONS, TestimonyAction
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
    ParticipantCreateSchema,
    ProceedingSchema,
    SessionFormSchema,
    TestimonyCreateSchema,
    TestimonyFormTransitionSchema,
)

bp = Blueprint("testimony", __name__)


@bp.app_context_processor
def testimony_helpers() -> dict[str, object]:
    """Lets the case page link here without knowing about testimony."""
    return {"can_view_testimony": can_view_testimony, "hearing_start": hearing_start}


def hearing_start(session_uuid: Any) -> Any:
    """When a session starts, for a notice about it, if the signed-in user may see it."""
    from flask import g

    actor = getattr(g, "actor", None)
    session = queries.session_by_uuid(session_uuid)
    if actor is None or session is None or not can_view_session(actor, session):
        return None
    return session.starts_at


def _case(case_id: uuid.UUID, predicate: Any) -> tuple[User, Case]:
    case: Case = load_visible(Case, case_id, cases_visible_to)
    return require(predicate, case, hide=True), case


@bp.get("/cases/<uuid:case_id>/testimony")
@policy(can_view_testimony)
def overview(case_id: uuid.UUID) -> ResponseReturnValue:
    """Proceedings the person takes part in, and every request to hear them from abroad."""
    actor, case = _case(case_id, can_view_testimony)
    return render_template(
        "testimony/overview.html",
        case=case,
        proceedings=operations.proceedings_of(case),
        testimonies=queries.testimonies_of(case),
        can_arrange=can_arrange_testimony(actor, case),
    )


def _form(
    actor: User,
    case: Case,
    heading: Any,
    fields: list,
    schema: Any,
    apply: Any,
    submit: Any,
    done: Any,
    lists: tuple[str, ...] = (),
) -> ResponseReturnValue:
    """One form page for a case: re-rendered with field messages, nothing stored on error."""
    return form_flow(
        heading,
        fields,
        schema,
        lambda data: apply(actor, case, data),
        done,
        submit,
        _("Saved."),
        list_fields=lists,
        caption=case.case_code,
        back_url=url_for("testimony.overview", case_id=case.uuid),
        back_label=_("Back to testimony"),
    )


@bp.route("/cases/<uuid:case_id>/proceedings/new", methods=["GET", "POST"])
@policy(can_arrange_testimony)
def new_proceeding(case_id: uuid.UUID) -> ResponseReturnValue:
    """Record proceedings in which the person takes part."""
    actor, case = _case(case_id, can_arrange_testimony)
    return _form(
        actor,
        case,
        _("Record proceedings"),
        forms.proceeding_fields(),
        ProceedingSchema(),
        operations.add_proceeding,
        _("Record"),
        lambda _p: url_for("testimony.overview", case_id=case.uuid),
    )


@bp.route("/cases/<uuid:case_id>/testimonies/new", methods=["GET", "POST"])
@policy(can_arrange_testimony)
def new_testimony(case_id: uuid.UUID) -> ResponseReturnValue:
    """Propose hearing the person from the country where they live now."""
    actor, case = _case(case_id, can_arrange_testimony)
    return _form(
        actor,
        case,
        _("Propose a remote hearing"),
        forms.testimony_fields(operations.proceedings_of(case)),
        TestimonyCreateSchema(),
        operations.propose_testimony,
        _("Propose"),
        lambda t: url_for("testimony.detail", testimony_id=t.uuid),
    )


def _request(testimony_id: uuid.UUID) -> tuple[User, Testimony]:
    testimony: Testimony = load_visible(Testimony, testimony_id, testimonies_visible_to)
    return require(can_view_request, testimony, hide=True), testimony


def available_actions(actor: User, testimony: Testimony) -> list[TestimonyAction]:
    if not can_change_request(actor, testimony):
        return []
    return [a for a, (states, _t) in TRANSITIONS.items() if testimony.status in states]


@bp.get("/testimonies/<uuid:testimony_id>")
@policy(can_view_request)
def detail(testimony_id: uuid.UUID) -> ResponseReturnValue:
    """The hearing page: clocks, sessions with everyone's local times, next steps."""
    actor, testimony = _request(testimony_id)
    return render_template(
        "testimony/detail.html",
        testimony=testimony,
        clocks=eio_clocks(testimony, now_utc().date()),
        warnings=queries.warnings_for(testimony),
        actions=available_actions(actor, testimony),
        can_arrange=can_change_request(actor, testimony),
    )


@bp.route("/testimonies/<uuid:testimony_id>/actions/<action>", methods=["GET", "POST"])
@policy(can_change_request)
def act(testimony_id: uuid.UUID, action: str) -> ResponseReturnValue:
    """One step's form."""
    actor, testimony = _request(testimony_id)
    require(can_change_request, testimony)
    try:
        chosen = TestimonyAction(action)
    except ValueError:
        abort(404)
    if chosen not in available_actions(actor, testimony):
        abort(404)
    return step_form(
        testimony,
        chosen,
        forms.action_fields(chosen),
        TestimonyFormTransitionSchema(),
        lambda data: operations.transition_testimony(actor, testimony, data),
        url_for("testimony.detail", testimony_id=testimony.uuid),
        _("Someone else changed this request meanwhile. Check it."),
        list_fields=("special_measures",),
        caption=testimony.case.case_code,
        back_url=url_for("testimony.detail", testimony_id=testimony.uuid),
        back_label=_("Back to the hearing"),
    )


@bp.route("/testimonies/<uuid:testimony_id>/sessions/new", methods=["GET", "POST"])
@policy(can_change_request)
def new_session(testimony_id: uuid.UUID) -> ResponseReturnValue:
    """Plan a session: a local start time in a chosen zone, stored in UTC."""
    actor, testimony = _request(testimony_id)
    require(can_change_request, testimony)
    venues = directory_ops.venues(testimony.victim_country)
    form: dict[str, Any] = {"duration_minutes": 120, "time_zone": actor.time_zone}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        loaded = load_form(SessionFormSchema(), request.form)
        form, errors = loaded.raw, loaded.errors
        if not errors:
            data = loaded.data
            try:
                starts = scheduling.to_utc(data["starts_local"], data["time_zone"])
            except scheduling.LocalTimeProblem as problem:
                errors = {
                    "starts_local": _(
                        "This time does not exist there that day (clocks go forward)."
                    )
                    if problem.kind == "gap"
                    else _(
                        "This time happens twice there that day (clocks go back). Choose another."
                    )
                }
            else:
                values = {
                    **data,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(minutes=data["duration_minutes"]),
                }
                try:
                    sessions.add_session(actor, testimony, values)
                except (ValidationProblem, IllegalTransition) as problem:
                    errors = problem_errors(problem)
                else:
                    flash(_("The session is planned."), "success")
                    return redirect(url_for("testimony.detail", testimony_id=testimony.uuid))
        status = 422
    return form_page(
        _("Plan a session"),
        forms.session_fields(venues),
        form,
        errors,
        request.path,
        _("Plan the session"),
        status,
        caption=testimony.case.case_code,
        back_url=url_for("testimony.detail", testimony_id=testimony.uuid),
        back_label=_("Back to the hearing"),
    )


def _session(session_id: uuid.UUID) -> tuple[User, HearingSession]:
    session: HearingSession = load_visible(HearingSession, session_id, sessions_visible_to)
    return require(can_view_session, session, hide=True), session


@bp.route("/hearing-sessions/<uuid:session_id>/participants/new", methods=["GET", "POST"])
@policy(can_change_session)
def new_participant(session_id: uuid.UUID) -> ResponseReturnValue:
    """Add someone who joins the session, with their own time zone."""
    actor, session = _session(session_id)
    require(can_change_session, session)
    back = url_for("testimony.detail", testimony_id=session.testimony.uuid)
    return form_flow(
        _("Add a participant"),
        forms.participant_fields(sessions.interpreters_of(actor)),
        ParticipantCreateSchema(),
        lambda data: sessions.add_participant(actor, session, data),
        lambda _participant: back,
        _("Add"),
        _("Saved."),
        caption=session.testimony.case.case_code,
        back_url=back,
        back_label=_("Back to the hearing"),
    )


@bp.get("/hearing-sessions/<uuid:session_id>/calendar.ics")
@policy(can_view_session)
def session_ics(session_id: uuid.UUID) -> ResponseReturnValue:
    """iCalendar for a session: case code and UTC (or local) times only."""
    actor, session = _session(session_id)
    return calendar.ics_response(session, actor, request.args.get("participant"))


@bp.get("/hearings")
@policy(can_see_calendar)
def calendar_page() -> ResponseReturnValue:
    """Hearings by week, each in your time zone and in every participant's."""
    actor = require(can_see_calendar)
    week = request.args.get("week")
    try:
        monday, begins, ends = queries.week_bounds(week, actor.time_zone)
    except ValueError:
        monday, begins, ends = queries.week_bounds(None, actor.time_zone)
    found = queries.calendar_for(actor, begins, ends)
    return render_template(
        "testimony/calendar.html",
        sessions=found,
        monday=monday,
        previous=(monday - timedelta(days=7)).strftime("%G-W%V"),
        following=(monday + timedelta(days=7)).strftime("%G-W%V"),
        zone=actor.time_zone,
    )
