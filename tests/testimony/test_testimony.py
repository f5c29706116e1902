# ruff: noqa: DTZ001 -- wall-clock local times are naive on purpose; to_utc() gives them a zone
"""Remote testimony: transitions and guards, DST, conflicts, calendars, EIO clocks, pages, API."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import vobject

from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.time import now_utc
from referral.extensions import db
from referral.notifications.models import Notification
from referral.testimony import calendar, clocks, enums, operations, queries, scheduling, sessions
from referral.testimony import tasks as testimony_tasks
from referral.testimony.models import HearingSession
from tests.identity.fixtures import make_user
from tests.testimony.fixtures import (
    AMSTERDAM,
    LAGOS,
    planned,
    proceeding,
    recognised,
    step,
    venue,
    with_court_and_interpreter,
)

S = enums.TestimonyStatus


def errors_of(refused) -> list[str]:
    return [name for name, _ in refused.value.field_errors]


def test_the_person_is_consulted_before_anything_is_requested(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = operations.propose_testimony(
        worker, case, {"proceeding": proceeding(worker, case).uuid, "victim_country": "NG"}
    )
    with pytest.raises(IllegalTransition):
        step(worker, testimony, action="request", legal_basis="eio")
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="consult")
    assert errors_of(refused) == [
        "modality",
        "consulted_on",
        "right_not_to_testify_explained_on",
        "special_measures",
    ]
    today = now_utc().date()
    step(
        worker,
        testimony,
        action="consult",
        modality="video",
        no_special_measures=True,
        consulted_on=today,
        right_not_to_testify_explained_on=today,
        wishes="Wants her aunt with her",
    )
    assert testimony.status == S.victim_consulted
    assert testimony.wishes == "Wants her aunt with her"
    with pytest.raises(ValidationProblem) as refused:
        step(
            worker,
            testimony,
            action="request",
            window_from=today,
            window_until=today - timedelta(1),
        )
    assert errors_of(refused) == [
        "legal_basis",
        "issuing_authority",
        "executing_authority",
        "window_until",
    ]


def test_every_step_to_held_and_the_guards_on_the_way(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = recognised(worker, case)
    assert testimony.status == S.recognised
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="schedule")
    assert errors_of(refused) == ["session"]
    session = planned(worker, testimony, venue())
    sessions.add_participant(
        worker, session, {"role": "court", "time_zone": AMSTERDAM, "language": "nl"}
    )
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="schedule")
    assert "interpreter" in refused.value.field_errors[0][1]
    sessions.add_participant(
        worker,
        session,
        {"role": "interpreter", "time_zone": "Europe/London", "language_pair": "bin-nl"},
    )
    step(worker, testimony, action="schedule")
    assert (testimony.status, session.status.value, session.sequence) == (
        S.scheduled,
        "scheduled",
        1,
    )
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="hold")
    assert errors_of(refused) == ["minutes_ref"]
    step(worker, testimony, action="hold", minutes_ref="PV-2027-88", is_recorded=True)
    assert testimony.status == S.held
    assert session.minutes_ref == "PV-2027-88"
    assert testimony.held_on == session.starts_at.date()
    with pytest.raises(IllegalTransition):
        step(worker, testimony, action="cancel", note="x")


def test_adjourned_hearings_are_scheduled_again_and_cancelling_cancels_sessions(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = recognised(worker, case)
    where = venue()
    first = planned(worker, testimony, where)
    step(worker, testimony, action="schedule")
    step(worker, testimony, action="adjourn", note="Defendant ill")
    assert (testimony.status, first.status.value, first.sequence) == (S.adjourned, "adjourned", 2)
    second = planned(worker, testimony, where, datetime(2027, 4, 12, 7, 0, tzinfo=UTC))
    step(worker, testimony, action="schedule")
    assert second.status.value == "scheduled"
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="cancel")
    assert errors_of(refused) == ["note"]
    step(worker, testimony, action="cancel", note="Case dropped")
    assert (testimony.status, second.status.value, second.sequence) == (S.cancelled, "cancelled", 2)


def test_the_venue_must_be_in_the_persons_country(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = recognised(worker, case)
    with pytest.raises(ValidationProblem) as refused:
        planned(worker, testimony, venue("NL", AMSTERDAM, "Court room"))
    assert errors_of(refused) == ["venue"]


@pytest.mark.parametrize(
    ("local", "zone"),
    [
        (datetime(2027, 3, 26, 9, 0), AMSTERDAM),  # winter time, UTC+1
        (datetime(2027, 3, 29, 9, 0), AMSTERDAM),  # summer time from 28 March, UTC+2
        (datetime(2027, 10, 29, 9, 0), AMSTERDAM),  # back to winter time on 31 October
        (datetime(2027, 3, 29, 9, 0), LAGOS),  # no daylight saving
        (datetime(2027, 3, 14, 10, 0), "America/New_York"),  # US change, two weeks earlier
    ],
)
def test_local_times_match_zoneinfo_across_daylight_saving(local, zone) -> None:
    moment = scheduling.to_utc(local, zone)
    expected = local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)
    assert moment == expected
    for other in (AMSTERDAM, LAGOS, "Europe/London"):
        seen = scheduling.local(moment, other)
        assert seen == expected.astimezone(zoneinfo.ZoneInfo(other))
        assert seen.replace(tzinfo=None) == (
            expected.astimezone(zoneinfo.ZoneInfo(other)).replace(tzinfo=None)
        )


def test_the_same_court_time_moves_for_lagos_across_the_change() -> None:
    before = scheduling.to_utc(datetime(2027, 3, 26, 9, 0), AMSTERDAM)
    after = scheduling.to_utc(datetime(2027, 3, 29, 9, 0), AMSTERDAM)
    assert scheduling.local(before, LAGOS).hour == 9
    assert scheduling.local(after, LAGOS).hour == 8


def test_skipped_and_repeated_local_times_are_refused() -> None:
    with pytest.raises(scheduling.LocalTimeProblem) as gap:
        scheduling.to_utc(datetime(2027, 3, 28, 2, 30), AMSTERDAM)
    assert gap.value.kind == "gap"
    with pytest.raises(scheduling.LocalTimeProblem) as fold:
        scheduling.to_utc(datetime(2027, 10, 31, 2, 30), AMSTERDAM)
    assert fold.value.kind == "fold"


def _scheduled(worker, case, where, starts, interpreter=None):
    testimony = recognised(worker, case)
    session = planned(worker, testimony, where, starts)
    with_court_and_interpreter(worker, session, interpreter)
    step(worker, testimony, action="schedule")
    return testimony, session


def test_double_bookings_are_found_across_zones_and_can_be_overridden(world) -> None:
    worker = world["caseworker"]
    where = venue()
    interpreter = make_user(world["nl"], ("mediator_interpreter",))
    # 09:00 in Amsterdam on the first day of summer time is 07:00 UTC, 08:00 in Lagos.
    starts = scheduling.to_utc(datetime(2027, 3, 29, 9, 0), AMSTERDAM)
    _scheduled(worker, world["case"], where, starts, interpreter)
    # Another case, the same venue, entered as 08:30 Lagos time: overlaps.
    from tests.referrals.fixtures import make_case

    other_case = make_case(worker)
    testimony = recognised(worker, other_case)
    clash = planned(
        worker, testimony, where, scheduling.to_utc(datetime(2027, 3, 29, 8, 30), LAGOS)
    )
    with_court_and_interpreter(worker, clash, interpreter)
    assert scheduling.conflicts(clash, clash.starts_at, clash.ends_at) == ["interpreter", "venue"]
    with pytest.raises(ValidationProblem) as refused:
        step(worker, testimony, action="schedule")
    assert errors_of(refused) == ["override_reason"]
    assert testimony.status == S.recognised
    step(worker, testimony, action="schedule", override_reason="Only free room before the deadline")
    assert clash.override_reason == "Only free room before the deadline"
    # The kept clash ends 09:30 UTC: starting 10 minutes after is too close, 15 minutes is fine.
    later = planned(
        worker,
        recognised(worker, make_case(worker)),
        where,
        starts + timedelta(hours=2, minutes=40),
    )
    assert scheduling.conflicts(later, later.starts_at, later.ends_at) == ["venue"]
    free = planned(
        worker,
        recognised(worker, make_case(worker)),
        where,
        starts + timedelta(hours=2, minutes=45),
    )
    assert scheduling.conflicts(free, free.starts_at, free.ends_at) == []


def test_the_same_person_cannot_be_in_two_hearings(world) -> None:
    worker, case = world["caseworker"], world["case"]
    starts = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
    _scheduled(worker, case, venue(), starts)
    testimony = recognised(worker, case)
    other = planned(worker, testimony, venue(name="Consulate, Lagos"), starts + timedelta(hours=1))
    assert scheduling.conflicts(other, other.starts_at, other.ends_at) == ["victim"]


def _parse(ics: bytes):
    return vobject.readOne(ics.decode())


def test_calendar_files_parse_back_with_matching_times_and_no_names(world) -> None:
    worker, case = world["caseworker"], world["case"]
    starts = scheduling.to_utc(datetime(2027, 3, 29, 9, 0), AMSTERDAM)
    _testimony, session = _scheduled(worker, case, venue(), starts)
    utc_file = calendar.session_calendar(session)
    parsed = _parse(utc_file)
    event = parsed.vevent
    assert parsed.method.value == "PUBLISH"
    assert event.uid.value == f"{session.uuid}@referral"
    assert int(event.sequence.value) == session.sequence
    assert event.dtstart.value == starts
    assert event.dtend.value == session.ends_at
    assert case.case_code in event.summary.value
    text = utc_file.decode()
    for secret in ("canary", "Lagos", "NGO office", "video.example", "Amsterdam District Court"):
        assert secret not in text
    court = next(p for p in session.participants if p.role.value == "court")
    own = _parse(calendar.session_calendar(session, court))
    assert own.vtimezone.tzid.value == AMSTERDAM
    assert own.vevent.dtstart.value.replace(tzinfo=None) == datetime(2027, 3, 29, 9, 0)
    assert own.vevent.dtstart.value.astimezone(UTC) == starts
    victim = next(p for p in session.participants if p.role.value == "victim")
    lagos = _parse(calendar.session_calendar(session, victim))
    assert lagos.vevent.dtstart.value.replace(tzinfo=None) == datetime(2027, 3, 29, 8, 0)
    assert lagos.vevent.dtstart.value.astimezone(UTC) == starts


def test_calendar_uid_is_stable_sequence_rises_and_cancel_is_sent(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony, session = _scheduled(worker, case, venue(), datetime(2027, 6, 1, 8, 0, tzinfo=UTC))
    first = _parse(calendar.session_calendar(session)).vevent
    moved = datetime(2027, 6, 2, 8, 0, tzinfo=UTC)
    sessions.reschedule_session(
        worker, session, {"starts_at": moved, "ends_at": moved + timedelta(hours=1)}
    )
    second = _parse(calendar.session_calendar(session)).vevent
    assert second.uid.value == first.uid.value
    assert int(second.sequence.value) == int(first.sequence.value) + 1
    assert second.dtstart.value == moved
    step(worker, testimony, action="cancel", note="Withdrawn")
    cancelled = _parse(calendar.session_calendar(session))
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert cancelled.vevent.uid.value == first.uid.value
    assert int(cancelled.vevent.sequence.value) > int(second.sequence.value)


@pytest.mark.parametrize(
    ("days_after_receipt", "acknowledged_after", "expected"),
    [
        (3, None, "due"),
        (7, None, "due"),
        (8, None, "breached"),
        (10, 7, "met"),
        (10, 8, "breached"),
    ],
)
def test_eio_acknowledgement_clock(world, days_after_receipt, acknowledged_after, expected) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = recognised(worker, case)
    received = date(2027, 1, 4)
    testimony.received_on = received
    testimony.acknowledged_on = (
        received + timedelta(days=acknowledged_after) if acknowledged_after is not None else None
    )
    found = clocks.eio_clocks(testimony, received + timedelta(days=days_after_receipt))
    acknowledge = next(c for c in found if c.name == "acknowledge")
    assert acknowledge.due_on == date(2027, 1, 11)
    assert acknowledge.state.value == expected


def test_eio_recognition_and_execution_clocks(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony = recognised(worker, case)
    testimony.received_on = date(2027, 1, 4)
    testimony.acknowledged_on = date(2027, 1, 6)
    testimony.recognised_on = date(2027, 2, 10)  # day 37: late
    testimony.held_on = None
    found = {c.name: c for c in clocks.eio_clocks(testimony, date(2027, 5, 12))}
    assert found["recognise"].due_on == date(2027, 2, 3)
    assert found["recognise"].state.value == "breached"
    assert found["execute"].due_on == date(2027, 5, 11)
    assert found["execute"].state.value == "breached"
    testimony.held_on = date(2027, 5, 11)
    assert clocks.eio_clocks(testimony, date(2027, 6, 1))[-1].state.value == "met"
    testimony.legal_basis = enums.LegalBasis.untoc_18
    assert clocks.eio_clocks(testimony, date(2027, 6, 1)) == []


def test_a_new_hearing_after_a_recorded_interview_is_warned_not_blocked(world) -> None:
    worker, case = world["caseworker"], world["case"]
    testimony, _session = _scheduled(worker, case, venue(), datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    step(worker, testimony, action="hold", minutes_ref="PV-1", is_recorded=True)
    again = operations.propose_testimony(
        worker, case, {"proceeding": testimony.proceeding.uuid, "victim_country": "NG"}
    )
    assert queries.warnings_for(again) == ["recorded_interview_exists"]


def test_reminders_go_to_participants_once_and_show_their_local_time(world, web_for) -> None:
    worker, case = world["caseworker"], world["case"]
    interpreter = make_user(world["nl"], ("mediator_interpreter",))
    interpreter.time_zone = "Europe/London"
    starts = now_utc() + timedelta(hours=20)
    _scheduled(worker, case, venue(), starts, interpreter)
    assert testimony_tasks.remind() == 2  # the 72-hour and the 24-hour reminder
    assert testimony_tasks.remind() == 0
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == interpreter.id)
    ).all()
    assert kinds.count("testimony.reminder") == 2
    assert "testimony.invited" in kinds
    page = web_for(user=interpreter).get("/notifications").get_data(as_text=True)
    london = scheduling.local(starts, "Europe/London").strftime("%H:%M")
    assert f"{london} (Europe/London)" in page


def test_interpreter_sees_only_their_own_session(world, web_for) -> None:
    worker, case = world["caseworker"], world["case"]
    interpreter = make_user(world["nl"], ("mediator_interpreter",))
    starts = datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    testimony, session = _scheduled(worker, case, venue(), starts, interpreter)
    browser = web_for(user=interpreter)
    page = browser.get("/hearings?week=2027-W13").get_data(as_text=True)
    assert case.case_code in page
    assert f"/testimonies/{testimony.uuid}" not in page
    assert browser.get(f"/testimonies/{testimony.uuid}").status_code == 404
    own = browser.get(f"/hearing-sessions/{session.uuid}/calendar.ics")
    assert own.status_code == 200
    assert own.mimetype == "text/calendar"
    parsed = _parse(own.data)
    assert parsed.vtimezone.tzid.value == "Europe/London"


def test_pages_show_local_times_and_refuse_a_skipped_time(world, web_for) -> None:
    worker, case = world["caseworker"], world["case"]
    worker.time_zone = AMSTERDAM
    db.session.commit()
    testimony = recognised(worker, case)
    where = venue()
    browser = web_for(user=worker)
    url = f"/testimonies/{testimony.uuid}/sessions/new"
    gap = browser.post(
        url,
        {
            "starts_local": "2027-03-28T02:30",
            "time_zone": AMSTERDAM,
            "duration_minutes": "90",
            "venue": str(where.uuid),
        },
    )
    assert gap.status_code == 422
    assert "clocks go forward" in gap.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HearingSession)) == 0
    made = browser.post(
        url,
        {
            "starts_local": "2027-03-29T09:00",
            "time_zone": AMSTERDAM,
            "duration_minutes": "90",
            "venue": str(where.uuid),
            "victim_language": "bin",
        },
    )
    assert made.status_code == 302
    session = db.session.scalars(sa.select(HearingSession)).one()
    assert session.starts_at == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    interpreter = make_user(world["nl"], ("mediator_interpreter",), display_name="Ada Tolk")
    add = f"/hearing-sessions/{session.uuid}/participants/new"
    assert "Ada Tolk" in browser.get(add).get_data(as_text=True)
    refused = browser.post(add, {"role": "interpreter", "time_zone": "Europe/London"})
    assert refused.status_code == 422
    assert "Give the interpreter&#39;s two languages." in refused.get_data(as_text=True)
    joined = browser.post(
        add,
        {
            "role": "interpreter",
            "time_zone": "Europe/London",
            "language_pair": "bin-nl",
            "user": str(interpreter.uuid),
        },
    )
    assert joined.status_code == 302
    page = browser.get(f"/testimonies/{testimony.uuid}").get_data(as_text=True)
    assert "09:00 (Europe/Amsterdam)" in page
    assert "08:00 (Europe/London)" in page
    assert "08:00 (Africa/Lagos)" in page
    week = browser.get("/hearings?week=2027-W13").get_data(as_text=True)
    assert case.case_code in week
    assert browser.get(f"/cases/{case.uuid}/testimony").status_code == 200
    form = browser.get(f"/testimonies/{testimony.uuid}/actions/schedule")
    assert form.status_code == 200
    assert browser.get(f"/testimonies/{testimony.uuid}/actions/hold").status_code == 404


def test_api_round_trip(world, api_for) -> None:
    worker, case = world["caseworker"], world["case"]
    client = api_for(user=worker)
    made = client.post(
        f"/api/v1/cases/{case.uuid}/proceedings",
        json={
            "country": "NL",
            "authority": "Amsterdam District Court",
            "kind": "criminal",
            "victim_role": "witness",
            "stage": "trial",
        },
        headers={"Idempotency-Key": "t1"},
    )
    assert made.status_code == 201, made.json
    created = client.post(
        f"/api/v1/cases/{case.uuid}/testimonies",
        json={"proceeding": made.json["id"], "victim_country": "NG"},
        headers={"Idempotency-Key": "t2"},
    )
    assert created.status_code == 201, created.json
    url = f"/api/v1/testimonies/{created.json['id']}/transitions"
    illegal = client.post(
        url,
        json={"action": "request"},
        headers={"Idempotency-Key": "t3", "If-Match": created.headers["ETag"]},
    )
    assert illegal.status_code == 409
    refused = client.post(
        url,
        json={"action": "consult"},
        headers={"Idempotency-Key": "t4", "If-Match": created.headers["ETag"]},
    )
    assert refused.status_code == 422
    assert refused.json["errors"][0]["pointer"] == "#/modality"
    assert (
        client.post(url, json={"action": "consult"}, headers={"Idempotency-Key": "t5"}).status_code
        == 428
    )
    listed = client.get(f"/api/v1/cases/{case.uuid}/testimonies")
    assert listed.json["items"][0]["status"] == "proposed"
    assert client.get("/api/v1/hearings").status_code == 200
    assert client.get("/api/v1/hearings?week=bad").status_code == 422
