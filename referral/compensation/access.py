"""Loading a claim, or one of its records, for a request: shared by the pages and the API."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from referral.compensation.models import CompensationClaim
from referral.compensation.permissions import can_view_claim, claims_visible_to
from referral.core.policy import load_visible, require
from referral.extensions import db
from referral.identity.models import User


def load_claim(
    claim_id: uuid.UUID, predicate: Any = can_view_claim
) -> tuple[User, CompensationClaim]:
    """The claim if the caller may see it (404 otherwise) and do `predicate` (403 otherwise)."""
    claim: CompensationClaim = load_visible(CompensationClaim, claim_id, claims_visible_to)
    actor = require(can_view_claim, claim, hide=True)
    if predicate is not can_view_claim:
        require(predicate, claim)
    return actor, claim


def child_of(model: Any, claim: CompensationClaim, key: uuid.UUID) -> Any:
    """A ledger entry, deadline or document of this claim; 404 for anything else."""
    found = db.session.scalar(sa.select(model).where(model.claim_id == claim.id, model.uuid == key))
    if found is None:
        raise NotFound()
    return found
