"""HTML page for erasing a case: what it means, what must end first, and the confirmation."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from referral.cases.enums import ErasureReason
from referral.cases.models import Case
from referral.cases.permissions import can_edit_case, cases_visible_to
from referral.core.errors import ValidationProblem
from referral.core.forms import enum_options
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import load_form
from referral.erasure import operations
from referral.erasure.permissions import can_erase_case
from referral.erasure.schemas import ErasureFormSchema
from referral.i18n.formatting import isolated
from referral.identity import operations as identity_ops
from referral.identity.sessions import step_up_is_fresh

bp = Blueprint("erasure", __name__, url_prefix="/cases")


def _page(
    case: Case, form: dict[str, Any], errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "erasure/erase.html",
        case=case,
        form=form,
        errors=errors,
        reasons=enum_options(ErasureReason),
        open_referrals=operations.open_referrals(case),
        step_up_needed=not step_up_is_fresh(),
    ), status


@bp.route("/<uuid:case_id>/erase", methods=["GET", "POST"])
@policy(can_erase_case)
def erase(case_id: uuid.UUID) -> ResponseReturnValue:
    """Erase a case for good (coordinators of the owner organisation)."""
    case = load_visible(Case, case_id, cases_visible_to)
    require(can_edit_case, case, hide=True)  # the rest of the team may see, not do, this
    actor = require(can_erase_case, case)
    if request.method == "GET":
        return _page(case, {}, {})
    form = load_form(ErasureFormSchema(), request.form)
    if form.errors:
        return _page(case, form.raw, form.errors, 422)
    errors = identity_ops.step_up_errors(actor, form.data.get("code"))
    if errors:
        return _page(case, form.raw, errors, 422)
    try:
        operations.erase_case(actor, case, form.data["reason"], form.data["case_code"])
    except ValidationProblem as problem:
        return _page(case, form.raw, dict(problem.field_errors), 422)
    code = isolated(case.case_code)
    flash(_("Case %(code)s is erased. Nothing of it can be read again.", code=code), "success")
    return redirect(url_for("cases.index"))
