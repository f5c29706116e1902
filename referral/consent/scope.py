"""What an organisation may see of a case, evaluated from the database on every request."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.consent.enums import ConsentStatus, GrantSource, WithdrawalScope
from referral.consent.models import AccessGrant, Consent, RiskDisclosure
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.models import Organisation

#: EU member states; transfers elsewhere need a third-country item.
EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)


def safe_countries() -> frozenset[str]:
    """REFERRAL_TRANSFER_SAFE_COUNTRIES, by default the EU."""
    configured = current_app.config.get("TRANSFER_SAFE_COUNTRIES")
    return frozenset(configured) if configured else EU_COUNTRIES


def active_consent(case: Case, at: datetime | None = None) -> Consent | None:
    """The case's given consent valid at `at` (at most one)."""
    at = at or now_utc()
    return db.session.scalar(
        sa.select(Consent)
        .where(
            Consent.case_id == case.id,
            Consent.status == ConsentStatus.given,
            Consent.valid_from <= at,
            sa.or_(Consent.valid_until.is_(None), Consent.valid_until > at),
        )
        .order_by(Consent.version_number.desc())
        .limit(1)
    )


def visible_categories(
    case: Case, org: Organisation, purpose: str, at: datetime | None = None
) -> set[str]:
    """Categories the active consent lets `org` see for `purpose` (DESIGN.md §8)."""
    at = at or now_utc()
    consent = active_consent(case, at)
    if consent is None:
        return set()
    for withdrawal in consent.withdrawals:
        if withdrawal.scope == WithdrawalScope.all:
            return set()
        if (
            withdrawal.scope == WithdrawalScope.organisation
            and withdrawal.organisation_id == org.id
        ):
            return set()
        if withdrawal.scope == WithdrawalScope.purpose and withdrawal.purpose == purpose:
            return set()
    if org.country not in safe_countries() and not any(
        item.country == org.country for item in consent.third_country_items
    ):
        return set()
    categories: set[str] = set()
    for item in consent.scope_items:
        if purpose not in item.purposes:
            continue
        if item.recipient_country != org.country:
            continue
        if item.recipient_org_id is not None and item.recipient_org_id != org.id:
            continue
        if item.valid_until is not None and item.valid_until <= at:
            continue
        categories.update(item.categories)
    return categories


def open_grants(case: Case, org: Organisation) -> list[AccessGrant]:
    """Open grants of `org` on `case`; a claim's grant belongs to its lawyer, not the org."""
    return list(
        db.session.scalars(
            sa.select(AccessGrant).where(
                AccessGrant.case_id == case.id,
                AccessGrant.organisation_id == org.id,
                AccessGrant.closed_at.is_(None),
                AccessGrant.source_type != GrantSource.claim,
            )
        )
    )


def recipient_view(case: Case, org: Organisation, at: datetime | None = None) -> set[str]:
    """Union over open grants of grant categories ∩ consent, plus risk under a live disclosure."""
    at = at or now_utc()
    if org.id == case.owner_org_id:
        return {category.value for category in DataCategory}
    categories: set[str] = set()
    for grant in open_grants(case, org):
        categories |= set(grant.categories) & visible_categories(case, org, grant.purpose, at)
    if has_live_disclosure(case, org, at):
        categories.add(DataCategory.risk.value)
    return categories


def grant_view(grant: AccessGrant, at: datetime | None = None) -> set[str]:
    """What one grant shows now."""
    if grant.closed_at is not None:
        return set()
    return set(grant.categories) & visible_categories(
        grant.case, grant.organisation, grant.purpose, at
    )


def has_live_disclosure(case: Case, org: Organisation, at: datetime | None = None) -> bool:
    """An unexpired risk-to-life disclosure to `org`."""
    at = at or now_utc()
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RiskDisclosure)
            .where(
                RiskDisclosure.case_id == case.id,
                RiskDisclosure.recipient_org_id == org.id,
                RiskDisclosure.expires_at > at,
            )
        )
        or 0
    ) > 0


def uncovered_categories(
    case: Case, org: Organisation, purpose: str, wanted: set[str], at: datetime | None = None
) -> set[str]:
    """Which of `wanted` the active consent does not cover for this recipient and purpose."""
    return wanted - visible_categories(case, org, purpose, at)


def partners_seeing(case: Case, category: str) -> list[Organisation]:
    """Organisations with an open grant on the case whose view includes `category` now."""
    granted = sa.select(AccessGrant.organisation_id).where(
        AccessGrant.case_id == case.id,
        AccessGrant.closed_at.is_(None),
        AccessGrant.source_type != GrantSource.claim,
    )
    orgs = db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(granted)).order_by(Organisation.id)
    )
    return [org for org in orgs if category in recipient_view(case, org)]
