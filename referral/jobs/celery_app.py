"""The Celery application: Redis broker, one task per registered job, beat schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Celery
from flask import Flask

from referral.jobs.registry import registered_jobs, run_job

#: Periodic jobs: (name, interval). The embedded scheduler uses the same table.
SCHEDULE: list[tuple[str, timedelta]] = [
    ("audit.verify_chain", timedelta(days=1)),
    ("referrals.sweep_deadlines", timedelta(minutes=15)),
    ("protection.sweep", timedelta(hours=1)),
    ("testimony.remind", timedelta(minutes=15)),
    ("compensation.remind", timedelta(hours=6)),
]


def celery_for(app: Flask) -> Celery:
    """The Celery app bound to `app` (created once per Flask app)."""
    existing = app.extensions.get("celery")
    if existing is not None:
        return existing
    broker = app.config.get("REDIS_URL")
    if not broker:
        raise RuntimeError("REFERRAL_REDIS_URL is required when REFERRAL_JOBS=celery")
    celery = Celery("referral", broker=broker, set_as_current=False)
    celery.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        beat_schedule={
            name: {"task": name, "schedule": interval.total_seconds()}
            for name, interval in SCHEDULE
        },
        timezone="UTC",
    )
    for name in registered_jobs():
        _register(celery, app, name)
    app.extensions["celery"] = celery
    return celery


def _register(celery: Celery, app: Flask, name: str) -> None:
    def run(**payload: Any) -> Any:
        return run_job(app, name, payload)

    run.__name__ = name.replace(".", "_")
    celery.task(name=name, shared=False)(run)
