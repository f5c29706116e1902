"""Translation work: ask an interpreter or mediator, record their translations, finish or cancel.

Only human translations are stored. Each one is tied to the SHA-256 of the exact original it
translates; when the original changes the translation is no longer shown as current.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.identity.queries import active_members_with_role
from referral.notifications.operations import notify_users
from referral.referrals.models import Referral
from referral.referrals.signals import referral_withdrawn
from referral.text_translations.enums import TaskStatus
from referral.text_translations.models import TextTranslation, TranslationTask
from referral.text_translations.sources import SourceText, sources_for


def translators_of(actor: User) -> list[User]:
    """Active interpreters and mediators of the actor's organisation, who can be given a task."""
    return active_members_with_role(actor.organisation_id, Role.mediator_interpreter)


def _open_task_exists(referral: Referral, org_id: int, target_lang: str) -> bool:
    return (
        db.session.scalar(
            sa.select(TranslationTask.id).where(
                TranslationTask.referral_id == referral.id,
                TranslationTask.requesting_org_id == org_id,
                TranslationTask.target_lang == target_lang,
                TranslationTask.status == TaskStatus.open,
            )
        )
        is not None
    )


@operation
def request_task(actor: User, referral: Referral, data: dict[str, Any]) -> TranslationTask:
    """Ask one of our interpreters or mediators to translate the referral's free text."""
    errors = []
    target_lang = data["target_lang"]
    if target_lang not in current_app.config["LOCALES"]:
        errors.append(("target_lang", str(_l("Choose one of the languages."))))
    assignee = next((u for u in translators_of(actor) if u.uuid == data["assignee"]), None)
    if assignee is None:
        errors.append(
            ("assignee", str(_l("Choose an interpreter or mediator of your organisation.")))
        )
    if not errors and _open_task_exists(referral, actor.organisation_id, target_lang):
        errors.append(("target_lang", str(_l("A translation into this language is already open."))))
    if data.get("due_on") and data["due_on"] < now_utc().date():
        errors.append(("due_on", str(_l("The date cannot be in the past."))))
    if errors:
        raise ValidationProblem(errors=errors)
    if not sources_for(referral):
        raise IllegalTransition(str(_l("The recipient sees no free text in this referral.")))
    task = TranslationTask(
        case=referral.case,
        referral=referral,
        requesting_org_id=actor.organisation_id,
        requested_by=actor,
        assignee=assignee,
        target_lang=target_lang,
        status=TaskStatus.open,
        due_on=data.get("due_on"),
    )
    db.session.add(task)
    task.note = data.get("note")
    db.session.flush()
    audit.record(actor, "translation.requested", task, case_code=referral.case.case_code)
    notify_users([assignee], "translation.requested", task)
    return task


def current_translations(referral: Referral, target_lang: str | None = None) -> dict:
    """{(source key, target language): translation} for translations of the text as it is now."""
    sources = {source.key: source for source in sources_for(referral)}
    if not sources:
        return {}
    query = sa.select(TextTranslation).where(
        TextTranslation.case_id == referral.case_id, TextTranslation.superseded_at.is_(None)
    )
    if target_lang is not None:
        query = query.where(TextTranslation.target_lang == target_lang)
    found = {}
    for translation in db.session.scalars(query):
        key = f"{translation.source_table}.{translation.source_column}.{translation.source_uuid}"
        source = sources.get(key)
        if source is not None and source.sha256 == translation.source_sha256:
            found[(key, translation.target_lang)] = translation
    return found


def task_sources(task: TranslationTask) -> list[tuple[SourceText, TextTranslation | None]]:
    """Each original the task covers, with its current translation into the task's language."""
    current = current_translations(task.referral, task.target_lang)
    return [
        (source, current.get((source.key, task.target_lang)))
        for source in sources_for(task.referral)
    ]


@operation
def record_translation(actor: User, task: TranslationTask, data: dict[str, Any]) -> TextTranslation:
    """Attach a human translation of one original; it replaces an earlier one for the same text."""
    if task.status != TaskStatus.open or not task.referral.is_open:
        raise IllegalTransition(str(_l("This translation task is closed.")))
    source = next((s for s in sources_for(task.referral) if s.key == data["source"]), None)
    errors = []
    if source is None:
        errors.append(("source", str(_l("This text is not part of the task."))))
    translated_on = data.get("translated_on") or now_utc().date()
    if translated_on > now_utc().date():
        errors.append(("translated_on", str(_l("The date cannot be in the future."))))
    if errors or source is None:
        raise ValidationProblem(errors=errors)
    now = now_utc()
    earlier = db.session.scalars(
        sa.select(TextTranslation).where(
            TextTranslation.source_table == source.table,
            TextTranslation.source_column == source.column,
            TextTranslation.source_uuid == source.row_uuid,
            TextTranslation.target_lang == task.target_lang,
            TextTranslation.superseded_at.is_(None),
        )
    )
    for old in earlier:
        old.superseded_at = now
    translation = TextTranslation(
        case=task.case,
        task=task,
        source_table=source.table,
        source_column=source.column,
        source_uuid=source.row_uuid,
        source_sha256=source.sha256,
        source_lang=data.get("source_lang") or source.lang,
        target_lang=task.target_lang,
        translator=data.get("translator") or actor.display_name,
        translator_org=data.get("translator_org") or actor.organisation.name,
        translated_on=translated_on,
        is_certified=bool(data.get("is_certified")),
        certification_ref=data.get("certification_ref") if data.get("is_certified") else None,
        recorded_by=actor,
    )
    db.session.add(translation)
    translation.text = data["text"]
    db.session.flush()
    audit.record(
        actor,
        "translation.recorded",
        translation,
        case_code=task.case.case_code,
        fields=[f"{source.table}.{source.column}"],
    )
    return translation


def _close(actor: User, task: TranslationTask, status: TaskStatus, action: str) -> None:
    if task.status != TaskStatus.open:
        raise IllegalTransition(str(_l("This translation task is closed.")))
    task.status = status
    task.closed_at = now_utc()
    audit.record(actor, action, task, case_code=task.case.case_code)


@operation
def complete_task(actor: User, task: TranslationTask) -> TranslationTask:
    """The translator has finished; the person who asked is told."""
    _close(actor, task, TaskStatus.done, "translation.completed")
    notify_users([task.requested_by], "translation.completed", task)
    return task


@operation
def cancel_task(actor: User, task: TranslationTask) -> TranslationTask:
    """The requesting side no longer needs it; the translator loses access and is told."""
    _close(actor, task, TaskStatus.cancelled, "translation.cancelled")
    notify_users([task.assignee], "translation.cancelled", task)
    return task


@referral_withdrawn.connect
def _cancel_on_withdrawal(referral: Referral, actor: Any, reason: str) -> None:
    """A withdrawn referral (consent withdrawn, too) ends every open translation task on it."""
    tasks = db.session.scalars(
        sa.select(TranslationTask).where(
            TranslationTask.referral_id == referral.id, TranslationTask.status == TaskStatus.open
        )
    )
    for task in tasks:
        _close(actor, task, TaskStatus.cancelled, "translation.cancelled")


def tasks_of(referral: Referral, actor: User) -> list[TranslationTask]:
    """The tasks the actor's organisation asked for on this referral, newest first."""
    return list(
        db.session.scalars(
            sa.select(TranslationTask)
            .where(
                TranslationTask.referral_id == referral.id,
                TranslationTask.requesting_org_id == actor.organisation_id,
            )
            .order_by(TranslationTask.created_at.desc())
        )
    )
