"""Testimony enumerations and the transition table (DESIGN.md §5 F)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class ProceedingKind(TitledEnum):
    criminal = "criminal", _l("Criminal")
    civil = "civil", _l("Civil")
    labour = "labour", _l("Labour")


class VictimRole(TitledEnum):
    """The person's role in the proceedings."""

    complainant = "complainant", _l("Complainant")
    witness = "witness", _l("Witness")
    civil_party = "civil_party", _l("Civil party")


class ProceedingStage(TitledEnum):
    investigation = "investigation", _l("Investigation")
    pre_trial = "pre_trial", _l("Before trial")
    trial = "trial", _l("Trial")
    appeal = "appeal", _l("Appeal")
    closed = "closed", _l("Closed")


class LegalBasis(TitledEnum):
    """The instrument under which the person is heard from abroad."""

    eio = "eio", _l("European Investigation Order")
    mla_2000 = "mla_2000", _l("Mutual legal assistance (EU Convention 2000)")
    ets_182 = "ets_182", _l("Mutual legal assistance (Council of Europe, ETS 182)")
    untoc_18 = "untoc_18", _l("Mutual legal assistance (UNTOC article 18)")
    bilateral = "bilateral", _l("Bilateral agreement")
    national = "national", _l("National arrangement")


class Modality(TitledEnum):
    video = "video", _l("Video link")
    telephone = "telephone", _l("Telephone")


class HearingMeasure(TitledEnum):
    """Protections during the hearing."""

    no_visual_contact = "no_visual_contact", _l("No visual contact with the defendant")
    voice_distortion = "voice_distortion", _l("Voice distortion")
    image_distortion = "image_distortion", _l("Image distortion")
    closed_hearing = "closed_hearing", _l("Hearing closed to the public")
    same_sex_interviewer = "same_sex_interviewer", _l("Interviewer of the same sex")
    support_person = "support_person", _l("A support person present")


class TestimonyStatus(TitledEnum):
    """Where a hearing request stands."""

    proposed = "proposed", _l("Proposed")
    victim_consulted = "victim_consulted", _l("Person consulted")
    requested = "requested", _l("Requested")
    acknowledged = "acknowledged", _l("Acknowledged")
    recognised = "recognised", _l("Recognised")
    scheduled = "scheduled", _l("Scheduled")
    held = "held", _l("Held")
    adjourned = "adjourned", _l("Adjourned")
    cancelled = "cancelled", _l("Cancelled")


class TestimonyAction(TitledEnum):
    consult = "consult", _l("Record the person's wishes")
    request = "request", _l("Record the request to the other state")
    acknowledge = "acknowledge", _l("Record the acknowledgement")
    recognise = "recognise", _l("Record the recognition")
    schedule = "schedule", _l("Confirm the schedule")
    hold = "hold", _l("Record that it was held")
    adjourn = "adjourn", _l("Record an adjournment")
    cancel = "cancel", _l("Cancel")


class SessionStatus(TitledEnum):
    planned = "planned", _l("Planned")
    scheduled = "scheduled", _l("Scheduled")
    held = "held", _l("Held")
    adjourned = "adjourned", _l("Adjourned")
    cancelled = "cancelled", _l("Cancelled")


class ParticipantRole(TitledEnum):
    victim = "victim", _l("The person")
    court = "court", _l("Court or judge")
    executing_authority = "executing_authority", _l("Executing authority")
    interpreter = "interpreter", _l("Interpreter")
    cultural_mediator = "cultural_mediator", _l("Cultural mediator")
    support_person = "support_person", _l("Support person")
    legal_representative = "legal_representative", _l("Lawyer")


class ClockState(TitledEnum):
    """A legal deadline, as shown on every request."""

    met = "met", _l("Met")
    due = "due", _l("Due")
    breached = "breached", _l("Breached")


_OPEN = frozenset(
    {
        TestimonyStatus.proposed,
        TestimonyStatus.victim_consulted,
        TestimonyStatus.requested,
        TestimonyStatus.acknowledged,
        TestimonyStatus.recognised,
        TestimonyStatus.scheduled,
        TestimonyStatus.adjourned,
    }
)
OPEN_STATES = _OPEN

TRANSITIONS: dict[TestimonyAction, tuple[frozenset[TestimonyStatus], TestimonyStatus]] = {
    TestimonyAction.consult: (
        frozenset({TestimonyStatus.proposed, TestimonyStatus.victim_consulted}),
        TestimonyStatus.victim_consulted,
    ),
    TestimonyAction.request: (
        frozenset({TestimonyStatus.victim_consulted}),
        TestimonyStatus.requested,
    ),
    TestimonyAction.acknowledge: (
        frozenset({TestimonyStatus.requested}),
        TestimonyStatus.acknowledged,
    ),
    TestimonyAction.recognise: (
        frozenset({TestimonyStatus.acknowledged}),
        TestimonyStatus.recognised,
    ),
    TestimonyAction.schedule: (
        frozenset({TestimonyStatus.recognised, TestimonyStatus.adjourned}),
        TestimonyStatus.scheduled,
    ),
    TestimonyAction.hold: (frozenset({TestimonyStatus.scheduled}), TestimonyStatus.held),
    TestimonyAction.adjourn: (frozenset({TestimonyStatus.scheduled}), TestimonyStatus.adjourned),
    TestimonyAction.cancel: (_OPEN, TestimonyStatus.cancelled),
}

#: Minutes kept free around every session when checking double bookings (DESIGN §7 #19).
BUFFER_MINUTES = 15
#: EIO clocks in days: acknowledge and recognise from receipt, carry out from recognition.
EIO_ACKNOWLEDGE_DAYS = 7
EIO_RECOGNISE_DAYS = 30
EIO_EXECUTE_DAYS = 90
