"""Directory models."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.core.db import (
    INTERNAL,
    PUBLIC,
    PublicIdMixin,
    StringList,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
)
from referral.directory.enums import CapacityStatus, GendersServed, ServiceType
from referral.extensions import db
from referral.identity.models import Organisation


class Service(PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """An organisation's offer; referrals go to its inbox, never to a person."""

    __tablename__ = "services"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True, info=INTERNAL
    )
    name: Mapped[str] = mapped_column(sa.String(200), info=PUBLIC)
    service_type: Mapped[ServiceType] = mapped_column(
        enum_column(ServiceType), index=True, info=PUBLIC
    )
    #: ISO 3166-1 alpha-2 where the service is given.
    country: Mapped[str] = mapped_column(sa.String(2), index=True, info=PUBLIC)
    #: ISO 3166-2 subdivision, optional.
    region: Mapped[str | None] = mapped_column(sa.String(6), info=PUBLIC)
    languages: Mapped[list[str]] = mapped_column(StringList, default=list, info=PUBLIC)
    accepts_adults: Mapped[bool] = mapped_column(default=True, info=PUBLIC)
    accepts_minors: Mapped[bool] = mapped_column(default=False, info=PUBLIC)
    genders_served: Mapped[GendersServed] = mapped_column(
        enum_column(GendersServed), default=GendersServed.any, info=PUBLIC
    )
    is_inbox_open: Mapped[bool] = mapped_column(default=True, info=PUBLIC)
    capacity_status: Mapped[CapacityStatus] = mapped_column(
        enum_column(CapacityStatus), default=CapacityStatus.unknown, info=PUBLIC
    )
    capacity_note: Mapped[str | None] = mapped_column(sa.String(500), info=PUBLIC)
    capacity_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=PUBLIC)
    #: 24/7 contact for emergencies, E.164.
    emergency_phone: Mapped[str | None] = mapped_column(sa.String(16), info=PUBLIC)
    description: Mapped[str | None] = mapped_column(sa.String(2000), info=PUBLIC)
    #: Data categories usually needed; preselected when creating a referral.
    default_data_package: Mapped[list[str]] = mapped_column(StringList, default=list, info=PUBLIC)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<Service {self.uuid} {self.service_type} open={self.is_inbox_open}>"
