"""EIO clocks [Directive 2014/41/EU], shown on every request and never hidden.

Acknowledge within 7 days and decide on recognition within 30 days of receipt [16(1), 12(3)];
carry out within 90 days of recognition [12(4)].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from referral.testimony.enums import (
    EIO_ACKNOWLEDGE_DAYS,
    EIO_EXECUTE_DAYS,
    EIO_RECOGNISE_DAYS,
    ClockState,
    LegalBasis,
)
from referral.testimony.models import Testimony


@dataclass(frozen=True)
class Clock:
    name: str
    title: LazyString
    due_on: date
    done_on: date | None
    state: ClockState


def _clock(name: str, title: LazyString, due: date, done: date | None, today: date) -> Clock:
    if done is not None:
        state = ClockState.met if done <= due else ClockState.breached
    else:
        state = ClockState.breached if today > due else ClockState.due
    return Clock(name, title, due, done, state)


def eio_clocks(testimony: Testimony, today: date) -> list[Clock]:
    """The running and finished EIO clocks of a request (none for other legal bases)."""
    if testimony.legal_basis != LegalBasis.eio or testimony.received_on is None:
        return []
    received = testimony.received_on
    clocks = [
        _clock(
            "acknowledge",
            _l("Acknowledge receipt"),
            received + timedelta(days=EIO_ACKNOWLEDGE_DAYS),
            testimony.acknowledged_on,
            today,
        ),
        _clock(
            "recognise",
            _l("Decide on recognition"),
            received + timedelta(days=EIO_RECOGNISE_DAYS),
            testimony.recognised_on,
            today,
        ),
    ]
    if testimony.recognised_on is not None:
        clocks.append(
            _clock(
                "execute",
                _l("Carry out the hearing"),
                testimony.recognised_on + timedelta(days=EIO_EXECUTE_DAYS),
                testimony.held_on,
                today,
            )
        )
    return clocks
