"""Consent operations: record, give, withdraw; grants; risk-to-life disclosures. All audited."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.cases.models import Case
from referral.consent import scope
from referral.consent.enums import ConsentStatus, GrantSource, WithdrawalScope
from referral.consent.models import (
    AccessGrant,
    Consent,
    ConsentScopeItem,
    RiskDisclosure,
    ThirdCountryItem,
    Withdrawal,
)
from referral.consent.signals import consent_withdrawn
from referral.consent.texts import load_text
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.extensions import db
from referral.identity.enums import Role
from referral.identity.models import Organisation, User
from referral.notifications import operations as notifications

CHECKLIST = ("purpose", "data_use", "research_use", "access_right", "retention", "withdrawal")
MAX_DISCLOSURE_DAYS = 30


def _pending(consent: Consent) -> None:
    if consent.status != ConsentStatus.pending:
        raise IllegalTransition(str(_l("A given consent cannot be changed; record a new version.")))


@operation
def start_consent(actor: User, case: Case, data: dict[str, Any]) -> Consent:
    """Begin recording a consent (version n+1), with the information given and how."""
    text = load_text(data["text_language"])
    if text is None:
        raise ValidationProblem(
            errors=[("text_language", str(_l("There is no consent text in this language.")))]
        )
    version = (
        db.session.scalar(
            sa.select(sa.func.max(Consent.version_number)).where(Consent.case_id == case.id)
        )
        or 0
    ) + 1
    consent = Consent(
        case=case,
        version_number=version,
        status=ConsentStatus.pending,
        language=data["language"],
        text_language=text.language,
        text_key=text.key,
        text_version=text.version,
        text_sha256=text.sha256,
        obtained_by_id=actor.id,
    )
    db.session.add(consent)
    db.session.flush()
    _apply_record(consent, data)
    audit.record(actor, "consent.started", consent, case_code=case.case_code)
    return consent


def as_moment(value: Any, end_of_day: bool = False) -> datetime | None:
    """A date becomes the start of that day in UTC (or of the next day for an inclusive end)."""
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.combine(value, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end_of_day else moment


def _apply_record(consent: Consent, data: dict[str, Any]) -> None:
    for name in ("method", "no_interpreter", "guardian_present"):
        if name in data:
            setattr(consent, name, data[name])
    if "valid_from" in data:
        consent.valid_from = as_moment(data["valid_from"])
    if "valid_until" in data:
        consent.valid_until = as_moment(data["valid_until"], end_of_day=True)
    consent.checklist = sorted(set(data.get("checklist") or []))
    consent.interpreter_name = data.get("interpreter_name")
    consent.cultural_mediator_name = data.get("cultural_mediator_name")
    consent.witness = data.get("witness")
    consent.child_views = data.get("child_views")


@operation
def update_consent_record(actor: User, consent: Consent, data: dict[str, Any]) -> Consent:
    """Change how a pending consent is being recorded."""
    _pending(consent)
    text = load_text(data["text_language"])
    if text is None:
        raise ValidationProblem(
            errors=[("text_language", str(_l("There is no consent text in this language.")))]
        )
    consent.language, consent.text_language = data["language"], text.language
    consent.text_key, consent.text_version, consent.text_sha256 = (
        text.key,
        text.version,
        text.sha256,
    )
    _apply_record(consent, data)
    audit.record(actor, "consent.updated", consent, case_code=consent.case.case_code)
    return consent


@operation
def add_scope_item(actor: User, consent: Consent, data: dict[str, Any]) -> ConsentScopeItem:
    """Purposes x recipient (an organisation, or any in a country) x categories x validity."""
    _pending(consent)
    org = data.get("recipient_org")
    if org is not None and org.country != data["recipient_country"]:
        raise ValidationProblem(
            errors=[("recipient_org_id", str(_l("This organisation is not in that country.")))]
        )
    item = ConsentScopeItem(
        consent=consent,
        purposes=sorted({str(p) for p in data["purposes"]}),
        recipient_country=data["recipient_country"],
        recipient_org_id=org.id if org is not None else None,
        categories=sorted({str(c) for c in data["categories"]}),
        valid_until=as_moment(data.get("valid_until"), end_of_day=True),
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor,
        "consent.scope_added",
        item,
        case_code=consent.case.case_code,
        categories=item.categories,
    )
    return item


@operation
def remove_scope_item(actor: User, item: ConsentScopeItem) -> None:
    """Drop a scope item from a pending consent."""
    _pending(item.consent)
    audit.record(actor, "consent.scope_removed", item, case_code=item.consent.case.case_code)
    db.session.delete(item)


@operation
def add_third_country_item(actor: User, consent: Consent, data: dict[str, Any]) -> ThirdCountryItem:
    """The separate, explicit agreement to a transfer outside the EU."""
    _pending(consent)
    if data["country"] in scope.safe_countries():
        raise ValidationProblem(
            errors=[("country", str(_l("This country needs no separate agreement.")))]
        )
    now = now_utc()
    item = ThirdCountryItem(
        consent=consent,
        country=data["country"],
        language=consent.language,
        risks_explained=data["risks_explained"],
        risks_explained_at=now,
        explicit_agreement_at=now,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor,
        "consent.third_country_added",
        item,
        case_code=consent.case.case_code,
        reason_code=item.country,
    )
    return item


def missing_for_giving(consent: Consent) -> list[tuple[str, str]]:
    """What still stops this consent from being given, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if consent.method is None:
        problems.append(("method", str(_l("Say how the consent was recorded."))))
    if set(consent.checklist) != set(CHECKLIST):
        problems.append(("checklist", str(_l("Confirm every point was explained."))))
    if not consent.no_interpreter and not consent.interpreter_name:
        problems.append(
            ("interpreter_name", str(_l("Name the interpreter, or confirm none was needed.")))
        )
    if consent.text_language != consent.language and not consent.interpreter_name:
        problems.append(
            (
                "interpreter_name",
                str(
                    _l("The text was in another language than the person's: name the interpreter.")
                ),
            )
        )
    if (
        consent.valid_from is None
        or consent.valid_until is None
        or consent.valid_until <= consent.valid_from
    ):
        problems.append(
            ("valid_until", str(_l("Give a validity period that ends after it starts.")))
        )
    if not consent.scope_items:
        problems.append(
            ("scope", str(_l("Add at least one recipient with purposes and categories.")))
        )
    if consent.case.is_child:
        if consent.case.guardian is None:
            problems.append(("guardian", str(_l("A child's consent needs a guardian on record."))))
        if not consent.guardian_present:
            problems.append(("guardian_present", str(_l("Confirm the guardian took part."))))
        if not consent.child_views:
            problems.append(("child_views", str(_l("Write down the child's own views."))))
    covered = {item.country for item in consent.third_country_items}
    for item in consent.scope_items:
        if (
            item.recipient_country not in scope.safe_countries()
            and item.recipient_country not in covered
        ):
            problems.append(
                (
                    "third_country",
                    str(
                        _l(
                            "Record the separate agreement for the transfer to %(country)s.",
                            country=item.recipient_country,
                        )
                    ),
                )
            )
    return problems


@operation
def give_consent(actor: User, consent: Consent) -> Consent:
    """The person agreed: the record is complete and from now on immutable."""
    _pending(consent)
    problems = missing_for_giving(consent)
    if problems:
        raise ValidationProblem(errors=problems)
    now = now_utc()
    for older in db.session.scalars(
        sa.select(Consent).where(
            Consent.case_id == consent.case_id, Consent.status == ConsentStatus.given
        )
    ):
        older.status, older.ended_at = ConsentStatus.superseded, now
        audit.record(actor, "consent.superseded", older, case_code=consent.case.case_code)
    consent.status, consent.given_at = ConsentStatus.given, now
    audit.record(
        actor,
        "consent.given",
        consent,
        case_code=consent.case.case_code,
        categories={c for item in consent.scope_items for c in item.categories},
    )
    return consent


@operation
def refuse_consent(actor: User, consent: Consent) -> Consent:
    """The person did not agree; assistance continues regardless."""
    _pending(consent)
    consent.status, consent.ended_at = ConsentStatus.refused, now_utc()
    audit.record(actor, "consent.refused", consent, case_code=consent.case.case_code)
    return consent


@operation
def withdraw_consent(actor: User, consent: Consent, data: dict[str, Any]) -> Withdrawal:
    """One action, never blocked: hides the data from recipients at once and tells them."""
    if consent.status != ConsentStatus.given:
        raise IllegalTransition(str(_l("Only a given consent can be withdrawn.")))
    now = now_utc()
    org = data.get("organisation")
    withdrawal = Withdrawal(
        consent=consent,
        scope=data.get("scope") or WithdrawalScope.all,
        organisation_id=org.id if org is not None else None,
        purpose=str(data["purpose"]) if data.get("purpose") else None,
        channel=data["channel"],
        withdrawn_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(withdrawal)
    db.session.flush()
    withdrawal.note = data.get("note")
    if withdrawal.scope == WithdrawalScope.all:
        consent.status, consent.ended_at = ConsentStatus.withdrawn, now
    db.session.flush()
    db.session.expire(consent, ["withdrawals"])
    closed = close_uncovered_grants(consent.case, reason="consent_withdrawn")
    recipients = past_recipients(consent)
    consent_withdrawn.send(consent, actor=actor, withdrawal=withdrawal, closed_grants=closed)
    for org_to_tell in recipients:
        notifications.notify_org(
            org_to_tell,
            "consent.withdrawn",
            consent.case,
            roles=(Role.receiving_officer, Role.coordinator),
        )
    audit.record(
        actor,
        "consent.withdrawn",
        consent,
        case_code=consent.case.case_code,
        reason_code=str(withdrawal.scope),
        fields=["channel"],
    )
    return withdrawal


def past_recipients(consent: Consent) -> list[Organisation]:
    grants = db.session.scalars(
        sa.select(AccessGrant).where(
            AccessGrant.case_id == consent.case_id,
            AccessGrant.opened_at >= (consent.given_at or now_utc()),
        )
    )
    seen: dict[int, Organisation] = {}
    for grant in grants:
        seen.setdefault(grant.organisation_id, grant.organisation)
    return list(seen.values())


def close_uncovered_grants(case: Case, reason: str) -> list[AccessGrant]:
    """Close open grants that the consent no longer covers at all."""
    closed = []
    now = now_utc()
    for grant in db.session.scalars(
        sa.select(AccessGrant).where(
            AccessGrant.case_id == case.id,
            AccessGrant.closed_at.is_(None),
            AccessGrant.source_type != GrantSource.risk_disclosure,
        )
    ):
        if not scope.grant_view(grant, now):
            grant.closed_at, grant.close_reason = now, reason
            closed.append(grant)
    return closed


def open_grant(
    case: Case,
    org: Organisation,
    purpose: str,
    source_type: GrantSource,
    source_uuid: Any,
    categories: list[str],
) -> AccessGrant:
    """Let `org` see `categories` of `case` for `purpose` (within consent, checked per request)."""
    grant = AccessGrant(
        case=case,
        organisation=org,
        purpose=purpose,
        source_type=source_type,
        source_uuid=source_uuid,
        categories=sorted(categories),
        opened_at=now_utc(),
    )
    db.session.add(grant)
    db.session.flush()
    return grant


def close_grants_for(source_uuid: Any, reason: str) -> None:
    """Close the grants a referral (or claim, testimony) opened."""
    now = now_utc()
    for grant in db.session.scalars(
        sa.select(AccessGrant).where(
            AccessGrant.source_uuid == source_uuid, AccessGrant.closed_at.is_(None)
        )
    ):
        grant.closed_at, grant.close_reason = now, reason


@operation
def disclose_risk(
    actor: User, case: Case, recipient: Organisation, data: dict[str, Any]
) -> RiskDisclosure:
    """Risk-to-life exception: only risk data, with a written reason, for at most 30 days."""
    if recipient.id == case.owner_org_id:
        raise ValidationProblem(
            errors=[("recipient_org_id", str(_l("Choose another organisation.")))]
        )
    days = int(data.get("expires_in_days") or MAX_DISCLOSURE_DAYS)
    if not 1 <= days <= MAX_DISCLOSURE_DAYS:
        raise ValidationProblem(
            errors=[
                (
                    "expires_in_days",
                    str(_l("A disclosure lasts at most %(days)s days.", days=MAX_DISCLOSURE_DAYS)),
                )
            ]
        )
    now = now_utc()
    disclosure = RiskDisclosure(
        case=case,
        recipient_org_id=recipient.id,
        reason=data["reason"],
        disclosed_by_id=actor.id,
        disclosed_at=now,
        expires_at=now + timedelta(days=days),
        victim_informed_on=data.get("victim_informed_on"),
        written_reason_encrypted=b"",
    )
    db.session.add(disclosure)
    db.session.flush()
    disclosure.written_reason = data["written_reason"]
    notifications.notify_org(
        recipient, "risk.disclosed", case, roles=(Role.receiving_officer, Role.coordinator)
    )
    audit.record(
        actor,
        "risk.disclosed",
        disclosure,
        case_code=case.case_code,
        categories=["risk"],
        reason_code=str(disclosure.reason),
    )
    return disclosure


def consents_of(case: Case) -> list[Consent]:
    """Every consent version of a case, newest first."""
    return list(
        db.session.scalars(
            sa.select(Consent)
            .where(Consent.case_id == case.id)
            .order_by(Consent.version_number.desc())
        )
    )
