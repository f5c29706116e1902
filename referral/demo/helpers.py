"""Small helpers shared by the demo scenarios."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from referral.core.time import freeze, now_utc
from referral.extensions import db
from referral.identity.models import User


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def at(days_ago: float, action: Callable[[], Any]) -> Any:
    with freeze(now_utc() - timedelta(days=days_ago)):
        return action()
