"""Models and migrations agree; every column says how sensitive it is; datetimes are aware."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from referral.core.db import SENSITIVITIES, Base
from referral.extensions import db
from referral.identity.models import Organisation


def test_models_and_migrations_agree(app) -> None:
    context = MigrationContext.configure(
        db.session.connection(), opts={"compare_type": True, "render_as_batch": True}
    )
    diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_column_is_labelled() -> None:
    unlabelled = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.info.get("sensitivity") not in SENSITIVITIES
    ]
    assert unlabelled == []


def test_inv_35_naive_datetimes_are_refused() -> None:
    org = Organisation(name="X", org_type="ngo", country="NL", working_languages=[])
    org.created_at = datetime(2026, 1, 1)  # noqa: DTZ001 -- the point of the test
    db.session.add(org)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_migrations_go_down_to_nothing_and_up_again_on_sqlite(tmp_path) -> None:
    """Every downgrade works on SQLite too, where batch mode copies tables (constraints and
    all): `.ci/run` does this on empty databases; here it fails at `make test` already."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'migrate.sqlite3'}",
        REFERRAL_INSTANCE_PATH=str(tmp_path / "instance"),
        REFERRAL_INSECURE_DEV="1",
    )
    for step in (["upgrade"], ["downgrade", "base"], ["upgrade"]):
        done = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "referral.cli", "db", *step],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"db {' '.join(step)}: {done.stderr[-1500:]}"
