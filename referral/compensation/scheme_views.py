"""HTML pages for the countries' scheme rules: everyone reads them, platform admins keep them."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue

from referral.compensation import forms, queries, schemes
from referral.compensation.models import CompensationScheme
from referral.compensation.permissions import can_manage_schemes, can_view_schemes
from referral.compensation.schemas import SchemeFormSchema
from referral.compensation.views import bp
from referral.core.forms import form_flow
from referral.core.policy import policy, require
from referral.extensions import db
from referral.i18n import _

LISTS = ("accepted_languages", "cap_exempt_offences")


@bp.get("/compensation-schemes")
@policy(can_view_schemes)
def scheme_list() -> ResponseReturnValue:
    """Each country's rules: deciding authority, languages, advance rule, limitation."""
    actor = require(can_view_schemes)
    return render_template(
        "compensation/schemes.html",
        schemes=queries.schemes(),
        can_manage=can_manage_schemes(actor),
    )


def _scheme_form(scheme: CompensationScheme | None) -> ResponseReturnValue:
    actor = require(can_manage_schemes)
    initial = {}
    if scheme is not None:
        initial = {name: getattr(scheme, name) for name in schemes.FIELDS}
        initial = {
            k: (v.value if hasattr(v, "value") else v) for k, v in initial.items() if v is not None
        }
    return form_flow(
        _("Scheme rules") if scheme else _("Add a country's scheme"),
        forms.scheme_fields(),
        SchemeFormSchema(),
        lambda data: schemes.save_scheme(actor, data, scheme),
        lambda _saved: url_for("compensation.scheme_list"),
        _("Save"),
        _("The scheme rules are saved."),
        initial=initial,
        list_fields=LISTS,
        intro=_("Claims keep the dates they were given; new dates follow these rules."),
        back_url=url_for("compensation.scheme_list"),
        back_label=_("Back to the schemes"),
    )


@bp.route("/compensation-schemes/new", methods=["GET", "POST"])
@policy(can_manage_schemes)
def new_scheme() -> ResponseReturnValue:
    """Add a country's scheme rules."""
    return _scheme_form(None)


@bp.route("/compensation-schemes/<uuid:scheme_id>/edit", methods=["GET", "POST"])
@policy(can_manage_schemes)
def edit_scheme(scheme_id: uuid.UUID) -> ResponseReturnValue:
    """Change a scheme's rules."""
    require(can_manage_schemes)
    scheme = db.session.scalar(
        sa.select(CompensationScheme).where(CompensationScheme.uuid == scheme_id)
    )
    if scheme is None:
        abort(404)
    return _scheme_form(scheme)
