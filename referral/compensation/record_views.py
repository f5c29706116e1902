"""HTML pages for a claim's records: ledger entries, corrections, deadlines, documents, form."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from referral.compensation import deadlines, documents, entries, forms
from referral.compensation.access import child_of, load_claim
from referral.compensation.application_form import application_pdf, has_form
from referral.compensation.models import ClaimDeadline, ClaimDocument, LedgerEntry
from referral.compensation.permissions import can_view_claim, can_work_on_claim
from referral.compensation.schemas import (
    DeadlineCreateSchema,
    DocumentMetaSchema,
    EntryFormSchema,
    ReversalSchema,
)
from referral.compensation.views import bp
from referral.core.errors import ValidationProblem, problem_errors
from referral.core.forms import form_flow, form_page
from referral.core.http import attachment
from referral.core.policy import policy
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.i18n import _


def _back(claim_uuid: uuid.UUID) -> dict[str, object]:
    return {
        "back_url": url_for("compensation.detail", claim_id=claim_uuid),
        "back_label": _("Back to the claim"),
    }


@bp.route("/claims/<uuid:claim_id>/ledger/new", methods=["GET", "POST"])
@policy(can_work_on_claim)
def new_entry(claim_id: uuid.UUID) -> ResponseReturnValue:
    """Record money claimed, awarded, paid, advanced or recovered."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    return form_flow(
        _("Record an amount"),
        forms.entry_fields(),
        EntryFormSchema(),
        lambda data: entries.record_entry(actor, claim, data),
        lambda _entry: url_for("compensation.detail", claim_id=claim.uuid) + "#h-ledger",
        _("Record"),
        _("The amount is recorded."),
        initial={"currency": claim.currency, "occurred_on": now_utc().date().isoformat()},
        caption=f"{claim.case.case_code} · {claim.route.title}",
        intro=_("Entries cannot be changed later: a mistake is corrected by reversing it."),
        **_back(claim.uuid),
    )


@bp.route("/claims/<uuid:claim_id>/ledger/<uuid:entry_id>/reverse", methods=["GET", "POST"])
@policy(can_work_on_claim)
def reverse_entry(claim_id: uuid.UUID, entry_id: uuid.UUID) -> ResponseReturnValue:
    """Correct a mistaken entry with a reversing one."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    entry = child_of(LedgerEntry, claim, entry_id)
    return form_flow(
        _("Reverse an entry"),
        forms.reversal_fields(),
        ReversalSchema(),
        lambda data: entries.reverse_entry(actor, claim, entry, data),
        lambda _entry: url_for("compensation.detail", claim_id=claim.uuid) + "#h-ledger",
        _("Reverse the entry"),
        _("The entry is reversed."),
        caption=f"{claim.case.case_code} · {entry.kind.title}",
        **_back(claim.uuid),
    )


@bp.route("/claims/<uuid:claim_id>/deadlines/new", methods=["GET", "POST"])
@policy(can_work_on_claim)
def new_deadline(claim_id: uuid.UUID) -> ResponseReturnValue:
    """Add a date to act by."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    return form_flow(
        _("Add a deadline"),
        forms.deadline_fields(),
        DeadlineCreateSchema(),
        lambda data: deadlines.add_deadline(actor, claim, data),
        lambda _deadline: url_for("compensation.detail", claim_id=claim.uuid) + "#h-deadlines",
        _("Add the deadline"),
        _("The deadline is added."),
        caption=claim.case.case_code,
        **_back(claim.uuid),
    )


@bp.post("/claims/<uuid:claim_id>/deadlines/<uuid:deadline_id>/met")
@policy(can_work_on_claim)
def meet_deadline(claim_id: uuid.UUID, deadline_id: uuid.UUID) -> ResponseReturnValue:
    """Mark a deadline as dealt with."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    deadline = child_of(ClaimDeadline, claim, deadline_id)
    try:
        deadlines.meet_deadline(actor, claim, deadline)
    except ValidationProblem as problem:
        flash(next(iter(problem_errors(problem).values())), "error")
    else:
        flash(_("The deadline is marked as done."), "success")
    return redirect(url_for("compensation.detail", claim_id=claim.uuid) + "#h-deadlines")


@bp.route("/claims/<uuid:claim_id>/documents/new", methods=["GET", "POST"])
@policy(can_work_on_claim)
def upload(claim_id: uuid.UUID) -> ResponseReturnValue:
    """Upload a judgment, medical evidence, proof of residence, bank details or a translation."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    form: dict[str, object] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        loaded = load_form(DocumentMetaSchema(), request.form)
        form, errors = loaded.raw, dict(loaded.errors)
        sent = request.files.get("file")
        if not errors:
            try:
                documents.upload_document(
                    actor,
                    claim,
                    sent.filename if sent else None,
                    sent.read() if sent else b"",
                    loaded.data,
                )
            except ValidationProblem as problem:
                errors = problem_errors(problem)
            else:
                flash(_("The document is kept, encrypted."), "success")
                return redirect(
                    url_for("compensation.detail", claim_id=claim.uuid) + "#h-documents"
                )
        status = 422
    return form_page(
        _("Upload a document"),
        forms.document_fields(claim),
        form,
        errors,
        request.path,
        _("Upload"),
        status,
        multipart=True,
        caption=claim.case.case_code,
        intro=_("The file is checked by its content, encrypted, and every download is recorded."),
        **_back(claim.uuid),
    )


@bp.get("/claims/<uuid:claim_id>/documents/<uuid:document_id>")
@policy(can_view_claim)
def download(claim_id: uuid.UUID, document_id: uuid.UUID) -> ResponseReturnValue:
    """The file, as an attachment named only by its id; the download is audited."""
    actor, claim = load_claim(claim_id)
    document = child_of(ClaimDocument, claim, document_id)
    data = documents.download_document(actor, document)
    return attachment(data, document.media_type, documents.served_name(document))


@bp.get("/claims/<uuid:claim_id>/application.pdf")
@policy(can_work_on_claim)
def application(claim_id: uuid.UUID) -> ResponseReturnValue:
    """The pre-filled cross-border application form, in a language the authority accepts."""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    if not has_form(claim):
        abort(404)
    return attachment(
        application_pdf(actor, claim), "application/pdf", f"claim-application-{claim.uuid}.pdf"
    )
