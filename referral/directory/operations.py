"""Directory operations: publish and update services. Each one is audited."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from referral.audit import operations as audit
from referral.core.errors import check_version
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.directory.models import Service, Venue
from referral.extensions import db
from referral.identity.models import Organisation, User

FIELDS = (
    "name",
    "service_type",
    "country",
    "region",
    "languages",
    "accepts_adults",
    "accepts_minors",
    "genders_served",
    "is_inbox_open",
    "capacity_status",
    "capacity_note",
    "emergency_phone",
    "description",
    "default_data_package",
)


@operation
def create_service(actor: User, organisation: Organisation, data: dict[str, Any]) -> Service:
    """Publish a service of the actor's organisation."""
    service = Service(
        organisation_id=organisation.id, **{name: data[name] for name in FIELDS if name in data}
    )
    service.capacity_updated_at = now_utc()
    db.session.add(service)
    db.session.flush()
    audit.record(actor, "service.created", service)
    return service


@operation
def update_service(actor: User, service: Service, data: dict[str, Any]) -> Service:
    """Change a service, e.g. its capacity or whether its inbox is open."""
    check_version(service, data.get("version"))
    changed = [name for name in FIELDS if name in data and getattr(service, name) != data[name]]
    for name in changed:
        setattr(service, name, data[name])
    if {"capacity_status", "capacity_note", "is_inbox_open"} & set(changed):
        service.capacity_updated_at = now_utc()
    audit.record(actor, "service.updated", service, fields=changed)
    return service


def search_services(
    country: str | None = None,
    service_type: str | None = None,
    language: str | None = None,
    open_only: bool = False,
) -> sa.Select[tuple[Service]]:
    """Directory search: public data for every signed-in user."""
    query = (
        sa.select(Service)
        .join(Service.organisation)
        .order_by(Service.country, Service.name, Service.id)
    )
    if country:
        query = query.where(Service.country == country)
    if service_type:
        query = query.where(Service.service_type == service_type)
    if open_only:
        query = query.where(Service.is_inbox_open.is_(True))
    if language:
        # JSON list of codes: match the quoted code inside the stored text.
        query = query.where(sa.cast(Service.languages, sa.String).like(f'%"{language}"%'))
    return query


@operation
def create_venue(actor: User, data: dict[str, Any]) -> Venue:
    """List a venue of the actor's organisation; its address is encrypted and never listed."""
    venue = Venue(
        organisation_id=actor.organisation_id,
        name=data["name"],
        kind=data["kind"],
        country=data["country"],
        time_zone=data["time_zone"],
    )
    db.session.add(venue)
    venue.address = data.get("address")
    db.session.flush()
    audit.record(actor, "venue.created", venue, fields=["address"] if data.get("address") else [])
    return venue


def venues(country: str | None = None) -> list[Venue]:
    query = sa.select(Venue).order_by(Venue.country, Venue.name)
    if country:
        query = query.where(Venue.country == country)
    return list(db.session.scalars(query))
