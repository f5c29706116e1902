"""Who may ask for, see and download dossiers: the two sides of a sent referral."""

from __future__ import annotations

import sqlalchemy as sa

from referral.dossiers.models import Dossier
from referral.identity.models import User
from referral.referrals.enums import ReferralStatus
from referral.referrals.models import Referral
from referral.referrals.permissions import can_view_referral, referrals_visible_to


def can_request_dossier(user: User, referral: Referral) -> bool:
    """Either side of a sent referral, while it is open."""
    return referral.is_open and can_view_referral(user, referral)


def can_download_dossier(user: User, dossier: Dossier) -> bool:
    """The receiving side gets only their own, unrevoked dossiers; the sender sees what was sent."""
    referral = dossier.referral
    return (
        referral is not None
        and referral.status != ReferralStatus.draft
        and can_view_referral(user, referral)
    )


def dossiers_visible_to(actor: User) -> sa.Select[tuple[Dossier]]:
    visible = referrals_visible_to(actor).with_only_columns(sa.literal_column("referrals.id"))
    return sa.select(Dossier).where(Dossier.referral_id.in_(visible))
