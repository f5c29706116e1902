"""Translation functions, locale and time-zone selection, and Babel-backed formatting."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext as _n
from flask_babel import pgettext as _p

from referral.i18n.formatting import (
    country_name,
    format_datetime_local,
    language_name,
    text_direction,
)
from referral.i18n.selection import select_locale, select_timezone

__all__ = [
    "_",
    "_l",
    "_n",
    "_p",
    "country_name",
    "format_datetime_local",
    "language_name",
    "select_locale",
    "select_timezone",
    "text_direction",
]
