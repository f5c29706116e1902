"""What a claim's lawyer sees of the person: name and contact, only by a recorded reveal."""

from __future__ import annotations

from typing import Any

from referral.audit import operations as audit
from referral.cases.queries import case_data
from referral.compensation.models import CompensationClaim
from referral.compensation.permissions import claim_categories
from referral.core.operation import operation
from referral.identity.models import User

#: Masked case categories a claim may need: the name to file it, the contact to reach the person.
CLIENT_MASKED = frozenset({"identity", "contact"})


def revealable(actor: User, claim: CompensationClaim) -> set[str]:
    return claim_categories(actor, claim) & CLIENT_MASKED


@operation
def reveal_client(actor: User, claim: CompensationClaim) -> dict[str, Any]:
    """Name and contact as far as the consent allows; every reveal is in the audit trail."""
    allowed = revealable(actor, claim)
    data = case_data(claim.case, set(allowed), revealed=set(allowed))
    audit.record(
        actor,
        "compensation.client_revealed",
        claim,
        case_code=claim.case.case_code,
        categories=sorted(allowed),
        fields=sorted(allowed),
    )
    return {key: data[key] for key in sorted(allowed) if key in data}
