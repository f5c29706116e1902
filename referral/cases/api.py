"""JSON API for cases, their parts, consents and risk-to-life disclosures."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate
from werkzeug.exceptions import NotFound

from referral.cases import operations, team
from referral.cases.models import Case
from referral.cases.permissions import (
    can_add_team_member,
    can_create_case,
    can_edit_case,
    can_remove_team_member,
    can_view_case,
    cases_visible_to,
    own_cases,
    visible_case_categories,
)
from referral.cases.schemas import (
    CaseCreateSchema,
    CaseSchema,
    CaseSummarySchema,
    FamilyMemberSchema,
    ProfileSchema,
    RevealSchema,
    RiskAssessmentSchema,
    TeamListSchema,
    TeamMemberSchema,
)
from referral.consent import operations as consent_ops
from referral.consent.models import Consent
from referral.consent.permissions import can_disclose_risk, can_manage_consent, consents_visible_to
from referral.consent.schemas import (
    ConsentRecordSchema,
    ConsentTransitionSchema,
    RiskDisclosureSchema,
    ScopeItemSchema,
    ThirdCountrySchema,
    WithdrawalSchema,
)
from referral.core.errors import ValidationProblem
from referral.core.http import keyset_page, require_if_match, with_etag
from referral.core.idempotency import idempotent
from referral.core.policy import load_visible, policy, require
from referral.core.schemas import BaseSchema
from referral.extensions import db
from referral.identity.models import Organisation
from referral.identity.queries import organisation_by_uuid

blp = Blueprint("cases_api", __name__, url_prefix="/api/v1", description="cases")


class CasePageArgs(BaseSchema):
    cursor = fields.String(load_default=None)
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class CaseListSchema(BaseSchema):
    items = fields.List(fields.Nested(CaseSummarySchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class CasePatchSchema(ProfileSchema):
    """Partial update of the descriptive fields (send If-Match)."""


class ConsentSchema(BaseSchema):
    """A consent record (never its free text)."""

    id = fields.UUID(attribute="uuid", dump_only=True)
    version_number = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    text_key = fields.String(dump_only=True)
    text_version = fields.String(dump_only=True)
    text_sha256 = fields.String(dump_only=True)
    method = fields.String(dump_only=True)
    checklist = fields.List(fields.String(), dump_only=True)
    given_at = fields.DateTime(dump_only=True)
    valid_from = fields.DateTime(dump_only=True)
    valid_until = fields.DateTime(dump_only=True)
    scope_items = fields.Function(
        lambda c: [
            {
                "id": str(i.uuid),
                "purposes": i.purposes,
                "recipient_country": i.recipient_country,
                "recipient_org_id": str(i.recipient_org.uuid) if i.recipient_org else None,
                "categories": i.categories,
            }
            for i in c.scope_items
        ],
        dump_only=True,
    )
    third_countries = fields.Function(
        lambda c: [i.country for i in c.third_country_items], dump_only=True
    )
    missing = fields.Function(
        lambda c: (
            [{"pointer": "#/" + f, "detail": m} for f, m in consent_ops.missing_for_giving(c)]
            if c.status.value == "pending"
            else []
        ),
        dump_only=True,
    )


class ConsentListSchema(BaseSchema):
    items = fields.List(fields.Nested(ConsentSchema), dump_only=True)


class CreatedSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)


def _org(org_id: uuid.UUID | None) -> Organisation | None:
    if org_id is None:
        return None
    org = organisation_by_uuid(org_id)
    if org is None:
        raise ValidationProblem(errors=[("recipient_org_id", "No such organisation.")])
    return org


@blp.route("/cases")
class Cases(MethodView):
    """Cases you work on."""

    @policy(can_create_case, scope="cases:read")
    @blp.arguments(CasePageArgs, location="query")
    @blp.response(200, CaseListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Your organisation's cases you may see, newest first (case codes only)."""
        actor = require(can_create_case)
        query, next_cursor = keyset_page(own_cases(actor), Case, args.get("cursor"), args["limit"])
        rows = db.session.scalars(query).all()
        return {"items": rows[: args["limit"]], "next_cursor": next_cursor(rows)}

    @policy(can_create_case, scope="cases:write")
    @idempotent
    @blp.arguments(CaseCreateSchema)
    @blp.response(201, CaseSummarySchema)
    def post(self, data: dict[str, Any]) -> Case:
        """Open a case."""
        actor = require(can_create_case)
        return with_etag(operations.create_case(actor, data))


@blp.route("/cases/<uuid:case_id>")
class CaseById(MethodView):
    """One case, as its viewer may see it."""

    @policy(can_view_case, scope="cases:read")
    @blp.response(200, CaseSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """The case within your view; masked values need POST /reveal."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_view_case, case, hide=True)
        with_etag(case)
        return operations.view_case(actor, case, visible_case_categories(actor, case))

    @policy(can_edit_case, scope="cases:write")
    @blp.arguments(CasePatchSchema(partial=True))
    @blp.response(200, CaseSchema)
    def patch(self, data: dict[str, Any], case_id: uuid.UUID) -> dict[str, Any]:
        """Change descriptive fields (send If-Match)."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_edit_case, case, hide=True)
        require_if_match(case)
        operations.update_profile(actor, case, {**data, "version": case.version})
        with_etag(case)
        return operations.view_case(actor, case, visible_case_categories(actor, case))


@blp.route("/cases/<uuid:case_id>/reveal")
class CaseReveal(MethodView):
    """Masked values, on request (audited)."""

    @policy(can_view_case, scope="cases:read")
    @blp.arguments(RevealSchema)
    @blp.response(200, CaseSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> dict[str, Any]:
        """Show identity, contact or location you may see; every call is audited."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_view_case, case, hide=True)
        return operations.reveal(
            actor, case, set(data["categories"]), visible_case_categories(actor, case)
        )


@blp.route("/cases/<uuid:case_id>/team")
class CaseTeam(MethodView):
    """Who works on the case in the owner organisation."""

    @policy(can_add_team_member, scope="cases:read")
    @blp.response(200, TeamListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """The case team (the lead first)."""
        case = load_visible(Case, case_id, cases_visible_to)
        require(can_add_team_member, case, hide=True)
        return {"items": sorted(case.members, key=lambda m: (not m.is_lead, m.id))}

    @policy(can_add_team_member, scope="cases:write")
    @idempotent
    @blp.arguments(TeamMemberSchema)
    @blp.response(201, TeamMemberSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Any:
        """Add a caseworker of the owner organisation; they are told."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_add_team_member, case, hide=True)
        return team.add_team_member(actor, case, data)


@blp.route("/cases/<uuid:case_id>/team/<uuid:member_id>")
class CaseTeamMember(MethodView):
    """One person on the case team."""

    @policy(can_remove_team_member, scope="cases:write")
    @blp.response(204)
    def delete(self, case_id: uuid.UUID, member_id: uuid.UUID) -> None:
        """Take them off the case (coordinators); the last member stays."""
        case = load_visible(Case, case_id, cases_visible_to)
        require(can_add_team_member, case, hide=True)
        actor = require(can_remove_team_member, case)
        member = next((m for m in case.members if m.uuid == member_id), None)
        if member is None:
            raise NotFound()
        team.remove_team_member(actor, case, member)


@blp.route("/cases/<uuid:case_id>/family-members")
class CaseFamily(MethodView):
    """Family members."""

    @policy(can_edit_case, scope="cases:write")
    @idempotent
    @blp.arguments(FamilyMemberSchema)
    @blp.response(201, CreatedSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Any:
        """Add a family member."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_edit_case, case, hide=True)
        return operations.add_family_member(actor, case, data)


@blp.route("/cases/<uuid:case_id>/risk-assessments")
class CaseRisk(MethodView):
    """Risk assessment versions."""

    @policy(can_edit_case, scope="cases:write")
    @idempotent
    @blp.arguments(RiskAssessmentSchema)
    @blp.response(201, CreatedSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Any:
        """Add a new version of the risk assessment."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_edit_case, case, hide=True)
        return operations.add_risk_assessment(actor, case, data)


@blp.route("/cases/<uuid:case_id>/consents")
class CaseConsents(MethodView):
    """Consent versions of a case."""

    @policy(can_edit_case, scope="cases:read")
    @blp.response(200, ConsentListSchema)
    def get(self, case_id: uuid.UUID) -> dict[str, Any]:
        """Every version, newest first."""
        case = load_visible(Case, case_id, cases_visible_to)
        require(can_edit_case, case, hide=True)
        return {"items": consent_ops.consents_of(case)}

    @policy(can_edit_case, scope="cases:write")
    @idempotent
    @blp.arguments(ConsentRecordSchema)
    @blp.response(201, ConsentSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Consent:
        """Begin recording a new consent version."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_edit_case, case, hide=True)
        return consent_ops.start_consent(actor, case, data)


@blp.route("/cases/<uuid:case_id>/risk-disclosures")
class CaseRiskDisclosures(MethodView):
    """Risk-to-life disclosures."""

    @policy(can_disclose_risk, scope="cases:write")
    @idempotent
    @blp.arguments(RiskDisclosureSchema)
    @blp.response(201, CreatedSchema)
    def post(self, data: dict[str, Any], case_id: uuid.UUID) -> Any:
        """Share only the risk assessment, with a written reason, for at most 30 days."""
        case = load_visible(Case, case_id, cases_visible_to)
        actor = require(can_disclose_risk, case, hide=True)
        recipient = _org(data["recipient_org_id"])
        return consent_ops.disclose_risk(actor, case, recipient, data)


def _consent(consent_id: uuid.UUID) -> tuple[Any, Consent]:
    consent = load_visible(Consent, consent_id, consents_visible_to)
    actor = require(can_manage_consent, consent, hide=True)
    return actor, consent


@blp.route("/consents/<uuid:consent_id>")
class ConsentById(MethodView):
    """One consent version."""

    @policy(can_manage_consent, scope="cases:read")
    @blp.response(200, ConsentSchema)
    def get(self, consent_id: uuid.UUID) -> Consent:
        """The consent record."""
        return _consent(consent_id)[1]


@blp.route("/consents/<uuid:consent_id>/scope-items")
class ConsentScope(MethodView):
    """Scope items of a consent being recorded."""

    @policy(can_manage_consent, scope="cases:write")
    @idempotent
    @blp.arguments(ScopeItemSchema)
    @blp.response(201, ConsentSchema)
    def post(self, data: dict[str, Any], consent_id: uuid.UUID) -> Consent:
        """Add purposes x recipient x categories."""
        actor, consent = _consent(consent_id)
        data = dict(data)
        data["recipient_org"] = _org(data.pop("recipient_org_id", None))
        consent_ops.add_scope_item(actor, consent, data)
        return consent


@blp.route("/consents/<uuid:consent_id>/third-country-items")
class ConsentThirdCountry(MethodView):
    """Separate agreements to transfers outside the EU."""

    @policy(can_manage_consent, scope="cases:write")
    @idempotent
    @blp.arguments(ThirdCountrySchema)
    @blp.response(201, ConsentSchema)
    def post(self, data: dict[str, Any], consent_id: uuid.UUID) -> Consent:
        """Record the separate agreement for one country."""
        actor, consent = _consent(consent_id)
        consent_ops.add_third_country_item(actor, consent, data)
        return consent


@blp.route("/consents/<uuid:consent_id>/transitions")
class ConsentTransitions(MethodView):
    """Give or refuse."""

    @policy(can_manage_consent, scope="cases:write")
    @idempotent
    @blp.arguments(ConsentTransitionSchema)
    @blp.response(200, ConsentSchema)
    def post(self, data: dict[str, Any], consent_id: uuid.UUID) -> Consent:
        """`give` (422 lists what is missing) or `refuse`."""
        actor, consent = _consent(consent_id)
        if data["action"] == "give":
            return consent_ops.give_consent(actor, consent)
        return consent_ops.refuse_consent(actor, consent)


@blp.route("/consents/<uuid:consent_id>/withdrawals")
class ConsentWithdrawals(MethodView):
    """Withdrawal: one call, never blocked."""

    @policy(can_manage_consent, scope="cases:write")
    @idempotent
    @blp.arguments(WithdrawalSchema)
    @blp.response(201, ConsentSchema)
    def post(self, data: dict[str, Any], consent_id: uuid.UUID) -> Consent:
        """Withdraw all, or for one organisation or purpose; recipients lose access at once."""
        actor, consent = _consent(consent_id)
        data = dict(data)
        data["organisation"] = _org(data.pop("organisation_id", None))
        consent_ops.withdraw_consent(actor, consent, data)
        return consent
