"""Referral enumerations and the transition table (DESIGN.md §5 D)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class ReferralStatus(TitledEnum):
    """Where a referral stands."""

    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Submitted")
    acknowledged = "acknowledged", _l("Acknowledged")
    information_requested = "information_requested", _l("Information requested")
    accepted = "accepted", _l("Accepted")
    declined = "declined", _l("Declined")
    arrival_scheduled = "arrival_scheduled", _l("Arrival scheduled")
    in_service = "in_service", _l("In service")
    closed = "closed", _l("Closed")
    withdrawn = "withdrawn", _l("Withdrawn")


OPEN_STATES = frozenset(
    {
        ReferralStatus.submitted,
        ReferralStatus.acknowledged,
        ReferralStatus.information_requested,
        ReferralStatus.accepted,
        ReferralStatus.arrival_scheduled,
        ReferralStatus.in_service,
    }
)
TERMINAL_STATES = frozenset(
    {ReferralStatus.declined, ReferralStatus.closed, ReferralStatus.withdrawn}
)


class ReferralKind(TitledEnum):
    """Assistance abroad, or return and reintegration at home."""

    assistance = "assistance", _l("Assistance")
    return_ = "return", _l("Return and reintegration")


class Urgency(TitledEnum):
    """Sets the acknowledge and decide deadlines."""

    emergency = "emergency", _l("Emergency")
    urgent = "urgent", _l("Urgent")
    standard = "standard", _l("Standard")


class DeclineReason(TitledEnum):
    """Why a referral was declined; `other` needs a note."""

    no_capacity = "no_capacity", _l("No capacity")
    service_not_offered = "service_not_offered", _l("Service not offered")
    outside_mandate = "outside_mandate", _l("Outside our mandate")
    safety_concern = "safety_concern", _l("Safety concern")
    insufficient_information = "insufficient_information", _l("Not enough information")
    other = "other", _l("Other")


class WithdrawalReason(TitledEnum):
    """Why a referral was withdrawn."""

    sender_decision = "sender_decision", _l("Withdrawn by the sender")
    consent_withdrawn = "consent_withdrawn", _l("Consent withdrawn")
    victim_request = "victim_request", _l("At the person's request")


class Outcome(TitledEnum):
    """How a referral ended."""

    completed = "completed", _l("Completed")
    referred_on = "referred_on", _l("Referred on")
    unreachable = "unreachable", _l("Person unreachable")


class Action(TitledEnum):
    """What can be done to a referral."""

    submit = "submit", _l("Submit")
    acknowledge = "acknowledge", _l("Acknowledge")
    accept = "accept", _l("Accept")
    decline = "decline", _l("Decline")
    request_info = "request_info", _l("Ask for information")
    resubmit = "resubmit", _l("Answer and resubmit")
    schedule_arrival = "schedule_arrival", _l("Schedule arrival")
    confirm_arrival = "confirm_arrival", _l("Confirm arrival")
    close = "close", _l("Close")
    withdraw = "withdraw", _l("Withdraw")


S = ReferralStatus
#: action -> (allowed from-states, to-state, side that may do it)
TRANSITIONS: dict[Action, tuple[frozenset[ReferralStatus], ReferralStatus, str]] = {
    Action.submit: (frozenset({S.draft}), S.submitted, "sender"),
    Action.acknowledge: (frozenset({S.submitted}), S.acknowledged, "recipient"),
    Action.accept: (frozenset({S.submitted, S.acknowledged}), S.accepted, "recipient"),
    Action.decline: (frozenset({S.submitted, S.acknowledged}), S.declined, "recipient"),
    Action.request_info: (
        frozenset({S.submitted, S.acknowledged}),
        S.information_requested,
        "recipient",
    ),
    Action.resubmit: (frozenset({S.information_requested}), S.submitted, "sender"),
    Action.schedule_arrival: (frozenset({S.accepted}), S.arrival_scheduled, "either"),
    Action.confirm_arrival: (frozenset({S.arrival_scheduled}), S.in_service, "recipient"),
    Action.close: (
        frozenset({S.accepted, S.arrival_scheduled, S.in_service}),
        S.closed,
        "recipient",
    ),
    Action.withdraw: (OPEN_STATES, S.withdrawn, "sender"),
}


class MessageKind(TitledEnum):
    """Messages on a referral."""

    message = "message", _l("Message")
    info_request = "info_request", _l("Question")
    info_response = "info_response", _l("Answer")
