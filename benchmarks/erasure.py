"""Erasure drill (issue 7, item 13): after a case is erased, nothing of it can be read.

    .venv/bin/python benchmarks/erasure.py [--engine sqlite|postgresql|both]

For each engine: a case full of canaries (name, phone, health note, risk notes, referral
details, a message and a rendered dossier), a backup, then the person withdraws consent and
the coordinator erases the case. It then counts canary bytes in the database's own files
(SQLite: the database and its WAL) or in a pg_dump, in the application's log, in stored
dossiers and in every file of the instance folder; counts the case's fields that still
decrypt with every key the operator holds; checks the seal is gone from the vault's files;
and restores the backup made before the erasure into a fresh database, where 0 fields decrypt.
Exit status 0 only when every count is 0.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CANARIES = (
    "Zyxcanary Quorvath",  # name (tests.referrals.fixtures.CANARY_NAME)
    "+31612345987",  # phone
    "asthma canary",  # health note
    "madam canary",  # the person's own words in the risk assessment
    "Benin City canary",  # referral details
    "Quorvath message canary",  # a message on the referral
)


@dataclass
class Drill:
    engine: str
    #: where -> canary occurrences found
    found: dict[str, int] = field(default_factory=dict)
    readable_before: int = 0
    readable_after: int = 0
    readable_in_old_backup: int = 0
    seal_bytes_left: int = 0
    erased_again_on_restore: bool = False

    @property
    def ok(self) -> bool:
        return (
            self.readable_before > 0
            and not any(self.found.values())
            and self.readable_after == self.readable_in_old_backup == self.seal_bytes_left == 0
            and self.erased_again_on_restore
        )


def _count(data: bytes) -> int:
    return sum(data.count(canary.encode()) for canary in CANARIES)


def _readable(case_id: int) -> int:
    """Encrypted values of the case that still decrypt to something, with every key held."""
    import sqlalchemy as sa

    from referral.core.crypto import CaseEncrypted, DecryptionError
    from referral.erasure.operations import case_mappers, owned_by
    from referral.extensions import db

    db.session.expunge_all()  # no data key cached on an object from before
    found = 0
    for mapper in case_mappers():
        model = mapper.class_
        names = [n for n, v in vars(model).items() if isinstance(v, CaseEncrypted)]
        if not names:
            continue
        query = sa.select(model).where(owned_by(model, case_id))
        for row in db.session.scalars(query.execution_options(include_erased=True)):
            for name in names:
                with contextlib.suppress(DecryptionError):
                    found += getattr(row, name) not in (None, "", b"")
    return found


def _world() -> tuple[Any, ...]:
    from referral.dossiers import operations as dossier_ops
    from referral.referrals import operations as referral_ops
    from tests.identity.fixtures import make_org, make_user
    from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

    nl, ng = make_org("NL"), make_org("NG")
    worker = make_user(nl, ("caseworker",))
    coordinator = make_user(nl, ("coordinator",))
    service = make_service(ng)
    case = make_case(worker)
    package = ["demographics", "risk", "support", "health"]
    consent = give_consent(worker, case, ng, package)
    referral = submitted_referral(worker, case, service, package)
    referral_ops.post_message(worker, referral, {"body": CANARIES[-1]})
    dossier = dossier_ops.request_dossier(worker, referral, "en")
    dossier_ops.render_dossier(str(dossier.uuid))
    return worker, coordinator, case, consent


def drill(engine: str, workdir: Path) -> Drill:
    from flask_migrate import upgrade

    from benchmarks.harness import fresh_database, harness_env
    from referral import create_app
    from referral.backup import backup, restore
    from referral.cases.enums import ErasureReason
    from referral.consent import operations as consent_ops
    from referral.core import vault
    from referral.erasure import operations as erasure
    from referral.extensions import db

    result = Drill(engine)
    if engine == "sqlite":
        live, fresh = (f"sqlite:///{workdir / name}.sqlite3" for name in ("live", "fresh"))
    else:
        live, fresh = (
            fresh_database("referral_erasure_live"),
            fresh_database("referral_erasure_old"),
        )
    os.environ.update(harness_env(str(workdir / "instance"), live, REFERRAL_INSECURE_DEV="1"))
    log_file = workdir / "app.log"
    handler = logging.FileHandler(log_file)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        app = create_app({"JOBS": "eager"})
        with app.app_context(), app.test_request_context():
            upgrade()
            worker, coordinator, case, consent = _world()
            ids = [(type(o), o.id) for o in (worker, coordinator, case, consent)]
            case_id, case_uuid = case.id, str(case.uuid)
            db.session.commit()
            seal = vault.seal_of(case_uuid)
            result.readable_before = _readable(case_id)
            backup(app, workdir / "before-erasure.bin")
            worker, coordinator, case, consent = (db.session.get(*key) for key in ids)
            consent_ops.withdraw_consent(worker, consent, {"channel": "in_person"})
            erasure.erase_case(coordinator, case, ErasureReason.person_request, case.case_code)
            db.session.commit()
            result.readable_after = _readable(case_id)
            if engine == "sqlite":
                files = [workdir / "live.sqlite3", workdir / "live.sqlite3-wal"]
                result.found["canary bytes in the database files"] = sum(
                    _count(p.read_bytes()) for p in files if p.exists()
                )
            else:
                dump = subprocess.run(
                    ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "referral_erasure_live"],
                    check=True,
                    capture_output=True,
                )
                result.found["canary bytes in a pg_dump"] = _count(dump.stdout)
            from referral.dossiers.models import DossierBlob

            blobs = db.session.scalars(
                db.select(DossierBlob.data_encrypted)
                .where(DossierBlob.case_id == case_id)
                .execution_options(include_erased=True)
            ).all()
            result.found["stored dossiers left"] = len(blobs)
        handler.flush()
        result.found["canary bytes in the application log"] = _count(log_file.read_bytes())
        result.found["canary bytes in the instance folder"] = sum(
            _count(p.read_bytes()) for p in (workdir / "instance").rglob("*") if p.is_file()
        )
        result.seal_bytes_left = sum(
            p.read_bytes().count(seal) for p in (workdir / "instance").rglob("vault.sqlite3*")
        )
        # The backup made before the erasure, restored now: the vault no longer opens it.
        os.environ["DATABASE_URL"] = fresh
        old = create_app({"JOBS": "eager"})
        restore(old, workdir / "before-erasure.bin")
        with old.app_context(), old.test_request_context():
            result.readable_in_old_backup = _readable(case_id)
            result.erased_again_on_restore = erasure.reapply_erasures() != []
            db.session.commit()
    finally:
        logging.getLogger().removeHandler(handler)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    results = [
        drill(engine, Path(tempfile.mkdtemp(prefix="referral-erasure-"))) for engine in engines
    ]
    for r in results:
        print(f"{r.engine}: {r.readable_before} encrypted fields of the case read before erasure")
        for where, count in r.found.items():
            print(f"  {where}: {count}")
        print(f"  fields that still decrypt after erasure: {r.readable_after}")
        print(f"  fields that decrypt in the backup made before it: {r.readable_in_old_backup}")
        print(f"  seal bytes left in the vault's files: {r.seal_bytes_left}")
        print(f"  restore erased the case again: {'yes' if r.erased_again_on_restore else 'NO'}")
    ok = all(r.ok for r in results)
    print("erasure drill passed" if ok else "ERASURE DRILL FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
