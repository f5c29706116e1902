"""Dossier job."""

from __future__ import annotations

from referral.dossiers import operations
from referral.jobs.registry import job


@job("dossiers.render")
def render(dossier: str) -> bool:
    """Render one queued dossier (UUID only in the payload)."""
    result = operations.render_dossier(dossier)
    return result is not None and str(result.status) == "ready"
