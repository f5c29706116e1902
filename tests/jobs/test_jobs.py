"""Jobs: UUID-only payloads, run after commit, the Celery app and the embedded schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.core.time import now_utc
from referral.extensions import db
from referral.jobs import enqueue, registered_jobs
from referral.jobs.celery_app import SCHEDULE, celery_for
from referral.jobs.scheduler import due_jobs


@pytest.fixture
def eager(app):
    previous = app.config["JOBS"]
    app.config["JOBS"] = "eager"
    yield
    app.config["JOBS"] = previous


def test_payloads_must_be_uuids(eager) -> None:
    with pytest.raises(ValueError, match="badly formed"):
        enqueue("audit.verify_chain", case="Jane Doe, Rotterdam")


def test_unknown_jobs_are_refused(eager) -> None:
    with pytest.raises(KeyError):
        enqueue("no.such.job")


def test_verify_chain_job_records_its_outcome(eager) -> None:
    enqueue("audit.verify_chain")
    event = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert event.action == "audit.chain_verified"
    assert event.outcome == "allowed"
    assert event.via == "job"


def test_celery_app_routes_every_job_to_redis(app) -> None:
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    try:
        celery = celery_for(app)
        assert celery.conf.broker_url == "redis://127.0.0.1:6379/15"
        assert set(registered_jobs()) <= set(celery.tasks)
        assert celery.conf.beat_schedule["audit.verify_chain"]["schedule"] == 86400
    finally:
        app.extensions.pop("celery", None)
        app.config["REDIS_URL"] = None


def test_embedded_schedule_runs_each_job_once_per_interval() -> None:
    start = now_utc()
    assert due_jobs({}, start) == [name for name, _ in SCHEDULE]
    last = dict.fromkeys(due_jobs({}, start), start)
    assert due_jobs(last, start + timedelta(minutes=10)) == []
    assert due_jobs(last, start + timedelta(minutes=15)) == [
        "referrals.sweep_deadlines",
        "testimony.remind",
    ]
    assert "protection.sweep" not in due_jobs(last, start + timedelta(minutes=59))
    assert "protection.sweep" in due_jobs(last, start + timedelta(hours=1))
    assert "audit.verify_chain" not in due_jobs(last, start + timedelta(hours=23))
    assert "audit.verify_chain" in due_jobs(last, start + timedelta(days=1))
