"""Claim operations: open a claim and choose its lawyer; `steps` moves it along its route.

Every change writes one ClaimEvent and one audit event and tells the case team and the
lawyer (never the actor). Money is recorded in `entries`, dates in `deadlines`, files in
`documents`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.models import Case
from referral.cases.queries import team_users
from referral.compensation import rules
from referral.compensation.enums import (
    DONE,
    ClaimRoute,
    ClaimStatus,
    SchemeKind,
)
from referral.compensation.models import (
    ClaimEvent,
    CompensationClaim,
    CompensationScheme,
)
from referral.compensation.permissions import CLAIM_CATEGORIES, COMPENSATION, can_view_claim
from referral.consent import operations as consent_ops
from referral.consent.enums import GrantSource, Purpose
from referral.consent.scope import visible_categories
from referral.core.errors import ValidationProblem, check_version, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import User
from referral.notifications import operations as notifications
from referral.testimony.models import Proceeding

CATEGORIES = [COMPENSATION]
SCHEME_FOR_ROUTE = {
    ClaimRoute.offender_order: SchemeKind.state_advance,
    ClaimRoute.state_scheme: SchemeKind.state_scheme,
    ClaimRoute.state_scheme_cross_border: SchemeKind.state_scheme,
}


def tell(actor: User | None, claim: CompensationClaim, kind: str) -> None:
    """Notify the case team and the lawyer (while the consent lets them see it), not the actor."""
    people = {user.id: user for user in team_users(claim.case)}
    if claim.lawyer is not None and can_view_claim(claim.lawyer, claim):
        people[claim.lawyer.id] = claim.lawyer
    notifications.notify_users(
        [user for key, user in sorted(people.items()) if actor is None or key != actor.id],
        kind,
        claim,
    )


def event(
    actor: User | None,
    claim: CompensationClaim,
    action: str,
    before: ClaimStatus | None = None,
    reason: str | None = None,
) -> ClaimEvent:
    """One history entry."""
    entry = ClaimEvent(
        claim=claim,
        action=action,
        from_status=before.value if before is not None else None,
        to_status=claim.status.value,
        at=now_utc(),
        actor=actor,
        actor_org_id=actor.organisation_id if actor is not None else None,
    )
    db.session.add(entry)
    entry.reason = reason
    return entry


def scheme_for(country: str, kind: SchemeKind, on: date) -> CompensationScheme | None:
    """The country's scheme of that kind valid on a day."""
    return db.session.scalar(
        sa.select(CompensationScheme)
        .where(
            CompensationScheme.country == country,
            CompensationScheme.kind == kind,
            sa.or_(CompensationScheme.valid_from.is_(None), CompensationScheme.valid_from <= on),
            sa.or_(CompensationScheme.valid_until.is_(None), CompensationScheme.valid_until >= on),
        )
        .order_by(CompensationScheme.valid_from.desc())
        .limit(1)
    )


def _lawyer(key: Any) -> User | None:
    if not key:
        return None
    user = db.session.scalar(sa.select(User).where(User.uuid == key))
    if user is None or not user.is_active or not user.has_role(Role.lawyer):
        raise ValidationProblem(errors=[field_error("lawyer", _l("Choose an active lawyer."))])
    return user


def _check_lawyer_consent(case: Case, lawyer: User) -> None:
    """A lawyer outside the owner organisation needs the consent to cover them."""
    if lawyer.organisation_id == case.owner_org_id:
        return
    seen = visible_categories(case, lawyer.organisation, Purpose.compensation.value)
    if COMPENSATION not in seen:
        raise ValidationProblem(
            errors=[
                field_error(
                    "lawyer",
                    _l(
                        "The person's consent does not cover sharing compensation data with "
                        "this lawyer's organisation. Record that consent first."
                    ),
                )
            ]
        )


def _give_to(actor: User, claim: CompensationClaim, lawyer: User | None, reason: str) -> None:
    """Point the claim at `lawyer`: close the old lawyer's grant, open the new one's."""
    consent_ops.close_grants_for(claim.uuid, reason)
    claim.lawyer = lawyer
    claim.lawyer_id = lawyer.id if lawyer is not None else None
    if lawyer is not None and lawyer.organisation_id != claim.case.owner_org_id:
        consent_ops.open_grant(
            claim.case,
            lawyer.organisation,
            Purpose.compensation.value,
            GrantSource.claim,
            claim.uuid,
            sorted(CLAIM_CATEGORIES),
        )


def refresh_dates(claim: CompensationClaim) -> None:
    claim.limitation_on = rules.limitation_on(claim.scheme, claim)
    claim.advance_eligible_on = rules.advance_eligible_on(claim.scheme, claim.judgment_final_on)


def _proceeding(case: Case, key: Any) -> Proceeding | None:
    if not key:
        return None
    found = db.session.scalar(
        sa.select(Proceeding).where(Proceeding.case_id == case.id, Proceeding.uuid == key)
    )
    if found is None:
        raise ValidationProblem(
            errors=[field_error("proceeding", _l("Choose a proceeding of this case."))]
        )
    return found


def _scheme(data: dict[str, Any], route: ClaimRoute, today: date) -> CompensationScheme | None:
    if data.get("scheme"):
        scheme = db.session.scalar(
            sa.select(CompensationScheme).where(CompensationScheme.uuid == data["scheme"])
        )
        if scheme is None or scheme.country != data["crime_country"]:
            raise ValidationProblem(
                errors=[field_error("scheme", _l("Choose a scheme of the country of the crime."))]
            )
        return scheme
    kind = SCHEME_FOR_ROUTE.get(route)
    return scheme_for(data["crime_country"], kind, today) if kind is not None else None


@operation
def open_claim(actor: User, case: Case, data: dict[str, Any]) -> CompensationClaim:
    """Open a claim in `prepared`, with the country's scheme and its dates worked out."""
    route = ClaimRoute(str(data["route"]))
    today = now_utc().date()
    errors = []
    if route == ClaimRoute.state_scheme_cross_border:
        if not data.get("residence_country"):
            errors.append(
                field_error("residence_country", _l("Give the country the person lives in."))
            )
        elif data["residence_country"] == data["crime_country"]:
            errors.append(
                field_error(
                    "residence_country",
                    _l("A cross-border claim is for a person living in another country."),
                )
            )
    if data.get("limitation_starts_on") and data["limitation_starts_on"] > today:
        errors.append(field_error("limitation_starts_on", _l("This date cannot be in the future.")))
    if errors:
        raise ValidationProblem(errors=errors)
    scheme = _scheme(data, route, today)
    lawyer = _lawyer(data.get("lawyer"))
    if lawyer is not None:
        _check_lawyer_consent(case, lawyer)
    claim = CompensationClaim(
        case=case,
        route=route,
        status=ClaimStatus.prepared,
        offence_category=data["offence_category"],
        crime_country=data["crime_country"],
        residence_country=data.get("residence_country"),
        assisting_authority=data.get("assisting_authority"),
        deciding_authority=data.get("deciding_authority")
        or (scheme.deciding_authority if scheme is not None else None),
        forum=data.get("forum"),
        proceeding=_proceeding(case, data.get("proceeding")),
        scheme=scheme,
        self_represented=bool(data.get("self_represented")),
        legal_aid=bool(data.get("legal_aid")),
        currency=data.get("currency") or (scheme.currency if scheme is not None else "EUR"),
        limitation_starts_on=data.get("limitation_starts_on"),
        created_by=actor,
    )
    db.session.add(claim)
    claim.references = data.get("references")
    refresh_dates(claim)
    db.session.flush()
    _give_to(actor, claim, lawyer, "reassigned")
    event(actor, claim, "opened", None, data.get("note"))
    db.session.flush()
    audit.record(
        actor, "compensation.claim_opened", claim, case_code=case.case_code, categories=CATEGORIES
    )
    if lawyer is not None and lawyer.id != actor.id:
        notifications.notify_users([lawyer], "compensation.assigned", claim)
    return claim


@operation
def assign_lawyer(actor: User, claim: CompensationClaim, data: dict[str, Any]) -> CompensationClaim:
    """Give the claim to another lawyer (or none); the previous one loses access at once."""
    if data.get("version") is not None:
        check_version(claim, data["version"])
    lawyer = _lawyer(data.get("lawyer"))
    if lawyer is not None:
        _check_lawyer_consent(claim.case, lawyer)
    previous = claim.lawyer
    if (previous.id if previous else None) == (lawyer.id if lawyer else None):
        raise ValidationProblem(
            errors=[field_error("lawyer", _l("This lawyer already has the claim."))]
        )
    _give_to(actor, claim, lawyer, "reassigned")
    claim.version += 1
    event(actor, claim, "lawyer_changed", claim.status, data.get("note"))
    db.session.flush()
    audit.record(
        actor,
        "compensation.lawyer_changed",
        claim,
        case_code=claim.case.case_code,
        fields=["lawyer"],
        categories=CATEGORIES,
    )
    if previous is not None and previous.id != actor.id:
        notifications.notify_users([previous], "compensation.unassigned", claim)
    if lawyer is not None and lawyer.id != actor.id:
        notifications.notify_users([lawyer], "compensation.assigned", claim)
    return claim


def is_open(claim: CompensationClaim) -> bool:
    return claim.status not in DONE


def limitation_applies(claim: CompensationClaim) -> bool:
    """The limitation date matters until the claim is brought."""
    return claim.status == ClaimStatus.prepared and claim.limitation_on is not None
