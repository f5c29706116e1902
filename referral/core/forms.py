"""Field descriptions for server-rendered forms, so templates stay small and consistent."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Field:
    """One form field: the template macro `fields.render` draws it with label, hint and error."""

    name: str
    label: Any
    kind: str = (
        "text"  # text, textarea, date, datetime, number, email, tel, select, checkboxes, checkbox
    )
    options: list[tuple[str, Any]] = field(default_factory=list)
    hint: Any = None
    required: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


def local_to_utc(value: str, time_zone: str) -> str:
    """A datetime-local form value in the user's zone, as an RFC 3339 string with its offset.

    :raise ValueError: when the value is not a date and time (the schema then reports it).
    """
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    return moment.isoformat()


def enum_options(enum_cls: Iterable[Any], blank: Any = None) -> list[tuple[str, Any]]:
    """(value, translated title) for every member; an optional blank first choice."""
    options = [("", blank)] if blank is not None else []
    return options + [(member.value, member.title) for member in enum_cls]


def form_page(
    heading: Any,
    fields: list[Field],
    form: dict[str, Any],
    errors: dict[str, str],
    action: str,
    submit_label: Any,
    status: int = 200,
    **extra: Any,
) -> tuple[str, int]:
    """Render the shared one-form page (errors re-render with the input kept)."""
    from flask import render_template

    page = render_template(
        "form_page.html",
        heading=heading,
        fields=fields,
        form=form,
        errors=errors,
        action=action,
        submit_label=submit_label,
        **extra,
    )
    return page, status


def form_flow(
    heading: Any,
    fields: list[Field],
    schema: Any,
    apply: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    submit_label: Any,
    saved_message: Any,
    *,
    initial: dict[str, Any] | None = None,
    list_fields: tuple[str, ...] = (),
    **page: Any,
) -> Any:
    """A one-form page: GET shows it, POST applies it and redirects to `done(result)`.

    Refused input re-renders with field messages and the input kept (422; 409 when the record's
    state refused it); nothing is stored on error.
    """
    from flask import flash, redirect, request

    from referral.core.errors import IllegalTransition, ValidationProblem, problem_errors
    from referral.core.schemas import load_form

    form: dict[str, Any] = dict(initial or {})
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        loaded = load_form(schema, request.form, list_fields=list_fields)
        form, errors = loaded.raw, loaded.errors
        if not errors:
            try:
                result = apply(loaded.data)
            except (ValidationProblem, IllegalTransition) as problem:
                errors = problem_errors(problem)
            else:
                flash(str(saved_message), "success")
                return redirect(done(result))
        status = 409 if "_form" in errors else 422
    return form_page(heading, fields, form, errors, request.path, submit_label, status, **page)


def step_form(
    record: Any,
    action: Any,
    fields: list[Field],
    schema: Any,
    apply: Callable[[dict[str, Any]], Any],
    done_url: str,
    stale_message: Any,
    *,
    prepare: Callable[[Any], Any] | None = None,
    list_fields: tuple[str, ...] = (),
    **page: Any,
) -> Any:
    """One state-machine step as its own form page (GET shows it, POST applies it).

    The form carries the record's version; a refused step re-renders with field messages and
    the input kept (422), a stale one says so (409); nothing is stored on error.
    """
    from flask import flash, redirect, request

    from referral.core.errors import (
        IllegalTransition,
        StaleVersion,
        ValidationProblem,
        problem_errors,
    )
    from referral.core.schemas import load_form
    from referral.i18n import _

    form: dict[str, Any] = {"version": record.version}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        data = request.form.copy()
        data["action"] = action.value
        if prepare is not None:
            prepare(data)
        loaded = load_form(schema, data, list_fields=list_fields)
        form = {**request.form.to_dict(), "version": request.form.get("version")}
        for name in list_fields:
            form[name] = request.form.getlist(name)
        errors = loaded.errors
        if not errors:
            try:
                apply(loaded.data)
            except StaleVersion:
                errors = {"_form": str(stale_message)}
                form["version"] = record.version
            except (ValidationProblem, IllegalTransition) as problem:
                errors = problem_errors(problem)
            else:
                flash(_("Done: %(action)s.", action=action.title), "success")
                return redirect(done_url)
        status = 409 if "_form" in errors else 422
    return form_page(action.title, fields, form, errors, request.path, action.title, status, **page)
