"""The embedded scheduler: periodic jobs in a daemon thread when there is no Celery beat."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from flask import Flask

from referral.core.time import now_utc
from referral.jobs.celery_app import SCHEDULE
from referral.jobs.registry import dispatch

logger = logging.getLogger(__name__)


def due_jobs(last_run: dict[str, datetime], at: datetime) -> list[str]:
    """Names of scheduled jobs whose interval has passed since their last run."""
    return [
        name
        for name, interval in SCHEDULE
        if name not in last_run or at - last_run[name] >= interval
    ]


def start_embedded_scheduler(
    app: Flask, tick: timedelta = timedelta(minutes=1)
) -> threading.Thread:
    """Run due jobs every `tick` in a daemon thread; returns the thread."""
    last_run: dict[str, datetime] = {}

    def loop() -> None:
        while True:
            at = now_utc()
            for name in due_jobs(last_run, at):
                last_run[name] = at
                try:
                    dispatch(app, name, {})
                except Exception:
                    logger.exception("scheduled job %s could not start", name)
            time.sleep(tick.total_seconds())

    thread = threading.Thread(target=loop, name="referral-scheduler", daemon=True)
    thread.start()
    return thread
