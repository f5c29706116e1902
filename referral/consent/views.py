"""HTML pages: the consent wizard, the consent text, withdrawal and risk-to-life disclosure."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.cases.enums import DataCategory
from referral.cases.models import Case
from referral.cases.permissions import can_edit_case, cases_visible_to
from referral.consent import operations
from referral.consent.enums import (
    ConsentMethod,
    DisclosureReason,
    Purpose,
    WithdrawalChannel,
    WithdrawalScope,
)
from referral.consent.models import Consent
from referral.consent.permissions import can_disclose_risk, can_manage_consent, consents_visible_to
from referral.consent.schemas import (
    ConsentRecordSchema,
    RiskDisclosureSchema,
    ScopeItemSchema,
    ThirdCountrySchema,
    WithdrawalSchema,
)
from referral.consent.scope import safe_countries
from referral.consent.texts import available_languages, load_text
from referral.core.errors import IllegalTransition, ValidationProblem, problem_errors
from referral.core.forms import Field, enum_options, form_page
from referral.core.http import attachment
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.extensions import db
from referral.i18n import _
from referral.i18n.formatting import country_choices, language_choices
from referral.identity.admin_views import ORG_LANGUAGE_CODES
from referral.identity.models import Organisation
from referral.identity.queries import organisation_by_uuid

bp = Blueprint("consent", __name__)


def checklist_options() -> list[tuple[str, Any]]:
    return [
        ("purpose", _("Why the information is shared")),
        ("data_use", _("Which information is shared, and with whom")),
        (
            "research_use",
            _("That nothing is used for research or statistics that identify the person"),
        ),
        ("access_right", _("The right to see, correct and delete the information")),
        ("retention", _("How long the information is kept")),
        ("withdrawal", _("How to withdraw consent at any time, without giving a reason")),
    ]


def record_fields(case: Case) -> list[Field]:
    languages = language_choices(ORG_LANGUAGE_CODES)
    fields = [
        Field(
            "language", _("Language the person was informed in"), "select", languages, required=True
        ),
        Field(
            "text_language",
            _("Language of the written consent text used"),
            "select",
            language_choices(available_languages()),
            required=True,
        ),
        Field(
            "method",
            _("How the answer was recorded"),
            "select",
            enum_options(ConsentMethod, blank=""),
            required=True,
        ),
        Field("interpreter_name", _("Interpreter")),
        Field("no_interpreter", _("No interpreter was needed"), "checkbox"),
        Field("cultural_mediator_name", _("Cultural mediator")),
        Field("witness", _("Witness"), hint=_("Needed for oral consent.")),
        Field(
            "checklist",
            _("Explained to the person"),
            "checkboxes",
            checklist_options(),
            required=True,
        ),
        Field("valid_from", _("Valid from"), "date", required=True),
        Field("valid_until", _("Valid until"), "date", required=True),
    ]
    if case.is_child:
        fields += [
            Field("guardian_present", _("The guardian took part"), "checkbox"),
            Field(
                "child_views", _("The child's own views, in their words"), "textarea", required=True
            ),
        ]
    return fields


def scope_fields() -> list[Field]:
    orgs = db.session.scalars(
        sa.select(Organisation).order_by(Organisation.country, Organisation.name)
    ).all()
    org_options = [("", _("Any organisation in that country (broad)"))] + [
        (str(org.uuid), f"{org.name} ({org.country})") for org in orgs
    ]
    return [
        Field("purposes", _("For what"), "checkboxes", enum_options(Purpose), required=True),
        Field(
            "recipient_country",
            _("Country of the recipient"),
            "select",
            country_choices(),
            required=True,
        ),
        Field(
            "recipient_org_id",
            _("Organisation"),
            "select",
            org_options,
            hint=_("Naming one organisation is safer than allowing any organisation in a country."),
        ),
        Field(
            "categories",
            _("Which information"),
            "checkboxes",
            enum_options(DataCategory),
            required=True,
        ),
        Field(
            "valid_until",
            _("Until"),
            "date",
            hint=_("Leave empty to follow the consent's validity."),
        ),
    ]


def _load(consent_id: uuid.UUID) -> tuple[Any, Consent]:
    consent: Consent = load_visible(Consent, consent_id, consents_visible_to)
    actor = require(can_manage_consent, consent, hide=True)
    return actor, consent


def _wizard(
    consent: Consent,
    errors: dict[str, str] | None = None,
    record_form: dict | None = None,
    scope_form: dict | None = None,
    status: int = 200,
    third_form: dict | None = None,
) -> ResponseReturnValue:
    case = consent.case
    record = (
        record_form
        if record_form is not None
        else {
            "language": consent.language,
            "text_language": consent.text_language,
            "method": consent.method or "",
            "interpreter_name": consent.interpreter_name,
            "no_interpreter": consent.no_interpreter,
            "cultural_mediator_name": consent.cultural_mediator_name,
            "witness": consent.witness,
            "checklist": consent.checklist,
            "valid_from": consent.valid_from.date() if consent.valid_from else now_utc().date(),
            "valid_until": (consent.valid_until.date() if consent.valid_until else None),
            "guardian_present": consent.guardian_present,
            "child_views": consent.child_views,
        }
    )
    pending_countries = sorted(
        {
            item.recipient_country
            for item in consent.scope_items
            if item.recipient_country not in safe_countries()
        }
        - {item.country for item in consent.third_country_items}
    )
    return render_template(
        "consent/wizard.html",
        consent=consent,
        case=case,
        errors=errors or {},
        record=record,
        record_fields=record_fields(case),
        scope_form=scope_form or {},
        third_form=third_form or {},
        scope_fields=scope_fields(),
        pending_countries=pending_countries,
        missing=operations.missing_for_giving(consent) if consent.status.value == "pending" else [],
        checklist_titles=dict(checklist_options()),
    ), status


@bp.post("/cases/<uuid:case_id>/consents")
@policy(can_edit_case)
def start(case_id: uuid.UUID) -> ResponseReturnValue:
    """Begin recording a new consent version."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_edit_case, case, hide=True)
    languages = available_languages()
    text_language = case.primary_language if case.primary_language in languages else "en"
    consent = operations.start_consent(
        actor,
        case,
        {"language": case.primary_language or text_language, "text_language": text_language},
    )
    return redirect(url_for("consent.detail", consent_id=consent.uuid))


@bp.get("/consents/<uuid:consent_id>")
@policy(can_manage_consent)
def detail(consent_id: uuid.UUID) -> ResponseReturnValue:
    """The consent: steps while being recorded, a summary once given."""
    _actor, consent = _load(consent_id)
    return _wizard(consent)


@bp.post("/consents/<uuid:consent_id>/record")
@policy(can_manage_consent)
def record(consent_id: uuid.UUID) -> ResponseReturnValue:
    """Step 1: how the information was given."""
    actor, consent = _load(consent_id)
    form = load_form(ConsentRecordSchema(), request.form, list_fields=("checklist",))
    if form.errors:
        return _wizard(consent, form.errors, record_form=form.raw, status=422)
    try:
        operations.update_consent_record(actor, consent, form.data)
    except (ValidationProblem, IllegalTransition) as problem:
        errors = problem_errors(problem)
        return _wizard(consent, errors, record_form=form.raw, status=422)
    flash(_("Saved."), "success")
    return redirect(url_for("consent.detail", consent_id=consent.uuid) + "#scope")


@bp.post("/consents/<uuid:consent_id>/scope")
@policy(can_manage_consent)
def add_scope(consent_id: uuid.UUID) -> ResponseReturnValue:
    """Step 2: who may receive which information, for what."""
    actor, consent = _load(consent_id)
    form = load_form(ScopeItemSchema(), request.form, list_fields=("purposes", "categories"))
    if form.errors:
        return _wizard(consent, form.errors, scope_form=form.raw, status=422)
    data = dict(form.data)
    org_id = data.pop("recipient_org_id", None)
    data["recipient_org"] = organisation_by_uuid(org_id)
    try:
        operations.add_scope_item(actor, consent, data)
    except (ValidationProblem, IllegalTransition) as problem:
        errors = problem_errors(problem)
        return _wizard(consent, errors, scope_form=form.raw, status=422)
    return redirect(url_for("consent.detail", consent_id=consent.uuid) + "#scope")


@bp.post("/consents/<uuid:consent_id>/scope/<uuid:item_id>/remove")
@policy(can_manage_consent)
def remove_scope(consent_id: uuid.UUID, item_id: uuid.UUID) -> ResponseReturnValue:
    """Remove a recipient from a consent still being recorded."""
    actor, consent = _load(consent_id)
    item = next((i for i in consent.scope_items if i.uuid == item_id), None)
    if item is None:
        abort(404)
    try:
        operations.remove_scope_item(actor, item)
    except IllegalTransition as problem:
        return _wizard(consent, {"_form": str(problem.description)}, status=409)
    return redirect(url_for("consent.detail", consent_id=consent.uuid) + "#scope")


@bp.post("/consents/<uuid:consent_id>/third-country")
@policy(can_manage_consent)
def third_country(consent_id: uuid.UUID) -> ResponseReturnValue:
    """Step 3: the separate agreement to a transfer outside the EU."""
    actor, consent = _load(consent_id)
    form = load_form(ThirdCountrySchema(), request.form)
    errors = form.errors
    if not errors:
        try:
            operations.add_third_country_item(actor, consent, form.data)
        except (ValidationProblem, IllegalTransition) as problem:
            errors = problem_errors(problem)
    if errors:  # the same country's form comes back with what was typed in it
        prefixed = {k if k == "_form" else f"tc-{k}": v for k, v in errors.items()}
        return _wizard(consent, prefixed, status=422, third_form=request.form.to_dict())
    return redirect(url_for("consent.detail", consent_id=consent.uuid) + "#confirm")


@bp.post("/consents/<uuid:consent_id>/give")
@policy(can_manage_consent)
def give(consent_id: uuid.UUID) -> ResponseReturnValue:
    """Step 4: the person agrees; the record can no longer change."""
    actor, consent = _load(consent_id)
    try:
        operations.give_consent(actor, consent)
    except (ValidationProblem, IllegalTransition) as problem:
        errors = problem_errors(problem)
        return _wizard(consent, errors, status=422)
    flash(_("The consent is recorded."), "success")
    return redirect(url_for("cases.detail", case_id=consent.case.uuid))


@bp.post("/consents/<uuid:consent_id>/refuse")
@policy(can_manage_consent)
def refuse(consent_id: uuid.UUID) -> ResponseReturnValue:
    """The person does not agree; their support continues regardless."""
    actor, consent = _load(consent_id)
    try:
        operations.refuse_consent(actor, consent)
    except IllegalTransition as problem:
        return _wizard(consent, {"_form": str(problem.description)}, status=409)
    flash(_("Recorded: the person did not agree. Nothing will be shared."), "info")
    return redirect(url_for("cases.detail", case_id=consent.case.uuid))


@bp.get("/consents/<uuid:consent_id>/text")
@policy(can_manage_consent)
def text(consent_id: uuid.UUID) -> ResponseReturnValue:
    """The exact consent text (version and hash) used, to read aloud or print."""
    _actor, consent = _load(consent_id)
    document = load_text(consent.text_language, consent.text_key, consent.text_version)
    if document is None:
        abort(404)
    return render_template("consent/text.html", consent=consent, document=document)


def withdrawal_fields(consent: Consent) -> list[Field]:
    recipients = operations.past_recipients(consent)
    return [
        Field("scope", _("Withdraw"), "select", enum_options(WithdrawalScope), required=True),
        Field(
            "organisation_id",
            _("Organisation"),
            "select",
            [("", "")] + [(str(org.uuid), org.name) for org in recipients],
            hint=_("Only when withdrawing for one organisation."),
        ),
        Field(
            "purpose",
            _("Purpose"),
            "select",
            enum_options(Purpose, blank=""),
            hint=_("Only when withdrawing for one purpose."),
        ),
        Field(
            "channel",
            _("How did the person tell you?"),
            "select",
            enum_options(WithdrawalChannel),
            required=True,
        ),
        Field("note", _("Note"), "textarea"),
    ]


@bp.route("/consents/<uuid:consent_id>/withdraw", methods=["GET", "POST"])
@policy(can_manage_consent)
def withdraw(consent_id: uuid.UUID) -> ResponseReturnValue:
    """Withdrawal: one form; recipients lose access on their next request and are told."""
    actor, consent = _load(consent_id)
    heading, action = _("Withdraw consent"), url_for("consent.withdraw", consent_id=consent.uuid)
    intro = _(
        "Receiving organisations lose access at once, open referrals are withdrawn, files sent "
        "to them are revoked, and they are told. The person does not need to give a reason."
    )
    extra = {
        "caption": consent.case.case_code,
        "intro": intro,
        "back_url": url_for("cases.detail", case_id=consent.case.uuid),
    }
    if request.method == "GET":
        return form_page(
            heading,
            withdrawal_fields(consent),
            {"scope": "all"},
            {},
            action,
            _("Withdraw consent"),
            **extra,
        )
    form = load_form(WithdrawalSchema(), request.form)
    if form.errors:
        return form_page(
            heading,
            withdrawal_fields(consent),
            form.raw,
            form.errors,
            action,
            _("Withdraw consent"),
            422,
            **extra,
        )
    data = dict(form.data)
    org_id = data.pop("organisation_id", None)
    data["organisation"] = organisation_by_uuid(org_id)
    try:
        operations.withdraw_consent(actor, consent, data)
    except IllegalTransition as problem:
        return form_page(
            heading,
            withdrawal_fields(consent),
            form.raw,
            {"_form": str(problem.description)},
            action,
            _("Withdraw consent"),
            409,
            **extra,
        )
    flash(_("Consent withdrawn. The receiving organisations have been told."), "success")
    return redirect(url_for("cases.detail", case_id=consent.case.uuid))


def disclosure_fields() -> list[Field]:
    orgs = db.session.scalars(
        sa.select(Organisation).order_by(Organisation.country, Organisation.name)
    ).all()
    return [
        Field(
            "recipient_org_id",
            _("Organisation to warn"),
            "select",
            [(str(org.uuid), f"{org.name} ({org.country})") for org in orgs],
            required=True,
        ),
        Field(
            "reason",
            _("Whose life is at risk"),
            "select",
            enum_options(DisclosureReason),
            required=True,
        ),
        Field(
            "written_reason",
            _("Written reason"),
            "textarea",
            required=True,
            hint=_("Why this cannot wait for consent. Only the risk assessment is shared."),
        ),
        Field(
            "expires_in_days",
            _("Access ends after (days)"),
            "number",
            required=True,
            hint=_("30 days at most."),
            attrs={"min": "1", "max": "30"},
        ),
        Field("victim_informed_on", _("Person informed on"), "date"),
    ]


@bp.route("/cases/<uuid:case_id>/risk-disclosure", methods=["GET", "POST"])
@policy(can_disclose_risk)
def disclose(case_id: uuid.UUID) -> ResponseReturnValue:
    """Risk-to-life exception: share only the risk assessment, with a written reason."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_disclose_risk, case, hide=True)
    heading, action = _("Share risk information to protect life"), request.path
    extra = {
        "caption": case.case_code,
        "back_url": url_for("cases.detail", case_id=case.uuid),
        "intro": _("Use this only when a life is in danger and consent cannot be asked in time."),
    }
    if request.method == "GET":
        return form_page(
            heading,
            disclosure_fields(),
            {"expires_in_days": 7},
            {},
            action,
            _("Share now"),
            **extra,
        )
    form = load_form(RiskDisclosureSchema(), request.form)
    if form.errors:
        return form_page(
            heading,
            disclosure_fields(),
            form.raw,
            form.errors,
            action,
            _("Share now"),
            422,
            **extra,
        )
    recipient = organisation_by_uuid(form.data["recipient_org_id"])
    if recipient is None:
        return form_page(
            heading,
            disclosure_fields(),
            form.raw,
            {"recipient_org_id": _("Choose one of the options.")},
            action,
            _("Share now"),
            422,
            **extra,
        )
    try:
        operations.disclose_risk(actor, case, recipient, form.data)
    except ValidationProblem as problem:
        return form_page(
            heading,
            disclosure_fields(),
            form.raw,
            dict(problem.field_errors),
            action,
            _("Share now"),
            422,
            **extra,
        )
    flash(_("The risk information is shared and the organisation is told."), "success")
    return redirect(url_for("cases.detail", case_id=case.uuid))


@bp.get("/consents/<uuid:consent_id>/sheet")
@policy(can_manage_consent)
def sheet(consent_id: uuid.UUID) -> ResponseReturnValue:
    """The printable consent information sheet, in the person's language."""
    actor, consent = _load(consent_id)
    from referral.dossiers.operations import consent_sheet

    return attachment(
        consent_sheet(actor, consent), "application/pdf", f"consent-sheet-{consent.uuid}.pdf"
    )
