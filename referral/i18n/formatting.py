"""Names and formats from Babel's CLDR data, in the current locale."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import datetime

from babel import Locale
from flask_babel import format_datetime, get_locale


def _locale() -> Locale:
    return get_locale() or Locale("en")


def country_name(code: str | None) -> str:
    """The country's name in the current locale, or the code when CLDR has none."""
    if not code:
        return ""
    return _locale().territories.get(code.upper(), code.upper())


def language_name(code: str | None) -> str:
    """The language's name in the current locale, or the code when CLDR has none."""
    if not code:
        return ""
    return _locale().languages.get(code, code)


def text_direction(locale: Locale | None = None) -> str:
    """'rtl' or 'ltr' for the locale, from CLDR."""
    return (locale or _locale()).text_direction


def isolated(text: str) -> str:
    """`text` between Unicode directional isolates (FSI … PDI), for a code or a name set
    inside a translated sentence: it keeps its own direction and leaves the sentence's
    punctuation where it belongs, in right-to-left languages too. For plain text, where
    `<bdi>` is not available (form hints, flash messages)."""
    return "\u2068" + text + "\u2069"


def format_datetime_local(value: datetime | None, fmt: str = "medium") -> str:
    """A UTC datetime shown in the request's time zone and locale."""
    if value is None:
        return ""
    return format_datetime(value, fmt)


def country_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs of two-letter countries, sorted by their local name."""
    territories = _locale().territories
    pool = codes or [c for c in territories if len(c) == 2 and c.isalpha() and c not in {"ZZ"}]
    pairs = [(code, territories.get(code, code)) for code in pool]
    return sorted(pairs, key=lambda pair: pair[1])


def language_choices(codes: list[str]) -> list[tuple[str, str]]:
    """(code, name) pairs for the given language codes, named in the current locale."""
    languages = _locale().languages
    return sorted(((c, languages.get(c, c)) for c in codes), key=lambda pair: pair[1])


def native_language_name(code: str) -> str:
    """A language named in itself, for the language switcher."""
    locale = Locale.parse(code)
    return (locale.get_display_name(locale) or code).capitalize()


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """(IANA name, label) pairs people pick from (Area/City), sorted."""
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "Canada/"))
    )
    return [(zone, zone.replace("_", " ")) for zone in zones] + [("UTC", "UTC")]
