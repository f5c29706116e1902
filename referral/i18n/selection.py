"""Which language and time zone a request is served in."""

from __future__ import annotations

from flask import current_app, g, request, session


def shipped_locales() -> list[str]:
    """Locales offered in the language switcher."""
    return list(current_app.config["LOCALES"])


def select_locale() -> str:
    """User setting, then the choice made before login, then Accept-Language, then default."""
    offered = shipped_locales()
    actor = getattr(g, "actor", None)
    if actor is not None and actor.locale in offered:
        return actor.locale
    chosen = session.get("locale") if _has_session() else None
    if chosen in offered:
        return chosen
    best = request.accept_languages.best_match(offered) if request else None
    return best or current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    """User setting, then organisation, then the configured default."""
    actor = getattr(g, "actor", None)
    if actor is not None:
        return actor.time_zone or actor.organisation.time_zone or "UTC"
    return current_app.config["DEFAULT_TIMEZONE"]


def _has_session() -> bool:
    try:
        return bool(request)
    except RuntimeError:
        return False
