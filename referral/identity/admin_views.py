"""HTML pages for administrators: an organisation's users, and the platform's organisations."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.core.errors import StaleVersion, ValidationProblem
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.extensions import db
from referral.i18n import _
from referral.i18n.formatting import country_choices, language_choices, time_zone_choices
from referral.identity import operations
from referral.identity.enums import ORG_ASSIGNABLE_ROLES, DataRegime, OrgType, Role
from referral.identity.models import Organisation, User
from referral.identity.permissions import (
    can_manage_organisations,
    can_manage_user,
    can_manage_users,
    organisations_visible_to,
    users_visible_to,
)
from referral.identity.schemas import (
    OrganisationSchema,
    OrganisationUpdateSchema,
    StepUpSchema,
    UserCreateSchema,
    UserUpdateSchema,
)
from referral.identity.sessions import step_up_is_fresh

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: The platform's working languages, offered when describing an organisation.
ORG_LANGUAGE_CODES = [
    "ar",
    "bg",
    "bin",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "ga",
    "hr",
    "hu",
    "it",
    "lt",
    "lv",
    "mt",
    "nl",
    "pcm",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sq",
    "sv",
    "ti",
    "tr",
    "uk",
    "vi",
    "yo",
    "zh",
]


def _roles() -> list[Role]:
    return [role for role in Role if role in ORG_ASSIGNABLE_ROLES]


def _user_form(
    actor: User, user: User | None, errors: dict[str, str], form: dict[str, Any], status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "admin/user_form.html",
            user=user,
            errors=errors,
            form=form,
            roles=_roles(),
            languages=language_choices(current_app.config["LOCALES"]),
            time_zones=time_zone_choices(),
            step_up_needed=user is not None and not step_up_is_fresh(),
        ),
        status,
    )


@bp.get("/users")
@policy(can_manage_users)
def users() -> ResponseReturnValue:
    """The organisation's users."""
    actor = require(can_manage_users)
    listed = db.session.scalars(users_visible_to(actor).order_by(User.display_name)).all()
    return render_template("admin/users.html", users=listed)


@bp.route("/users/new", methods=["GET", "POST"])
@policy(can_manage_users)
def new_user() -> ResponseReturnValue:
    """Add a user; a one-time password is shown once."""
    actor = require(can_manage_users)
    if request.method == "GET":
        return _user_form(actor, None, {}, {"locale": actor.locale, "time_zone": actor.time_zone})
    form = load_form(UserCreateSchema(), request.form, list_fields=("roles",))
    if form.errors:
        return _user_form(actor, None, form.errors, form.raw, 422)
    try:
        user, temporary = operations.create_user(actor, actor.organisation, form.data)
    except ValidationProblem as problem:
        return _user_form(actor, None, dict(problem.field_errors), form.raw, 422)
    return render_template("admin/user_created.html", user=user, temporary=temporary)


@bp.route("/users/<uuid:user_id>", methods=["GET", "POST"])
@policy(can_manage_user)
def edit_user(user_id: uuid.UUID) -> ResponseReturnValue:
    """Change a user's name, roles or whether the account is active."""
    user: User = load_visible(User, user_id, users_visible_to)
    actor = require(can_manage_user, user, hide=True)
    if request.method == "GET":
        form = {
            "display_name": user.display_name,
            "roles": user.roles,
            "is_active": user.is_active,
            "version": user.version,
        }
        return _user_form(actor, user, {}, form)
    form = load_form(UserUpdateSchema(), request.form, list_fields=("roles",))
    if form.errors:
        return _user_form(actor, user, form.errors, form.raw, 422)
    errors = operations.step_up_errors(actor, form.data.get("code"))
    if errors:
        return _user_form(actor, user, errors, form.raw, 422)
    try:
        operations.update_user(actor, user, form.data)
    except StaleVersion:
        errors = {
            "_form": _("Someone else changed this user meanwhile. Check the values and save again.")
        }
        return _user_form(actor, user, errors, {**form.raw, "version": user.version}, 409)
    except ValidationProblem as problem:
        return _user_form(actor, user, dict(problem.field_errors), form.raw, 422)
    flash(_("The changes are saved."), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<uuid:user_id>/reset-mfa")
@policy(can_manage_user)
def reset_user_mfa(user_id: uuid.UUID) -> ResponseReturnValue:
    """A user lost their phone and their recovery codes: they set up the app again."""
    user: User = load_visible(User, user_id, users_visible_to)
    actor = require(can_manage_user, user, hide=True)
    form = load_form(StepUpSchema(), request.form)
    errors = operations.step_up_errors(actor, None if form.errors else form.data.get("code"))
    if errors:
        raw = {
            "display_name": user.display_name,
            "roles": user.roles,
            "is_active": user.is_active,
            "version": user.version,
        }
        return _user_form(actor, user, errors, raw, 422)
    operations.reset_mfa(actor, user)
    flash(_("Two-step verification was reset for this user."), "success")
    return redirect(url_for("admin.users"))


# --- organisations (platform administrators) ---------------------------------------------


def _org_form(
    organisation: Organisation | None,
    errors: dict[str, str],
    form: dict[str, Any],
    status: int = 200,
) -> ResponseReturnValue:
    admins = []
    if organisation is not None:
        admins = [u for u in organisation.users if u.has_role(Role.org_admin)]
    return (
        render_template(
            "admin/organisation_form.html",
            organisation=organisation,
            admins=admins,
            errors=errors,
            form=form,
            org_types=list(OrgType),
            regimes=list(DataRegime),
            countries=country_choices(),
            languages=language_choices(ORG_LANGUAGE_CODES),
            time_zones=time_zone_choices(),
        ),
        status,
    )


@bp.get("/organisations")
@policy(can_manage_organisations)
def organisations() -> ResponseReturnValue:
    """Every organisation on the platform."""
    actor = require(can_manage_organisations)
    listed = db.session.scalars(
        organisations_visible_to(actor).order_by(Organisation.country, Organisation.name)
    ).all()
    return render_template("admin/organisations.html", organisations=listed)


@bp.route("/organisations/new", methods=["GET", "POST"])
@policy(can_manage_organisations)
def new_organisation() -> ResponseReturnValue:
    """Register an organisation."""
    actor = require(can_manage_organisations)
    if request.method == "GET":
        return _org_form(None, {}, {"working_languages": ["en"], "time_zone": "UTC"})
    form = load_form(OrganisationSchema(), request.form, list_fields=("working_languages",))
    if form.errors:
        return _org_form(None, form.errors, form.raw, 422)
    organisation = operations.create_organisation(actor, form.data)
    flash(_("The organisation is registered. Now add its first administrator."), "success")
    return redirect(url_for("admin.edit_organisation", org_id=organisation.uuid))


def _org_values(organisation: Organisation) -> dict[str, Any]:
    names = OrganisationUpdateSchema().fields
    return {name: getattr(organisation, name) for name in names}


@bp.route("/organisations/<uuid:org_id>", methods=["GET", "POST"])
@policy(can_manage_organisations)
def edit_organisation(org_id: uuid.UUID) -> ResponseReturnValue:
    """Change an organisation's record."""
    organisation: Organisation = load_visible(Organisation, org_id, organisations_visible_to)
    actor = require(can_manage_organisations)
    if request.method == "GET":
        return _org_form(organisation, {}, _org_values(organisation))
    form = load_form(OrganisationUpdateSchema(), request.form, list_fields=("working_languages",))
    if form.errors:
        return _org_form(organisation, form.errors, form.raw, 422)
    try:
        operations.update_organisation(actor, organisation, form.data)
    except StaleVersion:
        errors = {
            "_form": _(
                "Someone else changed this organisation meanwhile. Check the values and save again."
            )
        }
        return _org_form(organisation, errors, {**form.raw, "version": organisation.version}, 409)
    flash(_("The changes are saved."), "success")
    return redirect(url_for("admin.organisations"))


@bp.post("/organisations/<uuid:org_id>/administrators")
@policy(can_manage_organisations)
def add_org_admin(org_id: uuid.UUID) -> ResponseReturnValue:
    """Add an organisation's administrator; they manage its other users."""
    organisation: Organisation = load_visible(Organisation, org_id, organisations_visible_to)
    actor = require(can_manage_organisations)
    form = load_form(UserCreateSchema(), {**request.form.to_dict(), "roles": ["org_admin"]})
    if form.errors:
        return _org_form(organisation, form.errors, _org_values(organisation), 422)
    try:
        user, temporary = operations.create_user(
            actor, organisation, form.data, allowed_roles=frozenset({Role.org_admin})
        )
    except ValidationProblem as problem:
        return _org_form(organisation, dict(problem.field_errors), _org_values(organisation), 422)
    return render_template("admin/user_created.html", user=user, temporary=temporary)
