"""Compensation enumerations and the transition tables per route (DESIGN.md §5 G)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class ClaimRoute(TitledEnum):
    """How compensation is sought."""

    offender_order = "offender_order", _l("Order against the offender in the criminal case")
    civil_suit = "civil_suit", _l("Civil suit")
    state_scheme = "state_scheme", _l("State compensation scheme")
    state_scheme_cross_border = (
        "state_scheme_cross_border",
        _l("State compensation scheme, cross-border (Directive 2004/80/EC)"),
    )
    labour_claim = "labour_claim", _l("Unpaid-wage or labour claim")


class OffenceCategory(TitledEnum):
    """Some advance rules are uncapped for violent and sexual offences."""

    violent = "violent", _l("Violent offence")
    sexual = "sexual", _l("Sexual offence")
    other = "other", _l("Other offence")


class SchemeKind(TitledEnum):
    """What a country's scheme does."""

    state_scheme = "state_scheme", _l("State compensation scheme")
    state_advance = "state_advance", _l("State advance on a court order")


class LimitationTrigger(TitledEnum):
    """The event a scheme's limitation period runs from."""

    offence_ended = "offence_ended", _l("End of the offence")
    judgment_final = "judgment_final", _l("Final judgment")
    decision = "decision", _l("Decision on the claim")


class ClaimStatus(TitledEnum):
    """Where a claim stands."""

    prepared = "prepared", _l("Being prepared")
    filed = "filed", _l("Filed")
    submitted_to_assisting = "submitted_to_assisting", _l("Submitted to the assisting authority")
    transmitted = "transmitted", _l("Transmitted to the deciding authority")
    acknowledged = "acknowledged", _l("Acknowledged")
    information_requested = "information_requested", _l("Information requested")
    order_imposed = "order_imposed", _l("Order imposed")
    judgment_final = "judgment_final", _l("Judgment final")
    decided = "decided", _l("Decided")
    appealed = "appealed", _l("Appealed")
    enforcement = "enforcement", _l("Enforcement")
    paid = "paid", _l("Paid")
    settled = "settled", _l("Settled")
    closed = "closed", _l("Closed")


class ClaimAction(TitledEnum):
    """What can happen to a claim."""

    file = "file", _l("Record the filing")
    submit_to_assisting = (
        "submit_to_assisting",
        _l("Record the submission to the assisting authority"),
    )
    transmit = "transmit", _l("Record the transmission to the deciding authority")
    acknowledge = "acknowledge", _l("Record the acknowledgement")
    request_information = "request_information", _l("Record a request for information")
    answer_information = "answer_information", _l("Record the answer to the request")
    impose_order = "impose_order", _l("Record the order imposed")
    make_final = "make_final", _l("Record that the judgment became final")
    decide = "decide", _l("Record the decision")
    appeal = "appeal", _l("Record an appeal")
    start_enforcement = "start_enforcement", _l("Record the start of enforcement")
    mark_paid = "mark_paid", _l("Record that it was paid")
    settle = "settle", _l("Record the settlement")
    close = "close", _l("Close the claim")


class ClaimOutcome(TitledEnum):
    """What the court or authority decided."""

    granted = "granted", _l("Granted")
    partly_granted = "partly_granted", _l("Partly granted")
    rejected = "rejected", _l("Rejected")


class HearingMode(TitledEnum):
    """How the deciding authority hears the applicant [2004/80 9]."""

    none = "none", _l("No hearing")
    in_person = "in_person", _l("In person, voluntarily")
    video = "video", _l("By video")
    telephone = "telephone", _l("By telephone")


class Head(TitledEnum):
    """Heads of damage."""

    material = "material", _l("Material damage")
    non_material = "non_material", _l("Non-material damage")


class Subtype(TitledEnum):
    """What a head of damage is made of."""

    medical = "medical", _l("Medical costs")
    lost_earnings = "lost_earnings", _l("Lost earnings")
    unpaid_wages = "unpaid_wages", _l("Unpaid wages")
    expenses = "expenses", _l("Expenses")
    non_material_harm = "non_material_harm", _l("Pain and suffering")
    other = "other", _l("Other")


#: Which subtypes belong to which head.
HEAD_OF = {
    Subtype.medical: Head.material,
    Subtype.lost_earnings: Head.material,
    Subtype.unpaid_wages: Head.material,
    Subtype.expenses: Head.material,
    Subtype.non_material_harm: Head.non_material,
}


class EntryKind(TitledEnum):
    """Ledger entry kinds."""

    claimed = "claimed", _l("Claimed")
    awarded = "awarded", _l("Awarded")
    paid_by_offender = "paid_by_offender", _l("Paid by the offender")
    advanced_by_state = "advanced_by_state", _l("Advanced by the state")
    recovered_by_state_from_offender = (
        "recovered_by_state_from_offender",
        _l("Recovered by the state from the offender"),
    )
    other_compensation_deducted = (
        "other_compensation_deducted",
        _l("Other compensation deducted"),
    )


class DeadlineKind(TitledEnum):
    """Dates a lawyer must not miss."""

    limitation = "limitation", _l("Limitation date")
    appeal_window = "appeal_window", _l("Appeal window ends")
    response_due = "response_due", _l("Response due")
    filing = "filing", _l("Filing deadline")
    hearing = "hearing", _l("Hearing")
    other = "other", _l("Other deadline")


class DocumentKind(TitledEnum):
    """What an uploaded file is."""

    judgment = "judgment", _l("Judgment")
    medical_evidence = "medical_evidence", _l("Medical evidence")
    proof_of_residence = "proof_of_residence", _l("Proof of residence")
    bank_details = "bank_details", _l("Bank details")
    application = "application", _l("Application form")
    correspondence = "correspondence", _l("Correspondence")
    translation = "translation", _l("Translation")
    other = "other", _l("Other document")


S = ClaimStatus
A = ClaimAction
_CROSS_BORDER: dict[ClaimAction, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    A.submit_to_assisting: (frozenset({S.prepared}), S.submitted_to_assisting),
    A.transmit: (frozenset({S.submitted_to_assisting}), S.transmitted),
    A.acknowledge: (frozenset({S.transmitted}), S.acknowledged),
    A.request_information: (frozenset({S.acknowledged}), S.information_requested),
    A.answer_information: (frozenset({S.information_requested}), S.acknowledged),
    A.decide: (frozenset({S.acknowledged, S.appealed}), S.decided),
    A.appeal: (frozenset({S.decided}), S.appealed),
    A.mark_paid: (frozenset({S.decided}), S.paid),
}
_DOMESTIC_SCHEME: dict[ClaimAction, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    A.file: (frozenset({S.prepared}), S.filed),
    A.acknowledge: (frozenset({S.filed}), S.acknowledged),
    A.request_information: (frozenset({S.acknowledged}), S.information_requested),
    A.answer_information: (frozenset({S.information_requested}), S.acknowledged),
    A.decide: (frozenset({S.filed, S.acknowledged, S.appealed}), S.decided),
    A.appeal: (frozenset({S.decided}), S.appealed),
    A.mark_paid: (frozenset({S.decided}), S.paid),
}
_OFFENDER_ORDER: dict[ClaimAction, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    A.file: (frozenset({S.prepared}), S.filed),
    A.impose_order: (frozenset({S.filed}), S.order_imposed),
    A.appeal: (frozenset({S.order_imposed}), S.appealed),
    A.decide: (frozenset({S.appealed}), S.order_imposed),
    A.make_final: (frozenset({S.order_imposed}), S.judgment_final),
    A.start_enforcement: (frozenset({S.judgment_final}), S.enforcement),
    A.settle: (frozenset({S.enforcement}), S.settled),
}
_COURT: dict[ClaimAction, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    A.file: (frozenset({S.prepared}), S.filed),
    A.decide: (frozenset({S.filed, S.appealed}), S.decided),
    A.appeal: (frozenset({S.decided}), S.appealed),
    A.make_final: (frozenset({S.decided}), S.judgment_final),
    A.start_enforcement: (frozenset({S.decided, S.judgment_final}), S.enforcement),
    A.settle: (frozenset({S.enforcement}), S.settled),
}

#: Terminal states: nothing follows.
DONE = frozenset({S.settled, S.closed})
#: Closing (withdrawn, rejected and not appealed, given up) is possible from any open state.
_CLOSE = (frozenset(set(ClaimStatus) - DONE), S.closed)

#: route -> action -> (states it is allowed from, state it leads to).
TRANSITIONS: dict[ClaimRoute, dict[ClaimAction, tuple[frozenset[ClaimStatus], ClaimStatus]]] = {
    ClaimRoute.state_scheme_cross_border: {**_CROSS_BORDER, A.close: _CLOSE},
    ClaimRoute.state_scheme: {**_DOMESTIC_SCHEME, A.close: _CLOSE},
    ClaimRoute.offender_order: {**_OFFENDER_ORDER, A.close: _CLOSE},
    ClaimRoute.civil_suit: {**_COURT, A.close: _CLOSE},
    ClaimRoute.labour_claim: {**_COURT, A.close: _CLOSE},
}

#: Steps that put the claim before an authority: they need a lawyer or self-representation.
FILING_ACTIONS = frozenset({A.file, A.submit_to_assisting})
#: Steps that record an award: granted or partly granted needs the amount awarded.
AWARD_ACTIONS = frozenset({A.decide, A.impose_order})
#: Payments the state makes or recovers; only during enforcement of an offender order, or
#: once a scheme decided.
PAYMENT_KINDS = frozenset(
    {
        EntryKind.paid_by_offender,
        EntryKind.advanced_by_state,
        EntryKind.recovered_by_state_from_offender,
        EntryKind.other_compensation_deducted,
    }
)
