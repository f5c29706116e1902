"""Jinja set-up: autoescape, trimmed translations, and the helpers every page uses."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from babel.dates import format_datetime as babel_datetime
from flask import Flask, current_app, g, get_flashed_messages, request
from flask_babel import format_date, format_datetime, get_locale

from referral.i18n.formatting import country_name, isolated, language_name, native_language_name
from referral.identity.enums import Role


def _unread() -> int:
    actor = getattr(g, "actor", None)
    if actor is None:
        return 0
    from referral.notifications.operations import unread_count

    return unread_count(actor)


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
        "unread_notices": _unread(),
    }


@functools.cache
def _enum_registry() -> dict[str, type]:
    from referral.audit import enums as audit_enums
    from referral.cases import enums as case_enums
    from referral.compensation import enums as compensation_enums
    from referral.consent import enums as consent_enums
    from referral.directory import enums as directory_enums
    from referral.i18n.enums import TitledEnum
    from referral.identity import enums as identity_enums
    from referral.protection import enums as protection_enums
    from referral.referrals import enums as referral_enums
    from referral.testimony import enums as testimony_enums

    registry = {}
    modules = (
        audit_enums,
        case_enums,
        consent_enums,
        directory_enums,
        identity_enums,
        referral_enums,
        protection_enums,
        testimony_enums,
        compensation_enums,
    )
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, TitledEnum)
                and value is not TitledEnum
            ):
                registry[value.__name__] = value
    return registry


def in_zone(value: Any, zone: str, fmt: str = "EEE d MMM y, HH:mm") -> str:
    """An aware datetime shown in another time zone, in the page's locale, with the zone name."""
    if not value:
        return ""
    locale = get_locale() or "en"
    shown = babel_datetime(value, fmt, tzinfo=zoneinfo.ZoneInfo(zone), locale=locale)
    return f"{shown} ({zone})"


def enum_title(name: str, value: Any) -> Any:
    """The translated title of `value` in the enum called `name` (the value itself if unknown)."""
    if value in (None, ""):
        return "-"
    try:
        return _enum_registry()[name](value).title
    except (KeyError, ValueError):
        return value


def category_titles(categories: Any) -> str:
    """Translated names of data categories, comma-separated."""
    from referral.cases.enums import DataCategory

    return ", ".join(str(DataCategory(c).title) for c in sorted(categories)) or "-"


def relative_deadline(due: Any, now: Any) -> str:
    """'in 3 days' or '2 days overdue', in the page language."""
    from flask_babel import format_timedelta, gettext

    if due is None:
        return ""
    delta = due - now
    if delta.total_seconds() >= 0:
        return gettext("in %(time)s", time=format_timedelta(delta, granularity="hour"))
    return gettext("%(time)s overdue", time=format_timedelta(-delta, granularity="hour"))


def text_dir(text: Any) -> str:
    """'rtl' or 'ltr' from the first strong character (for renderers without dir=auto)."""
    import unicodedata

    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def iso_datetime(value: Any, fmt: str = "medium") -> str:
    """An ISO timestamp (as dumped for PDFs) in the current locale, in UTC, zone stated."""
    from datetime import datetime

    if not value:
        return "-"
    moment = datetime.fromisoformat(str(value))
    return f"{format_datetime(moment, fmt, rebase=False)} UTC"


def iso_date(value: Any) -> str:
    """An ISO date in the current locale."""
    from datetime import date, datetime

    if not value:
        return "-"
    text = str(value)
    parsed = datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    return format_date(parsed, "medium")


def init_templating(app: Flask) -> None:
    """Register filters and context processors."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from referral.config import ROOT

    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(ROOT / "templates"), FileSystemLoader(ROOT / "pdf_templates")]
    )
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
    app.jinja_env.filters["in_zone"] = in_zone
    from referral.compensation.money import format_money

    app.jinja_env.filters["money"] = lambda amount_minor, currency: format_money(
        amount_minor, currency
    )
    # Jinja's `capitalize` lowercases the rest, which breaks German nouns and names.
    app.jinja_env.filters["first_upper"] = lambda text: (
        str(text)[:1].upper() + str(text)[1:] if text else ""
    )
    app.jinja_env.globals["flashed"] = lambda: get_flashed_messages(with_categories=True)
    app.jinja_env.globals["enum_title"] = enum_title
    app.jinja_env.globals["category_titles"] = category_titles
    app.jinja_env.globals["masked_categories"] = {"identity", "contact", "location"}
    app.jinja_env.globals["relative_deadline"] = relative_deadline
    app.jinja_env.filters["text_dir"] = text_dir
    app.jinja_env.filters["isolated"] = isolated
    app.jinja_env.filters["iso_datetime"] = iso_datetime
    app.jinja_env.filters["iso_date"] = iso_date
    app.jinja_env.filters["date_medium"] = lambda value: (
        format_date(value, "medium") if value else ""
    )
