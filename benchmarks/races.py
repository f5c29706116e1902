"""Race harness (issue 7, item 4): two organisations update the same referral with one If-Match.

    .venv/bin/python benchmarks/races.py [--races 1000] [--db sqlite|postgresql]

A real HTTP server (waitress, 8 threads) serves the app. For each submitted referral the
sender (withdraw) and the receiving service (acknowledge) read the same ETag, wait at a
barrier and post at the same instant. Each race must end with exactly one 200 and one 412,
the referral in the winner's state, and exactly one new transition: no lost update.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _database_url(kind: str, workdir: str) -> str:
    from benchmarks.harness import fresh_database

    if kind == "sqlite":
        return f"sqlite:///{workdir}/races.sqlite3"
    return fresh_database("referral_races")


def _state(app, key) -> tuple[str, int]:
    """The referral's state and how many transitions it has, read fresh."""
    from referral.extensions import db
    from referral.referrals.models import Referral, ReferralTransition

    with app.app_context():
        referral = db.session.scalar(db.select(Referral).where(Referral.uuid == key))
        steps = db.session.scalar(
            db.select(db.func.count())
            .select_from(ReferralTransition)
            .where(ReferralTransition.referral_id == referral.id)
        )
        return referral.status.value, steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--races", type=int, default=1000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="referral-races-")
    os.environ["REFERRAL_INSTANCE_PATH"] = workdir
    import requests
    from flask_migrate import upgrade
    from waitress.server import create_server

    from benchmarks.seed import PACKAGE, make_world
    from referral import create_app
    from referral.extensions import db
    from tests.conftest import make_config
    from tests.identity.fixtures import make_token
    from tests.referrals.fixtures import submitted_referral

    app = create_app(make_config(_database_url(args.db, workdir)))
    with app.app_context(), app.test_request_context():
        upgrade()
        world = make_world()
        worker, officer = world.worker, world.officer
        started = time.perf_counter()
        ids = [
            submitted_referral(worker, world.case, world.service, PACKAGE).uuid
            for _ in range(args.races)
        ]
        print(f"set-up: {args.races} submitted referrals in {time.perf_counter() - started:.0f} s")
        tokens = {"sender": make_token(worker), "receiver": make_token(officer)}
        db.session.commit()
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}/api/v1/referrals"
    moves = {
        "sender": {"action": "withdraw", "withdrawal_reason": "sender_decision"},
        "receiver": {"action": "acknowledge"},
    }
    target = {"sender": "withdrawn", "receiver": "acknowledged"}
    outcomes, failures = Counter(), []
    sessions = {who: requests.Session() for who in tokens}
    started = time.perf_counter()
    auth = {who: {"Authorization": f"Bearer {t}"} for who, t in tokens.items()}
    for key in ids:
        url = f"{base}/{key}"
        before = _state(app, key)[1]
        etag = sessions["receiver"].get(url, headers=auth["receiver"]).headers["ETag"]
        barrier, results = threading.Barrier(2), {}

        def post(who: str, url: str = url, etag: str = etag, barrier=barrier, results=results):
            headers = {**auth[who], "If-Match": etag, "Idempotency-Key": uuid.uuid4().hex}
            barrier.wait()
            results[who] = sessions[who].post(
                url + "/transitions", json=moves[who], headers=headers
            )

        threads = [threading.Thread(target=post, args=(who,)) for who in moves]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        codes = tuple(sorted(r.status_code for r in results.values()))
        outcomes[codes] += 1
        winners = [who for who, r in results.items() if r.status_code == 200]
        state, steps = _state(app, key)
        if codes != (200, 412) or state != target[winners[0]] or steps != before + 1:
            failures.append(f"{key}: {codes} state={state} new transitions={steps - before}")
    elapsed = time.perf_counter() - started
    print(f"database: {args.db}; races: {len(ids)} in {elapsed:.0f} s")
    print("outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    lost = sum(1 for f in failures if "new transitions=2" in f)
    print(f"mismatches: {len(failures)}; lost updates: {lost}")
    for line in failures[:10]:
        print("  " + line)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
