"""JSON API for compensation claims, their ledger, deadlines, documents and scheme rules."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import NotFound

from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.compensation import (
    client,
    deadlines,
    documents,
    entries,
    operations,
    queries,
    schemes,
    steps,
)
from referral.compensation.access import child_of, load_claim
from referral.compensation.ledger import balances
from referral.compensation.models import (
    ClaimDeadline,
    ClaimDocument,
    CompensationClaim,
    CompensationScheme,
    LedgerEntry,
)
from referral.compensation.permissions import (
    can_assign_lawyer,
    can_list_case_claims,
    can_list_claims,
    can_manage_schemes,
    can_open_claim,
    can_view_claim,
    can_view_schemes,
    can_work_on_claim,
)
from referral.compensation.schemas import (
    ClaimCreateSchema,
    ClaimListSchema,
    ClaimSchema,
    ClaimTransitionSchema,
    ClientSchema,
    DeadlineCreateSchema,
    DocumentMetaSchema,
    DocumentSchema,
    EntryCreateSchema,
    EntrySchema,
    LawyerSchema,
    LedgerSchema,
    ReversalSchema,
    SchemeListSchema,
    SchemeSchema,
)
from referral.core.errors import ValidationProblem
from referral.core.http import attachment, require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.extensions import db

blp = Blueprint(
    "compensation_api", __name__, url_prefix="/api/v1", description="compensation claims"
)


def _view(actor: Any, claim: CompensationClaim) -> dict[str, Any]:
    with_etag(claim)
    return queries.claim_view(actor, claim)


@blp.route("/compensation-claims")
class Claims(MethodView):
    """Every claim the caller works on (a lawyer: only the claims assigned to them)."""

    @policy(can_list_claims, scope="cases:read")
    @blp.response(200, ClaimListSchema)
    def get(self) -> dict[str, Any]:
        """Claims with balances per currency and the next deadline, soonest first."""
        actor = require(can_list_claims)
        return {"items": [queries.claim_view(actor, row.claim) for row in queries.dashboard(actor)]}


@blp.route("/cases/<uuid:case_id>/compensation-claims")
class CaseClaims(MethodView):
    """A case's claims, for its team."""

    @policy(can_list_case_claims, scope="cases:read")
    @blp.response(200, ClaimListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """The case's claims."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_list_case_claims, case, hide=True)
        return {"items": [queries.claim_view(actor, c) for c in queries.claims_of(case)]}

    @policy(can_open_claim, scope="cases:write")
    @idempotent
    @blp.arguments(ClaimCreateSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> dict[str, Any]:
        """Prepare a claim; the scheme of the country of the crime gives its dates."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_open_claim, case, hide=True)
        return _view(actor, operations.open_claim(actor, case, data))


@blp.route("/compensation-claims/<uuid:claim_id>")
class ClaimById(MethodView):
    @policy(can_view_claim, scope="cases:read")
    @blp.response(200, ClaimSchema)
    def get(self, claim_id: uuid.UUID) -> dict[str, Any]:
        """The claim, what is owed per currency, open deadlines, documents and history."""
        actor, claim = load_claim(claim_id)
        return _view(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/reveal")
class ClaimReveal(MethodView):
    @policy(can_view_claim, scope="cases:read")
    @blp.response(200, ClientSchema)
    def post(self, claim_id: uuid.UUID) -> dict[str, Any]:
        """The person's name and contact, as far as the consent allows; always audited."""
        actor, claim = load_claim(claim_id)
        return client.reveal_client(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/transitions")
class ClaimTransitions(MethodView):
    @policy(can_work_on_claim, scope="cases:write")
    @idempotent
    @blp.arguments(ClaimTransitionSchema)
    @blp.response(200, ClaimSchema)
    def post(self, data: dict[str, Any], claim_id: uuid.UUID) -> dict[str, Any]:
        """`{"action": …}` with the fields that step needs; If-Match required."""
        actor, claim = load_claim(claim_id, can_work_on_claim)
        require_if_match(claim)
        steps.transition_claim(actor, claim, data)
        return _view(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/lawyer")
class ClaimLawyer(MethodView):
    @policy(can_assign_lawyer, scope="cases:write")
    @idempotent
    @blp.arguments(LawyerSchema)
    @blp.response(200, ClaimSchema)
    def put(self, data: dict[str, Any], claim_id: uuid.UUID) -> dict[str, Any]:
        """Give the claim to another lawyer (null: none); If-Match required."""
        actor, claim = load_claim(claim_id, can_assign_lawyer)
        require_if_match(claim)
        operations.assign_lawyer(actor, claim, data)
        return _view(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/ledger")
class Ledger(MethodView):
    @policy(can_view_claim, scope="cases:read")
    @blp.response(200, LedgerSchema)
    def get(self, claim_id: uuid.UUID) -> dict[str, Any]:
        """Every entry, reversals included, and the balances derived from them."""
        _actor, claim = load_claim(claim_id)
        today = now_utc().date()
        return {
            "items": [queries.entry_view(e) for e in claim.entries],
            "balances": [
                queries.balance_view(b, claim, today) for b in balances(claim.entries).values()
            ],
        }

    @policy(can_work_on_claim, scope="cases:write")
    @idempotent
    @blp.arguments(EntryCreateSchema)
    @blp.response(201, EntrySchema)
    def post(self, data: dict[str, Any], claim_id: uuid.UUID) -> dict[str, Any]:
        """Append an entry; amounts are `{"amount_minor": …, "currency": …}`."""
        actor, claim = load_claim(claim_id, can_work_on_claim)
        return queries.entry_view(entries.record_entry(actor, claim, data))


@blp.route("/compensation-claims/<uuid:claim_id>/ledger/<uuid:entry_id>/reversals")
class Reversals(MethodView):
    @policy(can_work_on_claim, scope="cases:write")
    @idempotent
    @blp.arguments(ReversalSchema)
    @blp.response(201, EntrySchema)
    def post(self, data: dict[str, Any], claim_id: uuid.UUID, entry_id: uuid.UUID) -> Any:
        """Cancel an entry with a reversing one; the reason is required."""
        actor, claim = load_claim(claim_id, can_work_on_claim)
        entry = child_of(LedgerEntry, claim, entry_id)
        return queries.entry_view(entries.reverse_entry(actor, claim, entry, data))


@blp.route("/compensation-claims/<uuid:claim_id>/deadlines")
class Deadlines(MethodView):
    @policy(can_work_on_claim, scope="cases:write")
    @idempotent
    @blp.arguments(DeadlineCreateSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data: dict[str, Any], claim_id: uuid.UUID) -> dict[str, Any]:
        """Add a date to act by; the claim comes back with its open deadlines."""
        actor, claim = load_claim(claim_id, can_work_on_claim)
        deadlines.add_deadline(actor, claim, data)
        return _view(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/deadlines/<uuid:deadline_id>/met")
class DeadlineMet(MethodView):
    @policy(can_work_on_claim, scope="cases:write")
    @blp.response(200, ClaimSchema)
    def post(self, claim_id: uuid.UUID, deadline_id: uuid.UUID) -> dict[str, Any]:
        """Mark a deadline as dealt with."""
        actor, claim = load_claim(claim_id, can_work_on_claim)
        deadlines.meet_deadline(actor, claim, child_of(ClaimDeadline, claim, deadline_id))
        return _view(actor, claim)


@blp.route("/compensation-claims/<uuid:claim_id>/documents")
class Documents(MethodView):
    @policy(can_work_on_claim, scope="cases:write")
    @blp.response(201, DocumentSchema)
    def post(self, claim_id: uuid.UUID) -> dict[str, Any]:
        """multipart/form-data: `file` plus `kind`, `language`, `translation_of`.

        The fields are read only once the caller may work on the claim, so an outsider
        learns nothing from a validation message.
        """
        actor, claim = load_claim(claim_id, can_work_on_claim)
        meta = load_form(DocumentMetaSchema(), request.form)
        if meta.errors:
            raise ValidationProblem(errors=list(meta.errors.items()))
        sent = request.files.get("file")
        document = documents.upload_document(
            actor, claim, sent.filename if sent else None, sent.read() if sent else b"", meta.data
        )
        return queries.document_view(document)


@blp.route("/compensation-claims/<uuid:claim_id>/documents/<uuid:document_id>/file")
class DocumentFile(MethodView):
    @policy(can_view_claim, scope="cases:read")
    @blp.response(200)
    def get(self, claim_id: uuid.UUID, document_id: uuid.UUID) -> Any:
        """The file as an attachment; every download is audited."""
        actor, claim = load_claim(claim_id)
        document = child_of(ClaimDocument, claim, document_id)
        data = documents.download_document(actor, document)
        return attachment(data, document.media_type, documents.served_name(document))


@blp.route("/compensation-schemes")
class Schemes(MethodView):
    @policy(can_view_schemes, scope="services:read")
    @blp.response(200, SchemeListSchema)
    def get(self) -> dict[str, Any]:
        """Every country's scheme rules."""
        require(can_view_schemes)
        return {"items": queries.schemes()}

    @policy(can_manage_schemes, scope="services:write")
    @blp.arguments(SchemeSchema)
    @blp.response(201, SchemeSchema)
    def post(self, data: dict[str, Any]) -> CompensationScheme:
        """Add a country's rules (platform administrators)."""
        actor = require(can_manage_schemes)
        return schemes.save_scheme(actor, data)


@blp.route("/compensation-schemes/<uuid:scheme_id>")
class SchemeById(MethodView):
    @policy(can_manage_schemes, scope="services:write")
    @blp.arguments(SchemeSchema)
    @blp.response(200, SchemeSchema)
    def put(self, data: dict[str, Any], scheme_id: uuid.UUID) -> CompensationScheme:
        """Replace a scheme's rules; claims keep the dates they were given."""
        actor = require(can_manage_schemes)
        scheme = db.session.scalar(
            sa.select(CompensationScheme).where(CompensationScheme.uuid == scheme_id)
        )
        if scheme is None:
            raise NotFound()
        return schemes.save_scheme(actor, data, scheme)
