"""Load benchmark (issue 7, item 8): gunicorn, 2 workers, PostgreSQL with 100,000 referrals.

    .venv/bin/python benchmarks/load.py [--referrals 100000] [--seconds 20] [--connections 16]

wrk drives, as authenticated users: the received-referrals list, one referral's page and a
create; and, in the same run on the same gunicorn, a bare JSON endpoint. Prints requests/s
and p50/p95/p99 for each, each throughput as a ratio of the bare endpoint's, and how much the
workers' memory grew over the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"list": 0.35}  # list throughput / bare, at least
P99_MS = 50


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _wrk(url: str, seconds: int, connections: int, token: str | None, body: str | None) -> dict:
    env = {**os.environ}
    env.pop("WRK_TOKEN", None)
    env.pop("WRK_BODY", None)
    if token:
        env["WRK_TOKEN"] = token
    if body:
        env["WRK_BODY"] = body
    done = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "-s",
            str(ROOT / "benchmarks" / "wrk_report.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    args = parser.parse_args()
    subprocess.run([ROOT / "scripts" / "system_packages.sh", "wrk:/usr/bin/wrk"], check=True)
    from benchmarks.harness import free_port, fresh_database, gunicorn, harness_env
    from benchmarks.seed import seed
    from referral import create_app

    workdir = tempfile.mkdtemp(prefix="referral-load-")
    env = harness_env(
        workdir,
        fresh_database("referral_load"),
        REFERRAL_INSECURE_DEV="1",
        # as in production (check-deploy): the key vault in its own PostgreSQL database
        REFERRAL_VAULT_URL=fresh_database("referral_load_vault"),
    )
    os.environ.update(env)
    started = time.perf_counter()
    seeded = seed(create_app(), args.referrals)
    print(f"seeded {args.referrals} referrals in {time.perf_counter() - started:.0f} s")
    port = free_port()
    server = gunicorn(port, env, app="benchmarks.load_app:app", threads=args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        body = json.dumps(
            {
                "case_id": seeded.case_uuid,
                "service_id": seeded.service_uuid,
                "kind": "assistance",
                "purpose": "assistance",
                "urgency": "standard",
                "data_package": ["demographics"],
            }
        )
        runs = {
            "bare": (f"{base}/bench/bare", None, None),
            "list": (
                f"{base}/api/v1/referrals?box=received&limit=50",
                seeded.receiver_token,
                None,
            ),
            "page": (
                f"{base}/api/v1/referrals/{seeded.referral_uuid}",
                seeded.receiver_token,
                None,
            ),
            "create": (f"{base}/api/v1/referrals", seeded.sender_token, body),
        }
        for url_, token, payload in runs.values():  # warm every path once
            _wrk(url_, 2, 2, token, payload)
        workers = _workers(server.pid)
        before = _rss_kb(workers)
        results = {
            name: _wrk(url_, args.seconds, args.connections, token, payload)
            for name, (url_, token, payload) in runs.items()
        }
        after = _rss_kb(workers)
    finally:
        server.terminate()
        server.wait(timeout=20)
    bare = results["bare"]["rps"]
    print(
        f"gunicorn 2 workers x {args.threads} threads; wrk 2 threads, {args.connections} connections, {args.seconds} s each"
    )
    print(
        f"{'endpoint':8} {'req/s':>8} {'x bare':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for name, r in results.items():
        print(
            f"{name:8} {r['rps']:8.1f} {r['rps'] / bare:7.2f} {r['p50_ms']:7.1f} "
            f"{r['p95_ms']:7.1f} {r['p99_ms']:7.1f} {r['errors'] + r['non_2xx']:6}"
        )
    growth = (after - before) / before * 100
    print(
        f"worker memory: {before / 1024:.0f} MB before, {after / 1024:.0f} MB after ({growth:+.1f} %)"
    )
    ok = (
        results["list"]["rps"] / bare >= TARGETS["list"]
        and results["list"]["p99_ms"] < P99_MS
        and growth < 10
        and all(r["errors"] + r["non_2xx"] == 0 for r in results.values())
    )
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
