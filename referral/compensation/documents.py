"""Claim documents: checked by content, encrypted with the case key, every download audited."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from referral.audit import operations as audit
from referral.compensation.enums import DocumentKind
from referral.compensation.models import ClaimDocument, CompensationClaim
from referral.compensation.operations import CATEGORIES, tell
from referral.core.errors import ValidationProblem, coerce_members, field_error
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.core.uploads import ACCEPTED, check_upload
from referral.extensions import db
from referral.identity.models import User

DOCUMENTS = [*CATEGORIES, "documents"]


def _original(claim: CompensationClaim, key: Any) -> ClaimDocument | None:
    if not key:
        return None
    found = db.session.scalar(
        sa.select(ClaimDocument).where(
            ClaimDocument.claim_id == claim.id, ClaimDocument.uuid == key
        )
    )
    if found is None:
        raise ValidationProblem(
            errors=[field_error("translation_of", _l("Choose a document of this claim."))]
        )
    return found


@operation
def upload_document(
    actor: User, claim: CompensationClaim, filename: str | None, data: bytes, meta: dict[str, Any]
) -> ClaimDocument:
    """Check and keep one file.  :raise ValidationProblem: and nothing is stored."""
    checked = check_upload(filename, data)
    kind = coerce_members(meta, {"kind": DocumentKind})["kind"]
    original = _original(claim, meta.get("translation_of"))
    if kind == DocumentKind.translation and original is None:
        raise ValidationProblem(
            errors=[field_error("translation_of", _l("Choose the document it translates."))]
        )
    with db.session.no_autoflush:  # one INSERT with the encrypted file
        document = ClaimDocument(
            claim=claim,
            kind=kind,
            language=meta.get("language"),
            translation_of=original,
            media_type=checked.media_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            uploaded_by=actor,
            uploaded_at=now_utc(),
        )
        document.filename = checked.filename
        document.data = checked.data
        db.session.add(document)
    claim.version += 1
    audit.record(
        actor,
        "compensation.document_uploaded",
        document,
        case_code=claim.case.case_code,
        reason_code=kind.value,
        categories=DOCUMENTS,
    )
    tell(actor, claim, "compensation.changed")
    return document


def served_name(document: ClaimDocument) -> str:
    """A name with no personal data in it: the original name stays encrypted."""
    return f"claim-document-{document.uuid}.{ACCEPTED[document.media_type]}"


@operation
def download_document(actor: User, document: ClaimDocument) -> bytes:
    """The file's bytes; every download is in the audit trail."""
    audit.record(
        actor,
        "compensation.document_downloaded",
        document,
        case_code=document.claim.case.case_code,
        categories=DOCUMENTS,
    )
    return document.data
