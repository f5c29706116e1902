"""Field descriptions for server-rendered forms, so templates stay small and consistent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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
