"""A real Celery worker takes the render job from Redis and stores a ready dossier."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import redis
import sqlalchemy as sa
from flask_migrate import upgrade

from referral import create_app
from referral.dossiers import operations
from referral.dossiers.enums import DossierStatus
from referral.dossiers.models import Dossier
from referral.extensions import db
from tests.conftest import TEST_MASTER_KEY, make_config
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET = "worker-test-secret-key-long-enough-0123456789"


def test_celery_worker_renders_from_redis(tmp_path: Path, monkeypatch) -> None:
    broker = redis.Redis.from_url(REDIS_URL)
    broker.flushdb()
    database = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    monkeypatch.setenv("REFERRAL_INSTANCE_PATH", str(tmp_path))
    app = create_app(make_config(database, JOBS="celery", REDIS_URL=REDIS_URL, SECRET_KEY=SECRET))
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REFERRAL_INSTANCE_PATH": str(tmp_path),
        "REFERRAL_MASTER_KEY": TEST_MASTER_KEY,
        "REFERRAL_SECRET_KEY": SECRET,
        "REFERRAL_REDIS_URL": REDIS_URL,
        "REFERRAL_JOBS": "celery",
    }
    referral_cli = str(Path(sys.executable).with_name("referral"))
    worker = None
    try:
        with app.app_context():
            upgrade()
            nl, ng = make_org("NL"), make_org("NG")
            worker_user, officer = (
                make_user(nl, ("caseworker",)),
                make_user(ng, ("receiving_officer",)),
            )
            service = make_service(ng)
            case = make_case(worker_user)
            give_consent(worker_user, case, ng, ["demographics", "risk"])
            referral = submitted_referral(worker_user, case, service, ["demographics", "risk"])
            log = (tmp_path / "worker.log").open("w")
            worker = subprocess.Popen(  # noqa: S603 -- our own console script
                [referral_cli, "worker", "--pool", "solo", "--concurrency", "1"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            dossier = operations.request_dossier(officer, referral)
            dossier_id = dossier.id
            db.session.rollback()
            deadline = time.monotonic() + 90
            status = None
            while time.monotonic() < deadline:
                status = db.session.scalar(
                    sa.select(Dossier.status).where(Dossier.id == dossier_id)
                )
                db.session.rollback()  # end the read transaction: SQLite writers wait for it
                if status in (DossierStatus.ready, DossierStatus.failed):
                    break
                time.sleep(0.5)
            assert status == DossierStatus.ready
            pdf = operations.download(officer, db.session.get(Dossier, dossier_id))
            assert pdf.startswith(b"%PDF-")
            db.engine.dispose()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(20)
            log.close()
        broker.flushdb()
        broker.close()
