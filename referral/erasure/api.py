"""JSON API for erasing a case."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from referral.cases.models import Case
from referral.cases.permissions import can_edit_case, cases_visible_to
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.erasure import operations
from referral.erasure.permissions import can_erase_case
from referral.erasure.schemas import ErasedSchema, ErasureSchema

blp = Blueprint("erasure_api", __name__, url_prefix="/api/v1", description="case erasure")


@blp.route("/cases/<uuid:case_id>/erasure")
class CaseErasure(MethodView):
    """Crypto-shredding a case."""

    @policy(can_erase_case, scope="cases:erase")
    @idempotent
    @blp.arguments(ErasureSchema)
    @blp.response(200, ErasedSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Case:
        """Erase the case for good: its data key is destroyed, so nothing of it can be read
        again, here or in any backup. Send its case code as a check. Its referrals must be
        closed first. The token needs the `cases:erase` scope."""
        case = load_visible(Case, case_id, cases_visible_to)
        require(can_edit_case, case, hide=True)  # the rest of the team may see, not do, this
        actor = require(can_erase_case, case)
        return operations.erase_case(actor, case, data["reason"], data["case_code"])
