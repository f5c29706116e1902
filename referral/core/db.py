"""Declarative base, mixins and column types shared by every domain package."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from referral.core.time import now_utc

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SENSITIVITIES = ("public", "internal", "personal", "special", "safety")


def label(sensitivity: str, category: str | None = None) -> dict[str, Any]:
    """Column info declaring how sensitive a column is and which consent category it falls in."""
    if sensitivity not in SENSITIVITIES:
        raise ValueError(f"unknown sensitivity {sensitivity!r}")
    return {"sensitivity": sensitivity, "category": category}


INTERNAL = label("internal")
PUBLIC = label("public")


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention so migrations are stable."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes only; a naive datetime raises when bound."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use referral.core.time.now_utc()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StringList(TypeDecorator[list[str]]):
    """A short list of codes (languages, roles, scopes) stored as JSON."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: sa.Dialect) -> list[str] | None:
        return list(value) if value is not None else None

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> list[str]:
        return list(value or [])


def enum_column(enum_cls: type[enum.Enum], name: str | None = None, **kwargs: Any) -> sa.Enum:
    """A string column for `enum_cls` values with a named CHECK constraint.

    Give `name` when one table has two columns of the same enum (constraint names are per table).
    """
    return sa.Enum(
        enum_cls,
        name=name or enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
        length=40,
        **kwargs,
    )


class PublicIdMixin:
    """Integer primary key for joins, random UUID for everything the outside sees."""

    id: Mapped[int] = mapped_column(primary_key=True, info=INTERNAL)

    @declared_attr
    def uuid(cls) -> Mapped[uuid.UUID]:  # noqa: N805
        return mapped_column(
            sa.Uuid, unique=True, nullable=False, default=uuid.uuid4, info=INTERNAL
        )

    def __init__(self, **kwargs: Any) -> None:
        # The uuid comes first: encrypted fields bind their ciphertext to it.
        self.uuid = kwargs.pop("uuid", None) or uuid.uuid4()
        super().__init__(**kwargs)


class TimestampMixin:
    """created_at and updated_at from the application clock, never the database's."""

    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=now_utc, nullable=False, info=INTERNAL
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=now_utc, onupdate=now_utc, nullable=False, info=INTERNAL
    )


class VersionedMixin:
    """Optimistic concurrency: SQLAlchemy refuses a stale UPDATE."""

    version: Mapped[int] = mapped_column(nullable=False, default=1, info=INTERNAL)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.version}
