"""HTML pages: the service directory, and publishing services."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.cases.enums import DataCategory
from referral.core.errors import StaleVersion
from referral.core.forms import Field, enum_options, form_page
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.directory import operations
from referral.directory.enums import CapacityStatus, GendersServed, ServiceType
from referral.directory.models import Service
from referral.directory.permissions import (
    can_manage_service,
    can_manage_services,
    can_search_directory,
    services_visible_to,
)
from referral.directory.schemas import ServiceQueryArgsSchema, ServiceSchema, ServiceUpdateSchema
from referral.extensions import db
from referral.i18n import _
from referral.i18n.formatting import country_choices, language_choices
from referral.identity.admin_views import ORG_LANGUAGE_CODES

bp = Blueprint("directory", __name__, url_prefix="/services")
LISTS = ("languages", "default_data_package")


def service_fields() -> list[Field]:
    """The service form."""
    return [
        Field("name", _("Name of the service"), required=True),
        Field("service_type", _("Type"), "select", enum_options(ServiceType), required=True),
        Field("country", _("Country"), "select", country_choices(), required=True),
        Field("region", _("Region code"), hint=_("ISO 3166-2, e.g. NG-ED.")),
        Field(
            "languages",
            _("Languages spoken"),
            "checkboxes",
            language_choices(ORG_LANGUAGE_CODES),
            required=True,
        ),
        Field("accepts_adults", _("Takes adults"), "checkbox"),
        Field("accepts_minors", _("Takes children"), "checkbox"),
        Field("genders_served", _("Takes"), "select", enum_options(GendersServed)),
        Field("is_inbox_open", _("Accepts referrals now"), "checkbox"),
        Field("capacity_status", _("Capacity"), "select", enum_options(CapacityStatus)),
        Field(
            "capacity_note", _("Capacity note"), hint=_("For example: two places from next week.")
        ),
        Field(
            "emergency_phone",
            _("24/7 emergency phone"),
            "tel",
            hint=_("International form, e.g. +31201234567."),
        ),
        Field("description", _("Description"), "textarea"),
        Field(
            "default_data_package",
            _("Information usually needed"),
            "checkboxes",
            enum_options(DataCategory),
            hint=_("Preselected when someone refers a person here; they can change it."),
        ),
    ]


@bp.get("")
@policy(can_search_directory)
def search() -> ResponseReturnValue:
    """Search services by country, type and language."""
    actor = require(can_search_directory)
    args = load_form(ServiceQueryArgsSchema(), request.args)
    filters = args.data if not args.errors else {}
    query = operations.search_services(
        country=filters.get("country"),
        service_type=filters.get("service_type").value if filters.get("service_type") else None,
        language=filters.get("language"),
        open_only=bool(filters.get("open_only")),
    )
    services = db.session.scalars(query.limit(200)).all()
    return render_template(
        "directory/search.html",
        services=services,
        filters=args.raw,
        errors=args.errors,
        countries=country_choices(),
        types=enum_options(ServiceType),
        languages=language_choices(ORG_LANGUAGE_CODES),
        can_publish=can_manage_services(actor),
        case_id=request.args.get("case"),
    )


@bp.route("/new", methods=["GET", "POST"])
@policy(can_manage_services)
def new() -> ResponseReturnValue:
    """Publish a service of your organisation."""
    actor = require(can_manage_services)
    heading, action = _("Publish a service"), url_for("directory.new")
    if request.method == "GET":
        defaults = {
            "country": actor.organisation.country,
            "languages": actor.organisation.working_languages,
            "accepts_adults": True,
            "is_inbox_open": True,
            "capacity_status": "unknown",
        }
        return form_page(heading, service_fields(), defaults, {}, action, _("Publish"))
    form = load_form(ServiceSchema(), request.form, list_fields=LISTS)
    if form.errors:
        return form_page(
            heading, service_fields(), form.raw, form.errors, action, _("Publish"), 422
        )
    service = operations.create_service(actor, actor.organisation, form.data)
    flash(_("The service is published."), "success")
    return redirect(url_for("directory.detail", service_id=service.uuid))


@bp.get("/<uuid:service_id>")
@policy(can_search_directory)
def detail(service_id: uuid.UUID) -> ResponseReturnValue:
    """One service."""
    service: Service = load_visible(Service, service_id, services_visible_to)
    actor = require(can_search_directory)
    return render_template(
        "directory/detail.html", service=service, can_edit=can_manage_service(actor, service)
    )


def _values(service: Service) -> dict[str, Any]:
    return {
        name: getattr(service, name)
        for name in ServiceUpdateSchema().fields
        if name not in {"id", "organisation", "capacity_updated_at"}
    }


@bp.route("/<uuid:service_id>/edit", methods=["GET", "POST"])
@policy(can_manage_service)
def edit(service_id: uuid.UUID) -> ResponseReturnValue:
    """Change a service: capacity, inbox open or closed, languages."""
    service: Service = load_visible(Service, service_id, services_visible_to)
    actor = require(can_manage_service, service)
    heading, action = _("Change the service"), url_for("directory.edit", service_id=service.uuid)
    if request.method == "GET":
        return form_page(heading, service_fields(), _values(service), {}, action, _("Save changes"))
    form = load_form(ServiceUpdateSchema(), request.form, list_fields=LISTS)
    if form.errors:
        return form_page(
            heading, service_fields(), form.raw, form.errors, action, _("Save changes"), 422
        )
    try:
        operations.update_service(actor, service, form.data)
    except StaleVersion:
        errors = {
            "_form": _(
                "Someone else changed this service meanwhile. Check the values and save again."
            )
        }
        return form_page(
            heading,
            service_fields(),
            {**form.raw, "version": service.version},
            errors,
            action,
            _("Save changes"),
            409,
        )
    flash(_("The changes are saved."), "success")
    return redirect(url_for("directory.detail", service_id=service.uuid))
