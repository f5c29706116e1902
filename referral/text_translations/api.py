"""JSON API for translation tasks and human translations."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.extensions import db
from referral.referrals.models import Referral
from referral.referrals.permissions import referrals_visible_to
from referral.text_translations import operations
from referral.text_translations.models import TextTranslation, TranslationTask
from referral.text_translations.permissions import (
    can_cancel_task,
    can_list_tasks,
    can_request_translation,
    can_translate,
    can_view_task,
    tasks_visible_to,
)
from referral.text_translations.schemas import (
    TaskDetailSchema,
    TaskRequestSchema,
    TaskSchema,
    TranslationInputSchema,
    TranslationSchema,
)

blp = Blueprint("text_translations_api", __name__, url_prefix="/api/v1", description="translations")


def _task(task_id: uuid.UUID) -> TranslationTask:
    task: TranslationTask = load_visible(TranslationTask, task_id, tasks_visible_to)
    require(can_view_task, task, hide=True)
    return task


@blp.route("/translation-tasks")
class Tasks(MethodView):
    """Translation work visible to the caller."""

    @policy(can_list_tasks, scope="referrals:read")
    @blp.response(200, TaskSchema(many=True))
    def get(self) -> list[TranslationTask]:
        """Open tasks assigned to me, and tasks my organisation asked for."""
        actor = require(can_list_tasks)
        return list(
            db.session.scalars(
                tasks_visible_to(actor).order_by(TranslationTask.created_at.desc()).limit(200)
            )
        )


@blp.route("/referrals/<uuid:referral_id>/translation-tasks")
class ReferralTasks(MethodView):
    """Ask for a human translation of a referral's free text."""

    @policy(can_request_translation, scope="referrals:write")
    @idempotent
    @blp.arguments(TaskRequestSchema)
    @blp.response(201, TaskSchema)
    def post(self, data: dict[str, Any], referral_id: uuid.UUID) -> TranslationTask:
        """Assign an interpreter or mediator of the caller's organisation."""
        referral = load_visible(Referral, referral_id, referrals_visible_to)
        actor = require(can_request_translation, referral)
        return operations.request_task(actor, referral, data)


@blp.route("/translation-tasks/<uuid:task_id>")
class TaskById(MethodView):
    """One task, with the originals and their current translations."""

    @policy(can_view_task, scope="referrals:read")
    @blp.response(200, TaskDetailSchema)
    def get(self, task_id: uuid.UUID) -> TranslationTask:
        """Originals the recipient may see, each with its translation into the task's language."""
        return _task(task_id)


@blp.route("/translation-tasks/<uuid:task_id>/translations")
class TaskTranslations(MethodView):
    """Attach a translation."""

    @policy(can_translate, scope="referrals:write")
    @idempotent
    @blp.arguments(TranslationInputSchema)
    @blp.response(201, TranslationSchema)
    def post(self, data: dict[str, Any], task_id: uuid.UUID) -> TextTranslation:
        """One original (by `source` key), translated; replaces an earlier translation of it."""
        task = _task(task_id)
        actor = require(can_translate, task)
        return operations.record_translation(actor, task, data)


@blp.route("/translation-tasks/<uuid:task_id>/complete")
class CompleteTask(MethodView):
    """Finish a task."""

    @policy(can_translate, scope="referrals:write")
    @idempotent
    @blp.response(200, TaskSchema)
    def post(self, task_id: uuid.UUID) -> TranslationTask:
        """The translator is done; the person who asked is told."""
        task = _task(task_id)
        return operations.complete_task(require(can_translate, task), task)


@blp.route("/translation-tasks/<uuid:task_id>/cancel")
class CancelTask(MethodView):
    """Cancel a task."""

    @policy(can_cancel_task, scope="referrals:write")
    @idempotent
    @blp.response(200, TaskSchema)
    def post(self, task_id: uuid.UUID) -> TranslationTask:
        """The requesting side no longer needs it; the translator loses access."""
        task = _task(task_id)
        return operations.cancel_task(require(can_cancel_task, task), task)
