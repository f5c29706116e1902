"""HTML pages for cases: list, open, the case page and its sections, audited reveal."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from referral.cases import forms, operations, team
from referral.cases.models import Case
from referral.cases.permissions import (
    can_add_team_member,
    can_create_case,
    can_edit_case,
    can_remove_team_member,
    can_view_case,
    cases_visible_to,
    is_case_team,
    is_org_coordinator,
    own_cases,
    visible_case_categories,
)
from referral.cases.schemas import (
    CaseCreateSchema,
    CaseUpdateSchema,
    FamilyMemberSchema,
    GuardianSchema,
    IdentitySchema,
    ReflectionEndSchema,
    ReflectionStartSchema,
    RevealSchema,
    RiskAssessmentSchema,
    ScreeningSchema,
    TeamMemberSchema,
    VictimStatusSchema,
)
from referral.consent import operations as consent_ops
from referral.core.errors import IllegalTransition, StaleVersion, ValidationProblem, problem_errors
from referral.core.forms import form_page
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.core.time import now_utc
from referral.extensions import db
from referral.i18n import _
from referral.referrals.models import Referral
from referral.referrals.permissions import referrals_visible_to

bp = Blueprint("cases", __name__, url_prefix="/cases")
COMMA_LISTS = ("aliases", "documents")
LISTS = ("citizenship",)


def _form_data(source: MultiDict) -> MultiDict:
    """Split comma-separated list fields into lists."""
    data = MultiDict(source)
    for name in COMMA_LISTS:
        if name in data:
            parts = [p.strip() for p in data.pop(name).split(",") if p.strip()]
            for part in parts:
                data.add(name, part)
    return data


@bp.get("")
@policy(can_create_case)
def index() -> ResponseReturnValue:
    """Your cases, by case code."""
    actor = require(can_create_case)
    cases = db.session.scalars(own_cases(actor).order_by(Case.opened_at.desc()).limit(200)).all()
    return render_template("cases/index.html", cases=cases, today=now_utc().date())


@bp.route("/new", methods=["GET", "POST"])
@policy(can_create_case)
def new() -> ResponseReturnValue:
    """Open a case; identity fields are optional and encrypted."""
    actor = require(can_create_case)
    fields = forms.profile_fields() + forms.identity_fields()
    heading, action = _("Open a case"), url_for("cases.new")
    intro = _(
        "The case gets a random case code. Only the code appears in lists, messages and files."
    )
    if request.method == "GET":
        return form_page(
            heading, fields, {"gender": "unknown"}, {}, action, _("Open the case"), intro=intro
        )
    form = load_form(CaseCreateSchema(), _form_data(request.form), list_fields=LISTS + COMMA_LISTS)
    if form.errors:
        return form_page(
            heading, fields, form.raw, form.errors, action, _("Open the case"), 422, intro=intro
        )
    case = operations.create_case(actor, form.data)
    flash(_("Case %(code)s is open.", code=case.case_code), "success")
    return redirect(url_for("cases.detail", case_id=case.uuid))


def _case_page(
    actor: Any,
    case: Case,
    revealed: set[str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    categories = visible_case_categories(actor, case)
    team_member = is_case_team(actor, case)
    data = (
        operations.reveal(actor, case, revealed, categories)
        if revealed
        else operations.view_case(actor, case, categories)
    )
    referrals = db.session.scalars(
        referrals_visible_to(actor)
        .where(Referral.case_id == case.id)
        .order_by(Referral.created_at.desc())
    ).all()
    return render_template(
        "cases/detail.html",
        case=case,
        data=data,
        team=team_member,
        categories=categories,
        consents=consent_ops.consents_of(case) if team_member else [],
        referrals=referrals,
        risk_overdue=operations.risk_review_overdue(case),
        coordinator=is_org_coordinator(actor, case),
        revealed=revealed or set(),
        team_candidates=team.team_candidates(case) if team_member else [],
        errors=errors or {},
    ), status


@bp.get("/<uuid:case_id>")
@policy(can_view_case)
def detail(case_id: uuid.UUID) -> ResponseReturnValue:
    """The case page: what you may see of the case, masked values hidden until shown."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_view_case, case, hide=True)
    return _case_page(actor, case)


@bp.post("/<uuid:case_id>/reveal")
@policy(can_view_case)
def reveal(case_id: uuid.UUID) -> ResponseReturnValue:
    """Show identity, contact or whereabouts (recorded in the audit trail)."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_view_case, case, hide=True)
    form = load_form(RevealSchema(), request.form, list_fields=("categories",))
    wanted = set(form.data.get("categories") or []) if not form.errors else set()
    return _case_page(actor, case, wanted or {"identity", "contact", "location"})


def _section(
    case_id: uuid.UUID,
    heading: Any,
    fields_fn: Callable[[], list],
    schema: Any,
    apply: Callable[[Any, Case, dict], Any],
    initial: Callable[[Case], dict] | None = None,
    lists: tuple[str, ...] = (),
    submit: Any = None,
) -> ResponseReturnValue:
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_edit_case, case, hide=True)
    action = request.path
    submit = submit or _("Save")
    back = url_for("cases.detail", case_id=case.uuid)
    extra = {"caption": case.case_code, "back_url": back, "back_label": _("Back to the case")}
    if request.method == "GET":
        return form_page(
            heading, fields_fn(), initial(case) if initial else {}, {}, action, submit, **extra
        )
    form = load_form(schema, _form_data(request.form), list_fields=lists)
    if form.errors:
        return form_page(heading, fields_fn(), form.raw, form.errors, action, submit, 422, **extra)
    try:
        apply(actor, case, form.data)
    except StaleVersion:
        errors = {
            "_form": _("Someone else changed this case meanwhile. Check the values and save again.")
        }
        return form_page(
            heading,
            fields_fn(),
            {**form.raw, "version": case.version},
            errors,
            action,
            submit,
            409,
            **extra,
        )
    except ValidationProblem as problem:
        return form_page(
            heading, fields_fn(), form.raw, dict(problem.field_errors), action, submit, 422, **extra
        )
    flash(_("Saved."), "success")
    return redirect(back)


def _profile_values(case: Case) -> dict[str, Any]:
    values = {name: getattr(case, name) for name in operations.PROFILE_FIELDS}
    values["citizenship"] = case.citizenship[0] if case.citizenship else ""
    values["special_needs"] = case.special_needs
    values["version"] = case.version
    return values


def _identity_values(case: Case) -> dict[str, Any]:
    identity = case.identity
    if identity is None:
        return {}
    values = {name: getattr(identity, name) for name in operations.IDENTITY_FIELDS}
    values["aliases"] = ", ".join(identity.aliases or [])
    values["documents"] = ", ".join(identity.documents or [])
    for key, value in (identity.address or {}).items():
        values["address_" + key] = value
    return values


@bp.route("/<uuid:case_id>/profile", methods=["GET", "POST"])
@policy(can_edit_case)
def profile(case_id: uuid.UUID) -> ResponseReturnValue:
    """Change the description of the person."""
    return _section(
        case_id,
        _("About the person"),
        forms.profile_fields,
        CaseUpdateSchema(),
        operations.update_profile,
        _profile_values,
        LISTS,
    )


@bp.route("/<uuid:case_id>/identity", methods=["GET", "POST"])
@policy(can_edit_case)
def identity(case_id: uuid.UUID) -> ResponseReturnValue:
    """Change identity, contact and whereabouts (encrypted; changes are audited)."""
    return _section(
        case_id,
        _("Identity and whereabouts"),
        forms.identity_fields,
        IdentitySchema(),
        operations.update_identity,
        _identity_values,
        COMMA_LISTS,
    )


@bp.route("/<uuid:case_id>/status", methods=["GET", "POST"])
@policy(can_edit_case)
def status(case_id: uuid.UUID) -> ResponseReturnValue:
    """Possible, identified or not a victim."""
    return _section(
        case_id,
        _("Victim status"),
        forms.status_fields,
        VictimStatusSchema(),
        operations.set_victim_status,
        lambda c: {
            "trafficking_status": c.trafficking_status,
            "status_decision_org": c.status_decision_org or "",
            "status_decided_on": c.status_decided_on,
        },
    )


@bp.route("/<uuid:case_id>/guardian", methods=["GET", "POST"])
@policy(can_edit_case)
def guardian(case_id: uuid.UUID) -> ResponseReturnValue:
    """A child's guardian or representative."""
    return _section(
        case_id,
        _("Guardian or representative"),
        forms.guardian_fields,
        GuardianSchema(),
        operations.set_guardian,
    )


@bp.route("/<uuid:case_id>/family", methods=["GET", "POST"])
@policy(can_edit_case)
def family(case_id: uuid.UUID) -> ResponseReturnValue:
    """Add a family member."""
    return _section(
        case_id,
        _("Add a family member"),
        forms.family_fields,
        FamilyMemberSchema(),
        operations.add_family_member,
        submit=_("Add"),
    )


@bp.route("/<uuid:case_id>/risk", methods=["GET", "POST"])
@policy(can_edit_case)
def risk(case_id: uuid.UUID) -> ResponseReturnValue:
    """A new version of the risk assessment."""
    return _section(
        case_id,
        _("Assess the risks"),
        forms.risk_fields,
        RiskAssessmentSchema(),
        operations.add_risk_assessment,
        submit=_("Save the assessment"),
    )


@bp.route("/<uuid:case_id>/reflection", methods=["GET", "POST"])
@policy(can_edit_case)
def reflection(case_id: uuid.UUID) -> ResponseReturnValue:
    """Start the reflection and recovery period."""
    return _section(
        case_id,
        _("Reflection and recovery period"),
        forms.reflection_fields,
        ReflectionStartSchema(),
        operations.start_reflection,
        lambda c: {"country": c.owner_org.country, "starts_on": now_utc().date()},
    )


@bp.route("/<uuid:case_id>/reflection/end", methods=["GET", "POST"])
@policy(can_edit_case)
def reflection_end(case_id: uuid.UUID) -> ResponseReturnValue:
    """End the reflection period."""
    return _section(
        case_id,
        _("End the reflection period"),
        forms.reflection_end_fields,
        ReflectionEndSchema(),
        operations.end_reflection,
        lambda c: {"ended_on": now_utc().date()},
    )


@bp.route("/<uuid:case_id>/screening", methods=["GET", "POST"])
@policy(can_edit_case)
def screening(case_id: uuid.UUID) -> ResponseReturnValue:
    """Indicator screening: it can suggest a referral, never decide status."""
    return _section(
        case_id,
        _("Indicator screening"),
        forms.screening_fields,
        ScreeningSchema(),
        operations.add_screening,
        lists=("methods_of_control", "exploitation_types"),
    )


@bp.post("/<uuid:case_id>/team")
@policy(can_add_team_member)
def add_member(case_id: uuid.UUID) -> ResponseReturnValue:
    """Put a colleague on the case team."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_add_team_member, case, hide=True)
    form = load_form(TeamMemberSchema(), request.form)
    errors = form.errors
    if not errors:
        try:
            team.add_team_member(actor, case, form.data)
        except ValidationProblem as problem:
            errors = problem_errors(problem)
        else:
            flash(_("Added to the case team."), "success")
            return redirect(url_for("cases.detail", case_id=case.uuid) + "#team")
    return _case_page(actor, case, errors=errors, status=422)


@bp.post("/<uuid:case_id>/team/<uuid:member_id>/remove")
@policy(can_remove_team_member)
def remove_member(case_id: uuid.UUID, member_id: uuid.UUID) -> ResponseReturnValue:
    """Take someone off the case team (coordinators)."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    require(can_add_team_member, case, hide=True)
    actor = require(can_remove_team_member, case)
    member = next((m for m in case.members if m.uuid == member_id), None)
    if member is None:
        raise NotFound()
    try:
        team.remove_team_member(actor, case, member)
    except IllegalTransition as problem:
        return _case_page(actor, case, errors=problem_errors(problem), status=409)
    flash(_("Taken off the case team."), "success")
    return redirect(url_for("cases.detail", case_id=case.uuid) + "#team")
