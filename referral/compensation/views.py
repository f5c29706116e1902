"""HTML pages: the lawyer's dashboard, a case's claims, a claim's page and its steps."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, render_template, url_for
from flask.typing import ResponseReturnValue

from referral.audit import operations as audit
from referral.cases.models import Case
from referral.cases.permissions import cases_visible_to
from referral.compensation import chart, client, forms, operations, queries, steps
from referral.compensation.access import load_claim
from referral.compensation.deadlines import open_dues
from referral.compensation.enums import ClaimAction
from referral.compensation.export import claims_csv
from referral.compensation.ledger import balances
from referral.compensation.models import CompensationClaim
from referral.compensation.permissions import (
    can_assign_lawyer,
    can_list_case_claims,
    can_list_claims,
    can_open_claim,
    can_view_claim,
    can_work_on_claim,
)
from referral.compensation.rules import advance
from referral.compensation.schemas import (
    ClaimCreateSchema,
    ClaimFormTransitionSchema,
    LawyerFormSchema,
)
from referral.core.forms import form_flow, step_form
from referral.core.http import attachment
from referral.core.operation import operation
from referral.core.policy import load_visible, policy, require
from referral.core.time import now_utc
from referral.i18n import _
from referral.identity.models import User

bp = Blueprint("compensation", __name__)


@bp.app_context_processor
def compensation_helpers() -> dict[str, object]:
    """Lets the case page link here without knowing about compensation."""
    return {"can_list_case_claims": can_list_case_claims}


@bp.get("/claims")
@policy(can_list_claims)
def dashboard() -> ResponseReturnValue:
    """Every claim I work on: next deadline, what is still owed per currency, last event."""
    actor = require(can_list_claims)
    rows = queries.dashboard(actor)
    totals: dict[str, int] = {}
    for row in rows:
        for currency, balance in row.balances.items():
            totals[currency] = totals.get(currency, 0) + max(balance.outstanding, 0)
    return render_template(
        "compensation/dashboard.html", rows=rows, totals=totals, today=now_utc().date()
    )


@operation
def _export(actor: User) -> str:
    rows = queries.dashboard(actor)
    audit.record(
        actor,
        "compensation.exported",
        object_type="compensation_claims",
        reason_code=f"rows:{len(rows)}",
        categories=["compensation"],
    )
    return claims_csv(rows, now_utc().date())


@bp.get("/claims.csv")
@policy(can_list_claims)
def export() -> ResponseReturnValue:
    """My claims as CSV: codes, states, dates and amounts, no names (the export is audited)."""
    actor = require(can_list_claims)
    return attachment(_export(actor), "text/csv", f"claims-{now_utc().date().isoformat()}.csv")


@bp.get("/cases/<uuid:case_id>/claims")
@policy(can_list_case_claims)
def case_claims(case_id: uuid.UUID) -> ResponseReturnValue:
    """A case's claims, for its team."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_list_case_claims, case, hide=True)
    claims = queries.claims_of(case)
    return render_template(
        "compensation/case_claims.html",
        case=case,
        claims=claims,
        balances={c.id: balances(c.entries) for c in claims},
        can_open=can_open_claim(actor, case),
    )


@bp.route("/cases/<uuid:case_id>/claims/new", methods=["GET", "POST"])
@policy(can_open_claim)
def new_claim(case_id: uuid.UUID) -> ResponseReturnValue:
    """Prepare a claim; the country's scheme gives its dates."""
    case: Case = load_visible(Case, case_id, cases_visible_to)
    actor = require(can_open_claim, case, hide=True)
    return form_flow(
        _("Prepare a compensation claim"),
        forms.claim_fields(case),
        ClaimCreateSchema(),
        lambda data: operations.open_claim(actor, case, data),
        lambda claim: url_for("compensation.detail", claim_id=claim.uuid),
        _("Prepare the claim"),
        _("The claim is prepared."),
        caption=case.case_code,
        back_url=url_for("compensation.case_claims", case_id=case.uuid),
        back_label=_("Back to the claims"),
    )


@bp.get("/claims/<uuid:claim_id>")
@policy(can_view_claim)
def detail(claim_id: uuid.UUID) -> ResponseReturnValue:
    """One claim: what is owed, to whom and by when; the ledger, deadlines, documents, history."""
    actor, claim = load_claim(claim_id)
    return _detail(actor, claim)


@bp.post("/claims/<uuid:claim_id>/reveal")
@policy(can_view_claim)
def reveal(claim_id: uuid.UUID) -> ResponseReturnValue:
    """Show the person's name and contact, as far as the consent allows (recorded)."""
    actor, claim = load_claim(claim_id)
    return _detail(actor, claim, client.reveal_client(actor, claim))


def _detail(actor: User, claim: CompensationClaim, revealed: dict | None = None) -> str:
    today = now_utc().date()
    money = balances(claim.entries)
    return render_template(
        "compensation/detail.html",
        claim=claim,
        balances=money,
        advances={c: advance(claim, b, today) for c, b in money.items()},
        bars={c: chart.bars(b) for c, b in money.items()},
        chart_width=chart.WIDTH,
        dues=open_dues(claim),
        timeline=queries.timeline(claim),
        actions=steps.available_actions(claim) if can_work_on_claim(actor, claim) else [],
        can_work=can_work_on_claim(actor, claim),
        can_assign=can_assign_lawyer(actor, claim),
        reversed_ids={e.reverses_id for e in claim.entries if e.reverses_id},
        can_reveal=bool(client.revealable(actor, claim)),
        revealed=revealed,
        today=today,
    )


@bp.route("/claims/<uuid:claim_id>/actions/<action>", methods=["GET", "POST"])
@policy(can_work_on_claim)
def act(claim_id: uuid.UUID, action: str) -> ResponseReturnValue:
    """One step's form: file, transmit, decide, record the final judgment…"""
    actor, claim = load_claim(claim_id, can_work_on_claim)
    try:
        chosen = ClaimAction(action)
    except ValueError:
        abort(404)
    if chosen not in steps.available_actions(claim):
        abort(404)
    return step_form(
        claim,
        chosen,
        forms.action_fields(chosen, claim),
        ClaimFormTransitionSchema(),
        lambda data: steps.transition_claim(actor, claim, data),
        url_for("compensation.detail", claim_id=claim.uuid),
        _("Someone else changed this claim meanwhile. Check it."),
        caption=f"{claim.case.case_code} · {claim.route.title}",
        back_url=url_for("compensation.detail", claim_id=claim.uuid),
        back_label=_("Back to the claim"),
    )


@bp.route("/claims/<uuid:claim_id>/lawyer", methods=["GET", "POST"])
@policy(can_assign_lawyer)
def lawyer(claim_id: uuid.UUID) -> ResponseReturnValue:
    """Give the claim to a lawyer; the previous one loses access at once."""
    actor, claim = load_claim(claim_id, can_assign_lawyer)
    return form_flow(
        _("Choose the lawyer"),
        forms.lawyer_fields(),
        LawyerFormSchema(),
        lambda data: operations.assign_lawyer(actor, claim, data),
        lambda _claim: url_for("compensation.detail", claim_id=claim.uuid),
        _("Save"),
        _("The lawyer is changed."),
        initial={
            "lawyer": str(claim.lawyer.uuid) if claim.lawyer else "",
            "version": claim.version,
        },
        caption=claim.case.case_code,
        intro=_(
            "A lawyer at another organisation sees the claim only while the person's consent "
            "covers sharing compensation data with that organisation."
        ),
        back_url=url_for("compensation.detail", claim_id=claim.uuid),
        back_label=_("Back to the claim"),
    )
