"""Translation task states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class TaskStatus(TitledEnum):
    """open until the translator finishes it or the requesting side cancels it."""

    open = "open", _l("Open")
    done = "done", _l("Done")
    cancelled = "cancelled", _l("Cancelled")
