"""Jinja set-up: autoescape, trimmed translations, and the helpers every page uses."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, get_flashed_messages, request
from flask_babel import format_datetime, get_locale

from referral.i18n.formatting import country_name, language_name, native_language_name
from referral.identity.enums import Role


def _page_context() -> dict[str, Any]:
    locale = get_locale()
    code = str(locale) if locale else "en"
    return {
        "page_lang": code.replace("_", "-"),
        "page_dir": locale.text_direction if locale else "ltr",
        "actor": getattr(g, "actor", None),
        "language_options": [
            (option, native_language_name(option)) for option in current_app.config["LOCALES"]
        ],
        "current_locale": code,
        "current_path": request.full_path.rstrip("?") if request else "/",
        "role_titles": {role.value: role.title for role in Role},
    }


def init_templating(app: Flask) -> None:
    """Register filters and context processors."""
    app.jinja_env.autoescape = True
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_page_context)
    app.jinja_env.filters["country"] = country_name
    app.jinja_env.filters["language"] = language_name
    app.jinja_env.filters["local_datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.globals["flashed"] = lambda: get_flashed_messages(with_categories=True)
