"""Directory models."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.core.crypto import SystemEncrypted
from referral.core.db import (
    INTERNAL,
    PUBLIC,
    PublicIdMixin,
    StringList,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    label,
)
from referral.directory.enums import CapacityStatus, GendersServed, ServiceType, VenueKind
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


class Venue(PublicIdMixin, TimestampMixin, db.Model):
    """A place a person can be heard from: listed for everyone, its address only for its owner."""

    __tablename__ = "venues"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True, info=INTERNAL
    )
    name: Mapped[str] = mapped_column(sa.String(200), info=PUBLIC)
    kind: Mapped[VenueKind] = mapped_column(enum_column(VenueKind), info=PUBLIC)
    country: Mapped[str] = mapped_column(sa.String(2), index=True, info=PUBLIC)
    #: IANA zone of the venue; the person's local times follow it.
    time_zone: Mapped[str] = mapped_column(sa.String(64), info=PUBLIC)
    address_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("safety", "location")
    )

    organisation: Mapped[Organisation] = relationship()

    address = SystemEncrypted("address_encrypted", "address")

    def __repr__(self) -> str:
        return f"<Venue {self.uuid} {self.kind} {self.country}>"
