"""`@operation`: the one way to change data — one transaction, at least one audit event."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import g
from sqlalchemy.orm.exc import StaleDataError

P = ParamSpec("P")
R = TypeVar("R")


class UnauditedChange(RuntimeError):
    """An operation finished without writing an audit event; its changes were rolled back."""


def _session() -> Any:
    from referral.extensions import db

    return db.session


def operation(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` in one transaction; commit only if it recorded an audit event."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        depth = getattr(g, "operation_depth", 0)
        if depth == 0:
            g.audit_written = 0
        g.operation_depth = depth + 1
        session = _session()
        try:
            result = func(*args, **kwargs)
            session.flush()
            if depth == 0:
                if not g.audit_written:
                    raise UnauditedChange(func.__qualname__)
                from referral.core.idempotency import mark_applied

                mark_applied(result)
                session.commit()
                for callback in getattr(g, "after_commit", []):
                    callback()
                g.after_commit = []
            return result
        except StaleDataError:
            # Another request changed the row between our read and our write (PostgreSQL lets
            # both read; the version column refuses the second UPDATE): the same answer as a
            # stale If-Match.
            if depth == 0:
                session.rollback()
                g.after_commit = []
            from referral.core.errors import StaleVersion

            raise StaleVersion() from None
        except BaseException:
            if depth == 0:
                session.rollback()
                g.after_commit = []
            raise
        finally:
            g.operation_depth = depth

    return wrapper


def after_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current operation has committed (jobs, e-mail)."""
    if not hasattr(g, "after_commit"):
        g.after_commit = []
    g.after_commit.append(callback)
