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
