"""Directory enumerations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class ServiceType(TitledEnum):
    """What a service offers."""

    shelter = "shelter", _l("Shelter")
    medical = "medical", _l("Medical care")
    psychological = "psychological", _l("Psychological support")
    legal_aid = "legal_aid", _l("Legal aid")
    interpretation = "interpretation", _l("Interpretation or cultural mediation")
    return_reintegration = "return_reintegration", _l("Return and reintegration")
    child_protection = "child_protection", _l("Child protection")
    labour_rights = "labour_rights", _l("Labour rights")
    housing = "housing", _l("Housing")
    employment = "employment", _l("Employment")


class CapacityStatus(TitledEnum):
    """Whether a service can take people now."""

    available = "available", _l("Places available")
    limited = "limited", _l("Limited places")
    full = "full", _l("Full")
    unknown = "unknown", _l("Unknown")


class GendersServed(TitledEnum):
    """Whom a service takes."""

    any = "any", _l("Any gender")
    women = "women", _l("Women and girls")
    men = "men", _l("Men and boys")


class VenueKind(TitledEnum):
    """Where a person can be heard from."""

    court = "court", _l("Court")
    consulate = "consulate", _l("Consulate or embassy")
    protected_room = "protected_room", _l("Protected hearing room")
    police_office = "police_office", _l("Police office")
    ngo_office = "ngo_office", _l("NGO office")
