"""No sequence of actions lets a recipient read outside the consent scope (stateful property)."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from referral.cases import operations as case_ops
from referral.cases.enums import DataCategory
from referral.cases.queries import case_data
from referral.consent import operations as consent_ops
from referral.consent import scope
from referral.consent.enums import ConsentStatus
from referral.core.errors import IllegalTransition, ValidationProblem
from referral.core.time import now_utc
from referral.referrals import operations as referral_ops
from referral.referrals.models import Referral
from referral.referrals.queries import referral_view
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import give_consent, make_case, make_service

CATEGORIES = ["demographics", "risk", "support", "health", "family", "identity"]
PURPOSES = ["assistance", "return_reintegration"]
ALL_CATEGORY_KEYS = {category.value for category in DataCategory}
REFUSALS = (ValidationProblem, IllegalTransition)
RISK = DataCategory.risk.value
RISK_REVIEW = dict(method="interview", level_victim="high", level_family="low", level_staff="low")

category_sets = st.sets(st.sampled_from(CATEGORIES), min_size=1)
purpose_sets = st.sets(st.sampled_from(PURPOSES), min_size=1)
indices = st.integers(min_value=0, max_value=7)
a_purpose = st.sampled_from(PURPOSES)
withdrawal_kinds = st.sampled_from(["all", "organisation", "purpose"])


class ConsentScopeMachine(RuleBasedStateMachine):
    """A sender shares one case with one or two recipients while consent changes under it."""

    clock: ClassVar[Any] = None

    @initialize(
        with_third_country_org=st.booleans(), first_consent=st.sets(st.sampled_from(CATEGORIES))
    )
    def make_world(self, with_third_country_org: bool, first_consent: set[str]) -> None:
        """Fresh organisations, people and case, so examples sharing the transaction never mix.

        Often the person has already agreed to share `first_consent` with the Belgian NGO,
        and a referral sharing it is already waiting there.
        """
        sender = make_org("NL")
        self.caseworker = make_user(sender, ("caseworker",))
        self.coordinator = make_user(sender, ("coordinator",))
        self.case = make_case(self.caseworker)
        self.recipients: list[dict[str, Any]] = []
        for country in ["BE", "NG"] if with_third_country_org else ["BE"]:
            org = make_org(country)
            officer = make_user(org, ("receiving_officer",))
            self.recipients.append({"org": org, "service": make_service(org), "officer": officer})
        self.referrals: list[Referral] = []
        #: What the person last agreed to, kept independently of the application's own records.
        self.agreed: dict[str, Any] | None = None
        if first_consent:
            self.give_new_consent(0, first_consent, set(PURPOSES), third=False)
            self.refer(0, first_consent, "assistance", aim=True)

    def _recipient(self, index: int, aim: bool = False) -> dict[str, Any]:
        """A recipient by index or, when aiming and there is one, the last agreement's."""
        if aim and self.agreed is not None:
            return next(r for r in self.recipients if r["org"].id == self.agreed["org_id"])
        return self.recipients[index % len(self.recipients)]

    def _aimed_purpose(self, purpose: str, aim: bool) -> str:
        """`purpose`, or when aiming one the last agreement covers."""
        if not aim or self.agreed is None or purpose in self.agreed["purposes"]:
            return purpose
        return min(self.agreed["purposes"])

    @rule(index=indices, categories=category_sets, purposes=purpose_sets, third=st.booleans())
    def give_new_consent(
        self, index: int, categories: set[str], purposes: set[str], third: bool
    ) -> None:
        """Record and give a new consent version for one recipient organisation."""
        org = self._recipient(index)["org"]
        with contextlib.suppress(*REFUSALS):
            consent = give_consent(
                self.caseworker, self.case, org, sorted(categories), sorted(purposes), third
            )
            self.agreed = {
                "org_id": org.id,
                "categories": set(categories),
                "purposes": set(purposes),
                "valid_from": consent.valid_from,
                "valid_until": consent.valid_until,
                "withdrawn": set(),
            }

    @rule(index=indices, package=category_sets, purpose=a_purpose, aim=st.booleans())
    def refer(self, index: int, package: set[str], purpose: str, aim: bool) -> None:
        """Create a referral and try to submit it; `aim` keeps it inside the last agreement."""
        recipient, purpose = self._recipient(index, aim), self._aimed_purpose(purpose, aim)
        if aim:
            covered = self._agreed_categories(recipient["org"], purpose)
            package = (package & covered) or covered or package
        service = recipient["service"]
        data = {
            "kind": "assistance" if purpose == "assistance" else "return",
            "purpose": purpose,
            "urgency": "standard",
            "data_package": sorted(package),
            "details": "Needs a safe place canary",
        }
        try:
            referral = referral_ops.create_referral(self.caseworker, self.case, service, data)
        except REFUSALS:
            return
        self.referrals.append(referral)
        with contextlib.suppress(*REFUSALS):
            referral_ops.transition_referral(self.caseworker, referral, {"action": "submit"})

    @precondition(lambda self: self.referrals)
    @rule(index=indices, action=st.sampled_from(["acknowledge", "accept", "decline"]))
    def respond(self, index: int, action: str) -> None:
        """The recipient acknowledges, accepts or declines one of its referrals."""
        referral = self.referrals[index % len(self.referrals)]
        officer = next(
            r["officer"] for r in self.recipients if r["org"].id == referral.referred_org_id
        )
        data: dict[str, Any] = {"action": action}
        if action == "accept":
            data.update(capacity_confirmed=True, receiving_caseworker_id=officer.uuid)
        elif action == "decline":
            data["decline_reason"] = "no_capacity"
        with contextlib.suppress(*REFUSALS):
            referral_ops.transition_referral(officer, referral, data)

    @rule(kind=withdrawal_kinds, index=indices, purpose=a_purpose, aim=st.booleans())
    def withdraw(self, kind: str, index: int, purpose: str, aim: bool) -> None:
        """Withdraw the latest given consent entirely, for one organisation or one purpose.

        `aim` picks the organisation or purpose from the last agreement.
        """
        given = [c for c in consent_ops.consents_of(self.case) if c.status == ConsentStatus.given]
        if not given:
            return
        data: dict[str, Any] = {"scope": kind, "channel": "in_person"}
        target: Any = None
        if kind == "organisation":
            data["organisation"] = self._recipient(index, aim)["org"]
            target = data["organisation"].id
        elif kind == "purpose":
            data["purpose"] = target = self._aimed_purpose(purpose, aim)
        with contextlib.suppress(*REFUSALS):
            consent_ops.withdraw_consent(self.caseworker, given[0], data)
            if self.agreed is not None:
                self.agreed["withdrawn"].add((kind, target))

    @rule(days=st.sampled_from([31, 200]))
    def let_time_pass(self, days: int) -> None:
        """31 days outlive a risk disclosure; 200 days outlive the consent's validity too.

        The caseworker then reviews the risk assessment, so referrals can still be sent.
        """
        self.clock.advance(days=days)
        review = {**RISK_REVIEW, "next_review_on": (now_utc() + timedelta(days=14)).date()}
        case_ops.add_risk_assessment(self.caseworker, self.case, review)

    @rule(index=indices, days=st.integers(min_value=1, max_value=30))
    def disclose_risk(self, index: int, days: int) -> None:
        """A coordinator of the sender discloses risk data to save a life (risk only)."""
        org = self._recipient(index)["org"]
        data = {
            "reason": "threat_to_victim",
            "written_reason": "The madam found her canary",
            "expires_in_days": days,
        }
        with contextlib.suppress(*REFUSALS):
            consent_ops.disclose_risk(self.coordinator, self.case, org, data)

    def _agreed_categories(self, org: Any, purpose: str) -> set[str]:
        """The categories the person's last agreement covers for `org` and `purpose` now."""
        agreed, now = self.agreed, now_utc()
        if agreed is None or not agreed["valid_from"] <= now < agreed["valid_until"]:
            return set()
        if {("all", None), ("organisation", org.id), ("purpose", purpose)} & agreed["withdrawn"]:
            return set()
        if org.id != agreed["org_id"] or purpose not in agreed["purposes"]:
            return set()
        return set(agreed["categories"])

    @invariant()
    def consent_scope_stays_within_the_agreement(self) -> None:
        """visible_categories, the oracle below, is exactly what the person agreed to."""
        for recipient in self.recipients:
            for purpose in PURPOSES:
                visible = scope.visible_categories(self.case, recipient["org"], purpose)
                expected = self._agreed_categories(recipient["org"], purpose)
                assert visible == expected, (purpose, visible, expected)

    def _within_consent(self, referral: Referral) -> set[str]:
        if not referral.is_open:
            return set()
        visible = scope.visible_categories(self.case, referral.referred_org, referral.purpose)
        return set(referral.data_package) & visible

    @invariant()
    def recipients_see_only_what_consent_allows(self) -> None:
        """Per referral and per organisation, what is shown stays within consent or a disclosure."""
        no_consent = scope.active_consent(self.case) is None
        for recipient in self.recipients:
            org = recipient["org"]
            live = scope.has_live_disclosure(self.case, org)
            extra = {RISK} if live else set()
            reachable: set[str] = set()
            for referral in self.referrals:
                if referral.referred_org_id != org.id:
                    continue
                allowed = self._within_consent(referral)
                reachable |= allowed
                shown = referral_ops.recipient_categories(referral)
                assert shown <= allowed | extra, (referral.status, shown, allowed)
                leaked = (set(case_data(self.case, shown)) & ALL_CATEGORY_KEYS) - shown
                assert not leaked, leaked
                view = referral_view(recipient["officer"], referral, shown)
                assert not (set(view.get("case", {})) & ALL_CATEGORY_KEYS) - shown
                assert "details" not in view or "support" in shown
                if no_consent and not live:
                    assert not shown, shown
            seen = scope.recipient_view(self.case, org)
            assert seen <= reachable | extra, (seen, reachable)


def test_no_sequence_lets_a_recipient_read_outside_consent(app, clock) -> None:
    """Hypothesis drives the machine; the shared test transaction is rolled back at the end."""
    ConsentScopeMachine.clock = clock
    run_state_machine_as_test(
        ConsentScopeMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
