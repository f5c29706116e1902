"""HTML pages: venues people can be heard from (courts, consulates, NGO offices)."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from referral.core.forms import Field, enum_options, form_flow
from referral.core.policy import policy, require
from referral.directory import operations
from referral.directory.enums import VenueKind
from referral.directory.permissions import can_manage_venues, can_search_directory
from referral.directory.schemas import VenueSchema
from referral.i18n import _
from referral.i18n.formatting import country_choices, time_zone_choices

bp = Blueprint("venues", __name__, url_prefix="/venues")


def venue_fields() -> list[Field]:
    return [
        Field("name", _("Name"), required=True),
        Field("kind", _("Kind of venue"), "select", enum_options(VenueKind, ""), required=True),
        Field("country", _("Country"), "select", [("", ""), *country_choices()], required=True),
        Field(
            "time_zone", _("Time zone"), "select", [("", ""), *time_zone_choices()], required=True
        ),
        Field(
            "address",
            _("Address"),
            "textarea",
            hint=_("Encrypted and shown only to your organisation."),
        ),
    ]


@bp.get("")
@policy(can_search_directory)
def index() -> ResponseReturnValue:
    """Venues by country."""
    actor = require(can_search_directory)
    return render_template(
        "directory/venues.html",
        venues=operations.venues(request.args.get("country") or None),
        can_manage=can_manage_venues(actor),
    )


@bp.route("/new", methods=["GET", "POST"])
@policy(can_manage_venues)
def new() -> ResponseReturnValue:
    """List a venue of your organisation."""
    actor = require(can_manage_venues)
    return form_flow(
        _("List a venue"),
        venue_fields(),
        VenueSchema(),
        lambda data: operations.create_venue(actor, data),
        lambda _venue: url_for("venues.index"),
        _("List the venue"),
        _("The venue is listed."),
        initial={"country": actor.organisation.country, "time_zone": actor.organisation.time_zone},
        back_url=url_for("venues.index"),
    )
