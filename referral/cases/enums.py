"""Case enumerations. Values are snake_case; `htcds.py` maps them to HTCDS picklists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from referral.i18n.enums import TitledEnum


class DataCategory(TitledEnum):
    """What a consent can cover and a referral can share."""

    identity = "identity", _l("Identity (names, date of birth, documents)")
    contact = "contact", _l("Contact details")
    location = "location", _l("Current whereabouts")
    demographics = "demographics", _l("Age, gender, citizenship, languages, communication needs")
    health = "health", _l("Health and special needs")
    exploitation = "exploitation", _l("Exploitation and indicators")
    risk = "risk", _l("Risk assessment and safety plan")
    family = "family", _l("Family members")
    protection = "protection", _l("Protection measures")
    legal = "legal", _l("Legal proceedings")
    compensation = "compensation", _l("Compensation")
    residence = "residence", _l("Victim status and reflection period")
    support = "support", _l("Needs and support plan")
    documents = "documents", _l("Documents")
    perpetrator = "perpetrator", _l("Perpetrators")


class CaseStatus(TitledEnum):
    """cas_Status."""

    active = "active", _l("Active")
    follow_up = "follow_up", _l("Follow-up")
    closed = "closed", _l("Closed")
    closed_referred = "closed_referred", _l("Closed, referred on")


class ErasureReason(TitledEnum):
    """Why a case was erased (crypto-shredded)."""

    person_request = "person_request", _l("The person asked for their information to be erased")
    retention_ended = "retention_ended", _l("The time this information may be kept has ended")
    entered_in_error = "entered_in_error", _l("The case was entered in error")


class Gender(TitledEnum):
    """prs_Gender."""

    feminine = "feminine", _l("Woman or girl")
    masculine = "masculine", _l("Man or boy")
    transgender_feminine = "transgender_feminine", _l("Transgender woman")
    transgender_masculine = "transgender_masculine", _l("Transgender man")
    non_conforming = "non_conforming", _l("Non-conforming")
    unknown = "unknown", _l("Not specified")


class StaffGender(TitledEnum):
    """Who the person prefers to talk to."""

    no_preference = "no_preference", _l("No preference")
    women = "women", _l("Women")
    men = "men", _l("Men")


class TraffickingStatus(TitledEnum):
    """vic_TraffickingStatus; assistance never depends on it beyond `possible_victim`."""

    unknown = "unknown", _l("Not yet assessed")
    possible_victim = "possible_victim", _l("Possible victim")
    actual_victim = "actual_victim", _l("Identified victim")
    not_a_victim = "not_a_victim", _l("Not a victim")


class DecisionOrgType(TitledEnum):
    """vic_TraffickingStatusDecisionMakingOrg."""

    police = "police", _l("Police")
    ngo = "ngo", _l("NGO")
    court_or_prosecution = "court_or_prosecution", _l("Court or prosecution")
    non_police_government = "non_police_government", _l("Non-police government body")
    other = "other", _l("Other")


class GuardianKind(TitledEnum):
    """Who represents a child."""

    legal_guardian = "legal_guardian", _l("Legal guardian")
    representative = "representative", _l("Representative")
    parent = "parent", _l("Parent")


class RiskLevel(TitledEnum):
    """Assessed level of a risk."""

    low = "low", _l("Low")
    medium = "medium", _l("Medium")
    high = "high", _l("High")
    critical = "critical", _l("Critical")


class AssessmentMethod(TitledEnum):
    """How a risk assessment was made."""

    interview = "interview", _l("Interview with the person")
    observation_only = "observation_only", _l("Observation only")


class ReflectionStatus(TitledEnum):
    """Reflection and recovery period."""

    not_started = "not_started", _l("Not started")
    running = "running", _l("Running")
    ended = "ended", _l("Ended")


class ReflectionEndReason(TitledEnum):
    """Recorded, never read by any guard."""

    expired = "expired", _l("Period ended")
    decided_to_cooperate = "decided_to_cooperate", _l("Decided to cooperate")
    decided_not_to_cooperate = "decided_not_to_cooperate", _l("Decided not to cooperate")
    victim_decision = "victim_decision", _l("Ended at the person's own request")
    other = "other", _l("Other")


class ScreeningOutcome(TitledEnum):
    """What an indicator screening suggests; it never decides status."""

    refer_for_identification = (
        "refer_for_identification",
        _l("Suggests referral for identification"),
    )
    inconclusive = "inconclusive", _l("Inconclusive")
    not_indicated = "not_indicated", _l("No indicators found")


class ControlMethod(TitledEnum):
    """vic_MethodsOfControl."""

    physical_threats = "physical_threats", _l("Physical threats")
    threats_law_enforcement = "threats_law_enforcement", _l("Threats of law enforcement")
    threatens_children_family = (
        "threatens_children_family",
        _l("Threats against children or family"),
    )
    debt_bondage = "debt_bondage", _l("Debt bondage")
    false_promises = "false_promises", _l("False promises")
    physical_abuse = "physical_abuse", _l("Physical abuse")
    sexual_abuse = "sexual_abuse", _l("Sexual abuse")
    takes_earnings = "takes_earnings", _l("Takes earnings")
    restricts_financial_access = "restricts_financial_access", _l("Restricts access to money")
    restricts_medical_care = "restricts_medical_care", _l("Restricts medical care")
    withholds_necessities = "withholds_necessities", _l("Withholds necessities")
    psychological_abuse = "psychological_abuse", _l("Psychological abuse")
    psychoactive_substance = "psychoactive_substance", _l("Psychoactive substances")
    excessive_working_hours = "excessive_working_hours", _l("Excessive working hours")
    withholds_documents = "withholds_documents", _l("Withholds documents")
    other = "other", _l("Other")


class ExploitationType(TitledEnum):
    """vic_TypeOfExploitation."""

    forced_labour = "forced_labour", _l("Forced labour")
    sexual_exploitation = "sexual_exploitation", _l("Sexual exploitation")
    child_labour = "child_labour", _l("Child labour")
    forced_marriage = "forced_marriage", _l("Forced marriage")
    servitude = "servitude", _l("Servitude")
    forced_criminality = "forced_criminality", _l("Forced criminal activity")
    organ_removal = "organ_removal", _l("Organ removal")
    forced_begging = "forced_begging", _l("Forced begging")
    forced_military = "forced_military", _l("Forced military service by non-state actors")
    forced_adoption = "forced_adoption", _l("Forced adoption")
    surrogacy = "surrogacy", _l("Surrogacy")
    other = "other", _l("Other")
