"""Enums whose members carry a translated title."""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import LazyString


class TitledEnum(enum.StrEnum):
    """`member = "value", _l("Title")`: stored by value, shown by its translated title."""

    title: LazyString

    def __new__(cls, value: str, title: Any = None) -> TitledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.title = title if title is not None else value
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, translated title) pairs for select boxes."""
        return [(member.value, str(member.title)) for member in cls]
