"""The case team: colleagues are added by the team, taken off by coordinators; access follows."""

from __future__ import annotations

import sqlalchemy as sa

from referral.cases.models import CaseMember
from referral.cases.permissions import is_case_team
from referral.extensions import db
from referral.notifications.models import Notification
from tests.identity.fixtures import make_org, make_user


def test_team_adds_a_colleague_who_then_works_on_the_case(world, web_for) -> None:
    case, worker = world["case"], world["caseworker"]
    colleague = make_user(world["nl"], ("caseworker",), display_name="Bram Colleague")
    outsider = make_user(make_org("NL"), ("caseworker",))
    assert not is_case_team(colleague, case)
    browser = web_for(user=worker)
    page = browser.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Bram Colleague" in page
    refused = browser.post(f"/cases/{case.uuid}/team", {"user": str(outsider.uuid)})
    assert refused.status_code == 422
    assert "Choose a caseworker of your organisation not on the team." in refused.get_data(
        as_text=True
    )
    empty = browser.post(f"/cases/{case.uuid}/team", {})
    assert empty.status_code == 422
    added = browser.post(f"/cases/{case.uuid}/team", {"user": str(colleague.uuid)})
    assert added.status_code == 302
    db.session.refresh(case)
    assert is_case_team(colleague, case)
    assert db.session.scalar(
        sa.select(Notification).where(
            Notification.user_id == colleague.id, Notification.kind == "case.assigned"
        )
    )
    assert web_for(user=colleague).get(f"/cases/{case.uuid}").status_code == 200


def test_only_coordinators_take_people_off_and_the_last_one_stays(world, web_for, api_for) -> None:
    case, worker = world["case"], world["caseworker"]
    coordinator = make_user(world["nl"], ("coordinator",))
    only = db.session.scalars(sa.select(CaseMember).where(CaseMember.case_id == case.id)).one()
    browser = web_for(user=worker)
    assert browser.post(f"/cases/{case.uuid}/team/{only.uuid}/remove").status_code == 403
    boss = web_for(user=coordinator)
    last = boss.post(f"/cases/{case.uuid}/team/{only.uuid}/remove")
    assert last.status_code == 409
    colleague = make_user(world["nl"], ("caseworker",))
    client = api_for(user=coordinator)
    made = client.post(
        f"/api/v1/cases/{case.uuid}/team",
        json={"user": str(colleague.uuid)},
        headers={"Idempotency-Key": "team-1"},
    )
    assert made.status_code == 201, made.json
    listed = client.get(f"/api/v1/cases/{case.uuid}/team").json["items"]
    assert [m["is_lead"] for m in listed] == [True, False]
    gone = client.delete(f"/api/v1/cases/{case.uuid}/team/{made.json['id']}")
    assert gone.status_code == 204
    db.session.refresh(case)
    assert not is_case_team(colleague, case)
