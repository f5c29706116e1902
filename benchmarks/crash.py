"""Crash-consistency harness (issue 7, item 3): kill -9 gunicorn under write load, then prove
nothing acknowledged was lost, nothing was done twice and nothing escaped the audit trail.

    .venv/bin/python benchmarks/crash.py [--db sqlite|postgresql] [--rounds 10] [--clients 50]

Each round: gunicorn (2 workers) serves; 50 clients create draft referrals and post messages,
each request with its own Idempotency-Key; at a random moment every server process gets
SIGKILL. The server is started again and every request that was not acknowledged is retried
with the same key and body until it is. Then, from the database itself:
- every acknowledged create and message exists (0 lost);
- there is exactly one record per key (0 duplicates);
- every record has its audit event (0 without);
- the audit chain verifies; on SQLite, integrity_check and foreign_key_check are clean.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Server:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port, self.process = env, port, None

    def start(self) -> None:
        from benchmarks.harness import gunicorn

        self.process = gunicorn(
            self.port, self.env, threads=8, log_level="critical", start_new_session=True
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # master and both workers, mid-request
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    import requests
    import sqlalchemy as sa

    from benchmarks.harness import free_port, fresh_database, harness_env
    from referral import create_app
    from referral.audit.chain import verify_chain
    from referral.audit.models import AuditEvent
    from referral.extensions import db
    from referral.referrals.models import Referral, ReferralMessage
    from tests.identity.fixtures import make_org, make_token, make_user
    from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

    workdir = tempfile.mkdtemp(prefix="referral-crash-")
    url = (
        f"sqlite:///{workdir}/crash.sqlite3"
        if args.db == "sqlite"
        else fresh_database("referral_crash")
    )
    env = harness_env(workdir, url, REFERRAL_IDEMPOTENCY_STALE_SECONDS="3")
    os.environ.update(env)
    from flask_migrate import upgrade

    app = create_app()
    package = ["demographics", "risk"]
    with app.app_context(), app.test_request_context():
        upgrade()
        nl, ng = make_org("NL"), make_org("NG")
        worker = make_user(nl, ("caseworker",))
        service = make_service(ng)
        case = make_case(worker)
        give_consent(worker, case, ng, package)
        threads_on = [
            str(submitted_referral(worker, case, service, package).uuid) for _ in range(5)
        ]
        token = make_token(worker)
        case_id, service_id = str(case.uuid), str(service.uuid)
        db.session.commit()
    server = Server(env, free_port())
    base = f"http://127.0.0.1:{server.port}/api/v1"
    headers = {"Authorization": f"Bearer {token}"}
    create_body = {
        "case_id": case_id,
        "service_id": service_id,
        "kind": "assistance",
        "purpose": "assistance",
        "urgency": "standard",
        "data_package": ["demographics"],
    }
    requests_sent: list[dict] = []
    lock = threading.Lock()
    totals = {"sent": 0, "acknowledged_before_kill": 0, "retried": 0}
    problems: list[str] = []

    def send(request: dict) -> requests.Response:
        return requests.post(
            base + request["path"],
            json=request["body"],
            headers={**headers, "Idempotency-Key": request["key"]},
            timeout=30,
        )

    def client(stop: threading.Event) -> None:
        while not stop.is_set():
            if random.random() < 0.5:
                request = {"path": "/referrals", "body": create_body, "kind": "create"}
            else:
                target = random.choice(threads_on)
                request = {
                    "path": f"/referrals/{target}/messages",
                    "body": {"body": f"crash test {uuid.uuid4().hex[:8]}"},
                    "kind": "message",
                }
            request["key"] = uuid.uuid4().hex
            request["answer"] = None
            with lock:
                requests_sent.append(request)
            try:
                response = send(request)
            except requests.RequestException:
                continue
            if response.status_code in (200, 201):
                request["answer"] = response.json()["id"]

    for round_number in range(1, args.rounds + 1):
        server.start()
        stop = threading.Event()
        clients = [threading.Thread(target=client, args=(stop,)) for _ in range(args.clients)]
        for thread in clients:
            thread.start()
        time.sleep(random.uniform(1.0, 4.0))
        server.kill()
        stop.set()
        for thread in clients:
            thread.join()
        server.start()
        pending = [r for r in requests_sent if r["answer"] is None]
        totals["retried"] += len(pending)
        for request in pending:
            for _ in range(8):
                response = send(request)
                request["last_status"] = response.status_code
                if response.status_code in (200, 201):
                    request["answer"] = response.json()["id"]
                    break
                made = response.headers.get("Idempotent-Applied-Id")
                if response.status_code == 409 and made:  # done before the crash, answer lost
                    request["answer"], request["answer_lost"] = made, True
                    break
                if response.status_code == 409:  # died in flight: taken over after 3 s
                    request["conflict"] = response.json().get("detail")
                    time.sleep(1)
                    continue
                problems.append(
                    f"retry {request['key']}: {response.status_code} {response.text[:120]}"
                )
                break
        server.kill()
        print(f"round {round_number}: {len(requests_sent)} requests so far, {len(pending)} retried")
    totals["sent"] = len(requests_sent)
    with app.app_context():
        creates = {r["answer"] for r in requests_sent if r["kind"] == "create" and r["answer"]}
        messages = {r["answer"] for r in requests_sent if r["kind"] == "message" and r["answer"]}
        unanswered = [r for r in requests_sent if r["answer"] is None]
        stored_referrals = {
            str(u) for u in db.session.scalars(sa.select(Referral.uuid)) if str(u) not in threads_on
        }
        stored_messages = {str(u) for u in db.session.scalars(sa.select(ReferralMessage.uuid))}
        audited = {str(u) for u in db.session.scalars(sa.select(AuditEvent.object_uuid)) if u}
        lost = (creates - stored_referrals) | (messages - stored_messages)
        # A request whose change committed but whose answer was lost in the crash stays
        # unanswered (its key answers 409): it may own one stored record, never two.
        extra = (len(stored_referrals) - len(creates)) + (len(stored_messages) - len(messages))
        duplicates = max(extra - len(unanswered), 0)
        unaudited = (stored_referrals | stored_messages) - audited
        chain = verify_chain()
        db.session.rollback()  # every SQLite transaction holds the write lock: end ours first
        integrity = "n/a"
        if args.db == "sqlite":
            with db.engine.connect() as connection:
                integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                fk = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                integrity += f", foreign keys {'clean' if not fk else fk[:3]}"
    print(
        json.dumps(
            {
                "database": args.db,
                "rounds": args.rounds,
                "clients": args.clients,
                "requests": totals["sent"],
                "retried_after_kill": totals["retried"],
                "answered_by_applied_id": sum(1 for r in requests_sent if r.get("answer_lost")),
                "unanswered_after_retry": len(unanswered),
                "unanswered_reasons": sorted(
                    {f"{r.get('last_status')} {r.get('conflict')}" for r in unanswered}
                ),
                "records_of_unanswered_requests": extra,
                "lost_acknowledged": len(lost),
                "duplicates": duplicates,
                "without_audit_event": len(unaudited),
                "audit_chain": f"{'OK' if chain.ok else 'BROKEN'} ({chain.checked} events)",
                "sqlite_integrity": integrity,
                "problems": problems[:5],
                "unanswered_sample": [
                    {k: r.get(k) for k in ("kind", "key", "last_status")} for r in unanswered[:3]
                ],
            },
            indent=1,
        )
    )
    failed = lost or duplicates or unaudited or not chain.ok or problems
    if args.db == "sqlite" and not integrity.startswith("ok, foreign keys clean"):
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
