"""The one clock. Tests move it through `freeze`, never by sleeping."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_frozen: datetime | None = None


def now_utc() -> datetime:
    """The current time as an aware UTC datetime."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def freeze(at: datetime) -> Iterator[None]:
    """Hold the clock at `at` (aware) inside the block."""
    global _frozen
    if at.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def set_clock(at: datetime | None) -> None:
    """Move the clock to `at` (aware), or back to real time with None."""
    global _frozen
    if at is not None and at.tzinfo is None:
        raise ValueError("set_clock() needs an aware datetime")
    _frozen = at.astimezone(UTC) if at is not None else None
