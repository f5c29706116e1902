"""Consent enumerations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class Purpose(TitledEnum):
    """Why data is shared."""

    assistance = "assistance", _l("Assistance and support")
    return_reintegration = "return_reintegration", _l("Return and reintegration")
    protection = "protection", _l("Protection")
    legal_proceedings = "legal_proceedings", _l("Legal proceedings")
    compensation = "compensation", _l("Compensation")


class ConsentStatus(TitledEnum):
    """pending, then given or refused; a given consent is withdrawn, expires or is superseded."""

    pending = "pending", _l("Being recorded")
    given = "given", _l("Given")
    refused = "refused", _l("Refused")
    withdrawn = "withdrawn", _l("Withdrawn")
    expired = "expired", _l("Expired")
    superseded = "superseded", _l("Replaced by a newer version")


class ConsentMethod(TitledEnum):
    """How consent was recorded."""

    signature = "signature", _l("Signed")
    oral_witnessed = "oral_witnessed", _l("Oral, with a witness")
    electronic = "electronic", _l("Electronic")


class WithdrawalScope(TitledEnum):
    """What a withdrawal covers."""

    all = "all", _l("Everything")
    organisation = "organisation", _l("One organisation")
    purpose = "purpose", _l("One purpose")


class WithdrawalChannel(TitledEnum):
    """How the person said so."""

    in_person = "in_person", _l("In person")
    phone = "phone", _l("By phone")
    written = "written", _l("In writing")
    through_representative = "through_representative", _l("Through a representative")


class GrantSource(TitledEnum):
    """What opened an access grant."""

    referral = "referral", _l("Referral")
    claim = "claim", _l("Compensation claim")
    testimony = "testimony", _l("Testimony")
    risk_disclosure = "risk_disclosure", _l("Risk-to-life disclosure")


class DisclosureReason(TitledEnum):
    """Why risk data was disclosed without consent."""

    threat_to_victim = "threat_to_victim", _l("Threat to the person's life")
    threat_to_family = "threat_to_family", _l("Threat to family members' lives")
    threat_to_staff = "threat_to_staff", _l("Threat to staff")
    threat_to_others = "threat_to_others", _l("Threat to others")
