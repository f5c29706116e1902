"""Human translations: who asks, what the translator sees, how the dossier shows them."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from referral.audit.models import AuditEvent
from referral.cases import operations as case_ops
from referral.core.errors import ValidationProblem
from referral.core.time import now_utc
from referral.dossiers import operations as dossier_ops
from referral.extensions import db
from referral.notifications.models import Notification
from referral.referrals import operations as referral_ops
from referral.text_translations import operations
from referral.text_translations.enums import TaskStatus
from referral.text_translations.models import TextTranslation, TranslationTask
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]
TRANSLATED = "Le texte traduit par une personne"


@pytest.fixture
def sent(world):
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    interpreter = make_user(world["nl"], ("mediator_interpreter",), display_name="Ada Interpreter")
    return {**world, "referral": referral, "interpreter": interpreter}


def ask(sent, language: str = "fr") -> TranslationTask:
    return operations.request_task(
        sent["caseworker"],
        sent["referral"],
        {"target_lang": language, "assignee": sent["interpreter"].uuid, "note": "Keep 'madam'."},
    )


def details_key(sent) -> str:
    return f"referrals.details.{sent['referral'].uuid}"


def translate(sent, task: TranslationTask, **extra) -> TextTranslation:
    data = {"source": details_key(sent), "text": TRANSLATED, **extra}
    return operations.record_translation(sent["interpreter"], task, data)


def test_translator_sees_exactly_the_free_text_the_recipient_sees(sent) -> None:
    task = ask(sent)
    columns = [(s.table, s.column) for s, _ in operations.task_sources(task)]
    # Health was not in the package: the special needs never reach the translator.
    assert columns == [
        ("risk_assessments", "victim_views"),
        ("risk_assessments", "safety_plan"),
        ("referrals", "details"),
    ]
    assert task.note == "Keep 'madam'."
    assert db.session.scalar(
        sa.select(Notification).where(
            Notification.user_id == sent["interpreter"].id,
            Notification.kind == "translation.requested",
        )
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_lang": "xx"}, "target_lang"),
        ({"assignee": "colleague"}, "assignee"),
        ({"assignee": "foreign"}, "assignee"),
        ({"due_on": "past"}, "due_on"),
    ],
)
def test_bad_requests_name_the_field_and_store_nothing(sent, change, field) -> None:
    colleague = make_user(sent["nl"], ("caseworker",))
    foreign = make_user(make_org("BE"), ("mediator_interpreter",))
    data = {"target_lang": "fr", "assignee": sent["interpreter"].uuid}
    data.update(change)
    if data["assignee"] == "colleague":
        data["assignee"] = colleague.uuid
    if data["assignee"] == "foreign":
        data["assignee"] = foreign.uuid
    if data.get("due_on") == "past":
        data["due_on"] = (now_utc() - timedelta(days=1)).date()
    with pytest.raises(ValidationProblem) as refused:
        operations.request_task(sent["caseworker"], sent["referral"], data)
    assert [name for name, _ in refused.value.field_errors] == [field]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TranslationTask)) == 0


def test_one_open_task_per_language(sent) -> None:
    ask(sent)
    with pytest.raises(ValidationProblem):
        ask(sent)


def test_translation_is_encrypted_audited_and_replaces_the_earlier_one(sent) -> None:
    task = ask(sent)
    first = translate(sent, task)
    second = translate(sent, task, is_certified=True, certification_ref="Sworn 123")
    db.session.refresh(first)
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert TRANSLATED.encode() not in second.text_encrypted
    current = operations.current_translations(sent["referral"], "fr")
    assert current == {(details_key(sent), "fr"): second}
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_uuid == second.uuid)
    ).all()
    assert actions == ["translation.recorded"]
    assert second.translator == "Ada Interpreter"
    assert second.translator_org == sent["nl"].name


def test_a_changed_original_makes_the_translation_stale(sent) -> None:
    task = ask(sent)
    operations.record_translation(
        sent["interpreter"],
        task,
        {
            "source": f"risk_assessments.safety_plan.{sent['case'].current_risk.uuid}",
            "text": "Plan traduit",
        },
    )
    assert len(operations.current_translations(sent["referral"])) == 1
    case_ops.add_risk_assessment(
        sent["caseworker"],
        sent["case"],
        {
            "method": "interview",
            "level_victim": "high",
            "level_family": "high",
            "level_staff": "low",
            "safety_plan": "A new plan",
            "next_review_on": (now_utc() + timedelta(days=7)).date(),
        },
    )
    assert operations.current_translations(sent["referral"]) == {}


def test_unknown_source_and_future_date_are_refused(sent) -> None:
    task = ask(sent)
    with pytest.raises(ValidationProblem) as refused:
        operations.record_translation(
            sent["interpreter"],
            task,
            {"source": f"cases.special_needs.{sent['case'].uuid}", "text": "x"},
        )
    assert refused.value.field_errors[0][0] == "source"
    with pytest.raises(ValidationProblem) as refused:
        translate(sent, task, translated_on=(now_utc() + timedelta(days=2)).date())
    assert refused.value.field_errors[0][0] == "translated_on"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TextTranslation)) == 0


def test_dossier_shows_translation_beside_the_original(sent) -> None:
    task = ask(sent, "fr")
    translate(sent, task, is_certified=True, certification_ref="Sworn 4711")
    dossier = dossier_ops.request_dossier(sent["officer"], sent["referral"], "fr")
    db.session.refresh(dossier)
    pdf = dossier_ops.download(sent["officer"], dossier)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Wants to go home to Benin City canary" in flat  # the original stays
    assert TRANSLATED in flat
    assert "Ada Interpreter" in flat
    assert "Sworn 4711" in flat
    assert "Traduction certifiée" in flat
    # The other free text has no translation and says so, in French.
    assert "Texte original, non traduit." in flat


def test_new_translation_makes_a_new_dossier(sent) -> None:
    first = dossier_ops.request_dossier(sent["officer"], sent["referral"], "fr")
    translate(sent, ask(sent, "fr"))
    second = dossier_ops.request_dossier(sent["officer"], sent["referral"], "fr")
    assert first.uuid != second.uuid
    assert dossier_ops.request_dossier(sent["officer"], sent["referral"], "fr") == second


def test_finishing_ends_the_translators_access_and_tells_the_requester(sent) -> None:
    task = ask(sent)
    operations.complete_task(sent["interpreter"], task)
    assert task.status == TaskStatus.done
    from referral.text_translations.permissions import can_view_task, tasks_visible_to

    assert not can_view_task(sent["interpreter"], task)
    assert task not in db.session.scalars(tasks_visible_to(sent["interpreter"])).all()
    assert can_view_task(sent["caseworker"], task)
    assert db.session.scalar(
        sa.select(Notification).where(
            Notification.user_id == sent["caseworker"].id,
            Notification.kind == "translation.completed",
        )
    )


def test_withdrawing_the_referral_cancels_open_tasks(sent) -> None:
    task = ask(sent)
    referral_ops.transition_referral(
        sent["caseworker"],
        sent["referral"],
        {"action": "withdraw", "withdrawal_reason": "victim_request"},
    )
    assert task.status == TaskStatus.cancelled
    from referral.text_translations.permissions import can_translate

    assert not can_translate(sent["interpreter"], task)


def test_pages_for_the_translator_and_the_requester(sent, web_for) -> None:
    requester = web_for(user=sent["caseworker"])
    page = requester.get(f"/referrals/{sent['referral'].uuid}")
    assert "/translation-tasks/new" in page.get_data(as_text=True)
    new = f"/referrals/{sent['referral'].uuid}/translation-tasks/new"
    refused = requester.post(new, {"target_lang": "fr", "assignee": ""})
    assert refused.status_code == 422
    assert "This field is required." in refused.get_data(as_text=True)
    created = requester.post(new, {"target_lang": "fr", "assignee": str(sent["interpreter"].uuid)})
    assert created.status_code == 302
    task = db.session.scalars(sa.select(TranslationTask)).one()

    translator = web_for(user=sent["interpreter"])
    home = translator.get("/").get_data(as_text=True)
    assert "1 open translation task" in home
    page = translator.get(f"/translation-tasks/{task.uuid}").get_data(as_text=True)
    assert "Wants to go home to Benin City canary" in page
    assert "asthma canary" not in page  # health was not shared
    url = f"/translation-tasks/{task.uuid}/translations"
    bad = translator.post(url, {"source": details_key(sent), "text": "x", "is_certified": "on"})
    assert bad.status_code == 422
    assert "sworn-translator reference" in bad.get_data(as_text=True)
    assert "x</textarea>" in bad.get_data(as_text=True)  # the input is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TextTranslation)) == 0
    saved = translator.post(url, {"source": details_key(sent), "text": TRANSLATED})
    assert saved.status_code == 302
    assert translator.post(f"/translation-tasks/{task.uuid}/complete").status_code == 302
    assert translator.get(f"/translation-tasks/{task.uuid}").status_code == 404
    assert TRANSLATED in requester.get(f"/translation-tasks/{task.uuid}").get_data(as_text=True)


def test_api_round_trip_with_problem_details(sent, api_for) -> None:
    requester = api_for(user=sent["caseworker"])
    url = f"/api/v1/referrals/{sent['referral'].uuid}/translation-tasks"
    refused = requester.post(
        url,
        json={"target_lang": "fr", "assignee": str(uuid.uuid4())},
        headers={"Idempotency-Key": "t1"},
    )
    assert refused.status_code == 422
    assert refused.content_type == "application/problem+json"
    assert [e["pointer"] for e in refused.json["errors"]] == ["#/assignee"]
    created = requester.post(
        url,
        json={"target_lang": "fr", "assignee": str(sent["interpreter"].uuid)},
        headers={"Idempotency-Key": "t2"},
    )
    assert created.status_code == 201, created.json
    task_id = created.json["id"]
    translator = api_for(user=sent["interpreter"])
    detail = translator.get(f"/api/v1/translation-tasks/{task_id}").json
    source = next(s for s in detail["sources"] if s["key"].startswith("referrals.details"))
    assert source["translation"] is None
    saved = translator.post(
        f"/api/v1/translation-tasks/{task_id}/translations",
        json={"source": source["key"], "text": TRANSLATED, "is_certified": False},
        headers={"Idempotency-Key": "t3"},
    )
    assert saved.status_code == 201, saved.json
    detail = requester.get(f"/api/v1/translation-tasks/{task_id}").json
    source = next(s for s in detail["sources"] if s["key"].startswith("referrals.details"))
    assert source["translation"]["text"] == TRANSLATED
    listed = translator.get("/api/v1/translation-tasks").json
    assert [t["id"] for t in listed] == [task_id]
    cancel = f"/api/v1/translation-tasks/{task_id}/cancel"
    assert requester.post(cancel).status_code == 400  # the Idempotency-Key is required
    assert requester.post(cancel, headers={"Idempotency-Key": "t4"}).status_code == 200
    assert translator.get(f"/api/v1/translation-tasks/{task_id}").status_code == 404
