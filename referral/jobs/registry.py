"""Job registry and dispatch. Payloads are UUIDs only; every job is idempotent."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app, g, has_app_context

logger = logging.getLogger(__name__)

_JOBS: dict[str, Callable[..., Any]] = {}
_executor: ThreadPoolExecutor | None = None


def job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as the job `name`; it receives UUID strings as keyword arguments."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _JOBS[name] = func
        return func

    return register


def registered_jobs() -> dict[str, Callable[..., Any]]:
    """Every registered job by name."""
    _import_job_modules()
    return dict(_JOBS)


def _import_job_modules() -> None:
    from referral.audit import tasks  # noqa: F401
    from referral.compensation import tasks as compensation_tasks  # noqa: F401
    from referral.dossiers import tasks as dossier_tasks  # noqa: F401
    from referral.notifications import tasks as notification_tasks  # noqa: F401
    from referral.protection import tasks as protection_tasks  # noqa: F401
    from referral.referrals import tasks as referral_tasks  # noqa: F401
    from referral.testimony import tasks as testimony_tasks  # noqa: F401


def _check_payload(ids: dict[str, Any]) -> dict[str, str]:
    payload = {}
    for key, value in ids.items():
        payload[key] = str(uuid.UUID(str(value)))  # refuses anything that is not a UUID
    return payload


def enqueue(name: str, **ids: Any) -> None:
    """Run job `name` after the current transaction commits (or now, outside one)."""
    payload = _check_payload(ids)
    if name not in registered_jobs():
        raise KeyError(f"unknown job {name!r}")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if has_app_context() and getattr(g, "operation_depth", 0):
        from referral.core.operation import after_commit

        after_commit(lambda: dispatch(app, name, payload))
    else:
        dispatch(app, name, payload)


def dispatch(app: Flask, name: str, payload: dict[str, str]) -> None:
    """Hand a job to the configured runner."""
    mode = app.config["JOBS"]
    if mode == "celery":
        from referral.jobs.celery_app import celery_for

        celery_for(app).send_task(name, kwargs=payload)
    elif mode == "eager":
        run_job(app, name, payload)
    else:
        _pool().submit(run_job, app, name, payload)


def run_job(app: Flask, name: str, payload: dict[str, str]) -> Any:
    """Run one job in a fresh app context; errors are logged by id, never with data."""
    with app.app_context():
        g.via = "job"
        try:
            return registered_jobs()[name](**payload)
        except Exception:
            logger.exception("job %s failed", name)
            raise


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="referral-job")
    return _executor
