"""Scale benchmark (issue 7, item 9): the list and filter queries at 1,000 and 1,000,000
referrals on PostgreSQL; p95 at 1,000,000 must be at most 2x p95 at 1,000.

    .venv/bin/python benchmarks/scale.py [--small 1000] [--large 1000000] [--repeats 200]

Each query is the one `GET /api/v1/referrals` runs (the visibility-scoped list with its
filters, keyset-paged 50 at a time, first page and a deep page), timed in the database
session the API uses. The EXPLAIN plans at the large size are printed after the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FILTERS = {
    "inbox": {"box": "received"},
    "status": {"box": "received", "status": "submitted"},
    "country pair": {"box": "received", "sender_country": "NL", "recipient_country": "NG"},
    "overdue": {"box": "received", "overdue": True},
}


def _measure(count: int, repeats: int) -> tuple[dict[str, float], dict[str, str]]:
    import sqlalchemy as sa

    from benchmarks.harness import fresh_database, harness_env
    from benchmarks.seed import seed
    from referral import create_app
    from referral.core.http import encode_cursor, keyset_page
    from referral.extensions import db
    from referral.identity.models import User
    from referral.referrals.models import Referral
    from referral.referrals.queries import list_query

    workdir = tempfile.mkdtemp(prefix="referral-scale-")
    os.environ.update(harness_env(workdir, fresh_database(f"referral_scale_{count}")))
    app = create_app()
    seed(app, count)
    p95, plans = {}, {}
    with app.app_context():
        officer = next(
            u for u in db.session.scalars(sa.select(User)) if "receiving_officer" in u.roles
        )
        middle = db.session.execute(
            sa.select(Referral.created_at, Referral.id)
            .order_by(Referral.created_at.desc(), Referral.id.desc())
            .offset(count // 2)
            .limit(1)
        ).one()
        deep = encode_cursor(middle.created_at, middle.id)
        cases = [(f"{name}", f, None) for name, f in FILTERS.items()]
        cases.append(("inbox, deep page", FILTERS["inbox"], deep))
        for name, filters, cursor in cases:
            query, _ = keyset_page(list_query(officer, filters), Referral, cursor, 50)
            for _ in range(10):  # warm the caches and the ORM's compiled-statement cache
                db.session.scalars(query).all()
                db.session.rollback()
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                db.session.scalars(query).all()
                samples.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
            p95[name] = statistics.quantiles(samples, n=20)[18]
            plans[name] = "\n".join(_explain(query))
            db.session.rollback()
    return p95, plans


def _explain(query: Any) -> list[str]:
    """EXPLAIN ANALYZE of the statement as the session sends it: with the criteria every ORM
    query gets (erased cases left out), which compiling the query alone would miss."""
    import sqlalchemy as sa

    from referral.extensions import db

    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        db.session.scalars(query).all()
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = sent[-1]
    connection = db.session.connection()
    return [
        row[0] for row in connection.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    small, _ = _measure(args.small, args.repeats)
    started = time.perf_counter()
    large, plans = _measure(args.large, args.repeats)
    print(f"seeded and measured {args.large} referrals in {time.perf_counter() - started:.0f} s")
    print(
        f"{'query':18} {'p95 @ ' + str(args.small):>14} {'p95 @ ' + str(args.large):>16} {'ratio':>6}"
    )
    ok = True
    for name in small:
        ratio = large[name] / small[name]
        ok &= ratio <= 2
        print(f"{name:18} {small[name]:11.2f} ms {large[name]:13.2f} ms {ratio:6.2f}")
    print("target met (every ratio <= 2)" if ok else "TARGET MISSED")
    for name, plan in plans.items():
        print(f"\n-- EXPLAIN ANALYZE at {args.large}: {name}\n{plan}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
