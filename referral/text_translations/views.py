"""HTML pages: ask for a translation, the translator's task list and task page."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from referral.core.errors import IllegalTransition, ValidationProblem, problem_errors
from referral.core.forms import Field, form_flow
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.extensions import db
from referral.i18n import _
from referral.i18n.formatting import language_choices
from referral.identity.models import User
from referral.referrals.models import Referral
from referral.referrals.permissions import referrals_visible_to
from referral.text_translations import operations
from referral.text_translations.models import TranslationTask
from referral.text_translations.permissions import (
    can_cancel_task,
    can_list_tasks,
    can_request_translation,
    can_translate,
    can_view_task,
    is_requesting_side,
    tasks_visible_to,
)
from referral.text_translations.schemas import TaskRequestSchema, TranslationInputSchema

bp = Blueprint("text_translations", __name__)


@bp.app_context_processor
def translation_helpers() -> dict[str, object]:
    """Lets the referral page list translation work without the referrals package knowing it."""
    return {
        "translation_tasks_of": operations.tasks_of,
        "can_request_translation": can_request_translation,
    }


def _request_fields(actor: User) -> list[Field]:
    languages = [("", ""), *language_choices(current_app.config["LOCALES"])]
    translators = [(str(u.uuid), u.display_name) for u in operations.translators_of(actor)]
    return [
        Field("target_lang", _("Translate into"), "select", options=languages, required=True),
        Field(
            "assignee",
            _("Interpreter or cultural mediator"),
            "select",
            options=[("", ""), *translators],
            required=True,
            hint=_("People of your organisation with the interpreter or mediator role."),
        ),
        Field("due_on", _("Needed by"), "date"),
        Field(
            "note",
            _("Instructions"),
            "textarea",
            hint=_("Context or terms to keep. Do not write names or addresses here."),
        ),
    ]


@bp.route("/referrals/<uuid:referral_id>/translation-tasks/new", methods=["GET", "POST"])
@policy(can_request_translation)
def new_task(referral_id: uuid.UUID) -> ResponseReturnValue:
    """Ask an interpreter or mediator to translate the free text the recipient sees."""
    referral: Referral = load_visible(Referral, referral_id, referrals_visible_to)
    actor = require(can_request_translation, referral)
    return form_flow(
        _("Ask for a human translation"),
        _request_fields(actor),
        TaskRequestSchema(),
        lambda data: operations.request_task(actor, referral, data),
        lambda task: url_for("text_translations.detail", task_id=task.uuid),
        _("Ask for the translation"),
        _("The translation was asked for."),
        initial={"target_lang": request.args.get("language", "")},
        caption=referral.case.case_code,
        intro=_(
            "The translator sees only the free text the receiving organisation may see, "
            "and only until the task is finished."
        ),
        back_url=url_for("referrals.detail", referral_id=referral.uuid),
        back_label=_("Back to the referral"),
    )


@bp.get("/translation-tasks")
@policy(can_list_tasks)
def index() -> ResponseReturnValue:
    """Translation work: assigned to me, or asked for by my organisation."""
    actor = require(can_list_tasks)
    tasks = db.session.scalars(
        tasks_visible_to(actor).order_by(TranslationTask.created_at.desc()).limit(200)
    ).all()
    return render_template("text_translations/index.html", tasks=tasks)


def _detail(
    actor: User,
    task: TranslationTask,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return (
        render_template(
            "text_translations/detail.html",
            task=task,
            items=operations.task_sources(task),
            can_translate=can_translate(actor, task),
            can_cancel=can_cancel_task(actor, task),
            can_open_referral=is_requesting_side(actor, task),
            errors=errors or {},
            form=form or {},
        ),
        status,
    )


@bp.get("/translation-tasks/<uuid:task_id>")
@policy(can_view_task)
def detail(task_id: uuid.UUID) -> ResponseReturnValue:
    """Each original with its translation, and (for the translator) a form per text."""
    task: TranslationTask = load_visible(TranslationTask, task_id, tasks_visible_to)
    actor = require(can_view_task, task, hide=True)
    return _detail(actor, task)


@bp.post("/translation-tasks/<uuid:task_id>/translations")
@policy(can_translate)
def record(task_id: uuid.UUID) -> ResponseReturnValue:
    """Save one translation."""
    task: TranslationTask = load_visible(TranslationTask, task_id, tasks_visible_to)
    require(can_view_task, task, hide=True)
    actor = require(can_translate, task)
    loaded = load_form(TranslationInputSchema(), request.form)
    errors = loaded.errors
    if not errors:
        try:
            operations.record_translation(actor, task, loaded.data)
        except (ValidationProblem, IllegalTransition) as problem:
            errors = problem_errors(problem)
        else:
            flash(_("The translation is saved."), "info")
            return redirect(url_for("text_translations.detail", task_id=task.uuid))
    return _detail(actor, task, errors, loaded.raw, 422)


def _close(task_id: uuid.UUID, predicate: Any, action: Any, done: str) -> ResponseReturnValue:
    task: TranslationTask = load_visible(TranslationTask, task_id, tasks_visible_to)
    require(can_view_task, task, hide=True)
    actor = require(predicate, task)
    try:
        action(actor, task)
    except HTTPException as problem:
        return _detail(actor, task, problem_errors(problem), None, 409)
    flash(done, "info")
    return redirect(url_for("text_translations.index"))


@bp.post("/translation-tasks/<uuid:task_id>/complete")
@policy(can_translate)
def complete(task_id: uuid.UUID) -> ResponseReturnValue:
    """The translator has finished."""
    return _close(task_id, can_translate, operations.complete_task, _("The task is finished."))


@bp.post("/translation-tasks/<uuid:task_id>/cancel")
@policy(can_cancel_task)
def cancel(task_id: uuid.UUID) -> ResponseReturnValue:
    """The requesting side no longer needs the translation."""
    return _close(task_id, can_cancel_task, operations.cancel_task, _("The task is cancelled."))
