"""Bulk referrals for the load and scale benchmarks (PostgreSQL).

One referral is made through the real operations (consent, audit, encryption); the rest are
copies of its row with new ids and spread-out dates, inserted by one SQL statement. The copies
are list material: their encrypted fields are bound to the original's id and are never opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PACKAGE = ["demographics", "risk"]


@dataclass
class World:
    worker: Any
    officer: Any
    service: Any
    case: Any


def make_world() -> World:
    """A Dutch caseworker's case, consented for a Nigerian NGO whose officer receives it."""
    from tests.identity.fixtures import make_org, make_user
    from tests.referrals.fixtures import give_consent, make_case, make_service

    nl, ng = make_org("NL"), make_org("NG")
    worker = make_user(nl, ("caseworker",))
    officer = make_user(ng, ("receiving_officer",))
    service = make_service(ng)
    case = make_case(worker)
    give_consent(worker, case, ng, PACKAGE)
    return World(worker, officer, service, case)


@dataclass
class Seeded:
    referral_uuid: str
    case_uuid: str
    service_uuid: str
    sender_token: str
    receiver_token: str


def seed(app: Any, count: int) -> Seeded:
    """`count` referrals received by one Nigerian NGO from one Dutch shelter."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from referral.extensions import db
    from referral.referrals.models import Referral
    from tests.identity.fixtures import make_token
    from tests.referrals.fixtures import submitted_referral

    with app.app_context(), app.test_request_context():
        upgrade()
        world = make_world()
        worker, officer, service, case = world.worker, world.officer, world.service, world.case
        original = submitted_referral(worker, case, service, PACKAGE)
        table = Referral.__table__
        columns = [c.name for c in table.columns if c.name not in ("id", "uuid", "created_at")]
        listed = ", ".join(columns)
        db.session.execute(
            sa.text(
                f"INSERT INTO referrals (uuid, created_at, {listed}) "  # noqa: S608 - our columns
                f"SELECT gen_random_uuid(), r.created_at - (n * interval '37 seconds'), {listed} "
                "FROM referrals r, generate_series(1, :copies) AS n WHERE r.id = :id"
            ),
            {"copies": max(count - 1, 0), "id": original.id},
        )
        db.session.execute(sa.text("ANALYZE referrals"))
        seeded = Seeded(
            str(original.uuid),
            str(case.uuid),
            str(service.uuid),
            make_token(worker),
            make_token(officer),
        )
        db.session.commit()
        return seeded
