"""Protection enumerations and the transition table (DESIGN.md §5 E)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class Beneficiary(TitledEnum):
    """Who the measure protects."""

    victim = "victim", _l("The person")
    family_member = "family_member", _l("A family member")


class MeasureType(TitledEnum):
    """Kinds of protection."""

    police_protection = "police_protection", _l("Police protection")
    witness_protection = "witness_protection", _l("Witness protection programme")
    shelter_relocation = "shelter_relocation", _l("Shelter relocation")
    identity_protection = "identity_protection", _l("Identity protection")
    contact_ban = "contact_ban", _l("Contact or approach ban")
    epo = "epo", _l("European Protection Order")
    civil_protection_certificate = (
        "civil_protection_certificate",
        _l("Civil protection certificate"),
    )
    court_special_measure = "court_special_measure", _l("Court special measure")
    other = "other", _l("Other measure")


class SpecialMeasure(TitledEnum):
    """Protections in court and interviews."""

    no_visual_contact = "no_visual_contact", _l("No visual contact with the defendant")
    testimony_outside_courtroom = (
        "testimony_outside_courtroom",
        _l("Testimony from outside the courtroom"),
    )
    closed_hearing = "closed_hearing", _l("Hearing closed to the public")
    same_sex_interviewer = "same_sex_interviewer", _l("Interviewer of the same sex")
    recorded_child_interview = "recorded_child_interview", _l("Recorded interview of a child")


class MeasureStatus(TitledEnum):
    """Where a measure stands."""

    requested = "requested", _l("Requested")
    granted = "granted", _l("Granted")
    refused = "refused", _l("Refused")
    active = "active", _l("Active")
    expired = "expired", _l("Expired")
    revoked = "revoked", _l("Revoked")


class MeasureAction(TitledEnum):
    """What can happen to a measure."""

    grant = "grant", _l("Record the grant")
    refuse = "refuse", _l("Record the refusal")
    activate = "activate", _l("Mark as in force")
    modify = "modify", _l("Record a change")
    renew = "renew", _l("Record a renewal")
    report_breach = "report_breach", _l("Report a breach")
    revoke = "revoke", _l("Record the revocation")
    transmit = "transmit", _l("Record the transmission to the executing state")
    record_recognition = "record_recognition", _l("Record the executing state's decision")
    expire = "expire", _l("Expire")


class EventKind(TitledEnum):
    """Entries in a measure's history."""

    requested = "requested", _l("Requested")
    granted = "granted", _l("Granted")
    refused = "refused", _l("Refused")
    activated = "activated", _l("In force")
    modified = "modified", _l("Changed")
    renewed = "renewed", _l("Renewed")
    breached = "breached", _l("Breach reported")
    revoked = "revoked", _l("Revoked")
    expired = "expired", _l("Expired")
    transmitted = "transmitted", _l("Transmitted to the executing state")
    recognition_decided = "recognition_decided", _l("Executing state decided")


class RefusalReason(TitledEnum):
    """Why an authority refused a measure."""

    insufficient_evidence = "insufficient_evidence", _l("Not enough evidence of danger")
    not_eligible = "not_eligible", _l("Not eligible under the law")
    no_jurisdiction = "no_jurisdiction", _l("No jurisdiction")
    person_declined = "person_declined", _l("The protected person declined")
    other = "other", _l("Other reason")


class Recognition(TitledEnum):
    """The executing state's decision on a European Protection Order."""

    pending = "pending", _l("Pending")
    recognised = "recognised", _l("Recognised")
    refused = "refused", _l("Refused")


_LIVE = frozenset({MeasureStatus.granted, MeasureStatus.active})

#: action -> (states it is allowed from, state it leads to, history entry). None keeps the state.
TRANSITIONS: dict[
    MeasureAction, tuple[frozenset[MeasureStatus], MeasureStatus | None, EventKind]
] = {
    MeasureAction.grant: (
        frozenset({MeasureStatus.requested}),
        MeasureStatus.granted,
        EventKind.granted,
    ),
    MeasureAction.refuse: (
        frozenset({MeasureStatus.requested}),
        MeasureStatus.refused,
        EventKind.refused,
    ),
    MeasureAction.activate: (
        frozenset({MeasureStatus.granted}),
        MeasureStatus.active,
        EventKind.activated,
    ),
    MeasureAction.modify: (frozenset({MeasureStatus.active}), None, EventKind.modified),
    MeasureAction.renew: (frozenset({MeasureStatus.active}), None, EventKind.renewed),
    MeasureAction.report_breach: (frozenset({MeasureStatus.active}), None, EventKind.breached),
    MeasureAction.revoke: (_LIVE, MeasureStatus.revoked, EventKind.revoked),
    MeasureAction.transmit: (_LIVE, None, EventKind.transmitted),
    MeasureAction.record_recognition: (_LIVE, None, EventKind.recognition_decided),
    MeasureAction.expire: (_LIVE, MeasureStatus.expired, EventKind.expired),
}

#: Only the sweep expires a measure (at valid_until).
SYSTEM_ACTIONS = frozenset({MeasureAction.expire})
#: Only for European Protection Orders.
EPO_ACTIONS = frozenset({MeasureAction.transmit, MeasureAction.record_recognition})
#: National measures a European Protection Order can extend [EPO 5]: prohibitions on entering
#: places, on contact, or on approaching the protected person.
EPO_ELIGIBLE = frozenset({MeasureType.contact_ban})
#: Live measures: they protect someone now or are about to.
LIVE_STATES = _LIVE
