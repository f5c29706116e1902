"""Dossier operations: request (or reuse), render (a job), download, revoke. All audited."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from referral.audit import operations as audit
from referral.core.errors import IllegalTransition
from referral.core.operation import operation
from referral.core.pdf import PdfAttachment, RenderRequest, render_pdf
from referral.core.time import now_utc
from referral.dossiers import context as dossier_context
from referral.dossiers.enums import DossierKind, DossierStatus
from referral.dossiers.models import Dossier, DossierBlob
from referral.extensions import db
from referral.i18n import _
from referral.identity.models import User
from referral.jobs import enqueue
from referral.notifications import operations as notifications
from referral.referrals.models import Referral
from referral.referrals.signals import referral_withdrawn

logger = logging.getLogger(__name__)
SCHEMA = Path(__file__).with_name("package.schema.json")


@cache
def package_schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text())


@cache
def package_validator() -> jsonschema.protocols.Validator:
    """Compiled once: validating every package stays cheap."""
    schema = package_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def default_language(referral: Referral) -> str:
    """The recipient organisation's first working language we ship, else English. Working
    languages are bare codes (zh); a shipped locale may name a script (zh_Hans)."""
    shipped = current_app.config["LOCALES"]
    for code in referral.referred_org.working_languages:
        for locale in shipped:
            if locale == code or locale.startswith(code + "_"):
                return locale
    return "en"


@operation
def request_dossier(actor: User, referral: Referral, language: str | None = None) -> Dossier:
    """Queue a dossier, or return the stored one when nothing changed since it was made."""
    if not referral.is_open:
        raise IllegalTransition(_("A dossier can be made only for an open referral."))
    language = language if language in current_app.config["LOCALES"] else default_language(referral)
    context = dossier_context.collect(referral)
    key = dossier_context.content_key(context, language)
    existing = db.session.scalar(
        sa.select(Dossier).where(
            Dossier.referral_id == referral.id,
            Dossier.content_key == key,
            Dossier.status.in_(
                [DossierStatus.queued, DossierStatus.rendering, DossierStatus.ready]
            ),
        )
    )
    if existing is not None:
        audit.record(actor, "dossier.reused", existing, case_code=referral.case.case_code)
        return existing
    dossier = Dossier(
        kind=DossierKind.referral,
        case_id=referral.case_id,
        referral_id=referral.id,
        recipient_org_id=referral.referred_org_id,
        language=language,
        template_version=dossier_context.TEMPLATE_VERSION,
        categories=context["visible_categories"],
        content_key=key,
        status=DossierStatus.queued,
        requested_by_id=actor.id,
    )
    db.session.add(dossier)
    db.session.flush()
    audit.record(
        actor,
        "dossier.requested",
        dossier,
        case_code=referral.case.case_code,
        categories=dossier.categories,
    )
    enqueue("dossiers.render", dossier=dossier.uuid)
    return dossier


def render_html(
    dossier: Dossier, context: dict[str, Any], generated_at: str, package_sha256: str
) -> str:
    """The dossier's HTML in the recipient's language (templates see plain values only)."""
    with force_locale(dossier.language):
        return render_template(
            "dossier/referral.html",
            d=context,
            dossier_id=str(dossier.uuid),
            generated_at=generated_at,
            language=dossier.language,
            package_sha256=package_sha256,
        )


def render_configured(html: str, attachments: list[PdfAttachment] | None = None) -> bytes:
    """Render with the configured limits (REFERRAL_PDF_TIMEOUT, _MEMORY_MB, _CONCURRENCY)."""
    config = current_app.config
    return render_pdf(
        RenderRequest(
            html=html,
            text_for_fonts=html,
            attachments=attachments or [],
            memory_mb=int(config["PDF_MEMORY_MB"]),
        ),
        timeout=float(config["PDF_TIMEOUT"]),
        concurrency=int(config["PDF_CONCURRENCY"]),
        isolate=not config.get("PDF_IN_PROCESS"),
    )


def build_pdf(dossier: Dossier) -> bytes:
    """Collect, dump, render HTML, render PDF/A-3b with the package attached."""
    referral = dossier.referral
    context = dossier_context.collect(referral)
    generated_at = now_utc().isoformat(timespec="seconds")
    package = dossier_context.package(context, str(dossier.uuid), generated_at)
    package_validator().validate(package)
    package_bytes = json.dumps(package, ensure_ascii=False, indent=1).encode()
    html = render_html(dossier, context, generated_at, hashlib.sha256(package_bytes).hexdigest())
    db.session.rollback()  # nothing to write: end the read transaction before the slow part
    attachment = PdfAttachment(
        "referral-package.json", package_bytes, "Machine-readable referral package"
    )
    return render_configured(html, [attachment])


@operation
def store_rendered(dossier: Dossier, pdf: bytes) -> Dossier:
    """Encrypt and keep the file by content hash; mark the dossier ready and tell the requester."""
    digest = hashlib.sha256(pdf).hexdigest()
    if db.session.scalar(sa.select(DossierBlob.id).where(DossierBlob.sha256 == digest)) is None:
        blob = DossierBlob(
            sha256=digest, case_id=dossier.case_id, created_at=now_utc(), data_encrypted=b""
        )
        blob.case = dossier.case
        db.session.add(blob)
        db.session.flush()
        blob.data = pdf
    dossier.status, dossier.sha256, dossier.size_bytes = DossierStatus.ready, digest, len(pdf)
    dossier.generated_at = now_utc()
    notifications.notify_users([dossier.requested_by], "dossier.ready", dossier)
    audit.record(
        None,
        "dossier.generated",
        dossier,
        case_code=dossier.case.case_code,
        categories=dossier.categories,
    )
    return dossier


@operation
def mark_failed(dossier: Dossier, code: str) -> Dossier:
    dossier.status, dossier.error_code = DossierStatus.failed, code
    audit.record(None, "dossier.failed", dossier, outcome=audit.FAILED, reason_code=code)
    return dossier


def render_dossier(dossier_uuid: str) -> Dossier | None:
    """Job body: render once; a revoked or finished dossier is left alone (idempotent)."""
    dossier = db.session.scalar(sa.select(Dossier).where(Dossier.uuid == uuid.UUID(dossier_uuid)))
    if dossier is None or dossier.status not in (DossierStatus.queued, DossierStatus.rendering):
        return dossier
    dossier.status = DossierStatus.rendering
    db.session.commit()
    try:
        pdf = build_pdf(dossier)
    except Exception as exc:
        db.session.rollback()
        logger.exception("dossier %s failed", dossier.uuid)
        return mark_failed(dossier, type(exc).__name__)
    if dossier.status != DossierStatus.rendering:  # revoked while rendering
        return dossier
    return store_rendered(dossier, pdf)


@operation
def download(actor: User, dossier: Dossier) -> bytes:
    """The decrypted PDF; every download is audited."""
    if dossier.status != DossierStatus.ready or dossier.sha256 is None:
        raise IllegalTransition(_("This dossier is not available."))
    blob = db.session.scalar(sa.select(DossierBlob).where(DossierBlob.sha256 == dossier.sha256))
    data = blob.data
    audit.record(actor, "dossier.downloaded", dossier, case_code=dossier.case.case_code)
    return data


def revoke_for(referral: Referral, reason: str) -> int:
    """Revoke a referral's dossiers and delete files no other live dossier uses."""
    now = now_utc()
    count = 0
    for dossier in db.session.scalars(
        sa.select(Dossier).where(
            Dossier.referral_id == referral.id, Dossier.status != DossierStatus.revoked
        )
    ):
        dossier.status, dossier.revoked_at, dossier.revoke_reason = (
            DossierStatus.revoked,
            now,
            reason,
        )
        count += 1
        if dossier.sha256:
            still_used = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Dossier)
                .where(Dossier.sha256 == dossier.sha256, Dossier.status == DossierStatus.ready)
            )
            if not still_used:
                db.session.execute(
                    sa.delete(DossierBlob).where(DossierBlob.sha256 == dossier.sha256)
                )
        audit.record(
            None, "dossier.revoked", dossier, case_code=referral.case.case_code, reason_code=reason
        )
    return count


@referral_withdrawn.connect
def _revoke_on_withdrawal(referral: Referral, actor: Any, reason: str) -> None:
    revoke_for(referral, reason)


def dossiers_of(referral: Referral) -> list[Dossier]:
    return list(
        db.session.scalars(
            sa.select(Dossier)
            .where(Dossier.referral_id == referral.id)
            .order_by(Dossier.created_at.desc())
        )
    )


@operation
def consent_sheet(actor: User, consent: Any) -> bytes:
    """Printable sheet in the person's language: what is shared, with whom, why, rights."""
    from referral.consent.texts import available_languages, load_text

    language = (
        consent.language if consent.language in available_languages() else consent.text_language
    )
    text = load_text(language, consent.text_key, consent.text_version) or load_text(
        consent.text_language
    )
    locale = language if language in current_app.config["LOCALES"] else "en"
    items = [
        {
            "organisation": item.recipient_org.name if item.recipient_org else None,
            "country": item.recipient_country,
            "categories": list(item.categories),
            "purposes": list(item.purposes),
        }
        for item in consent.scope_items
    ]
    with force_locale(locale):
        from flask_babel import format_date

        valid_until = (
            format_date(consent.valid_until.date(), "long") if consent.valid_until else "-"
        )
        html = render_template(
            "dossier/consent_sheet.html",
            language=locale,
            sheet_id=str(consent.uuid),
            case_code=consent.case.case_code,
            version=consent.version_number,
            items=items,
            third_countries=[item.country for item in consent.third_country_items],
            valid_until=valid_until,
            paragraphs=text.body.split("\n\n"),
            text_key=text.key,
            text_version=text.version,
            text_sha256=text.sha256,
        )
    pdf = render_configured(html)
    audit.record(actor, "consent.sheet_generated", consent, case_code=consent.case.case_code)
    return pdf
