"""Notice kinds and their translated titles."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

KINDS: dict[str, LazyString] = {
    "referral.submitted": _l("a new referral arrived"),
    "referral.acknowledged": _l("your referral was acknowledged"),
    "referral.accepted": _l("your referral was accepted"),
    "referral.declined": _l("your referral was declined"),
    "referral.information_requested": _l("more information was asked for a referral"),
    "referral.resubmitted": _l("a referral was answered and resubmitted"),
    "referral.arrival_scheduled": _l("an arrival was scheduled"),
    "referral.arrival_confirmed": _l("an arrival was confirmed"),
    "referral.closed": _l("a referral was closed"),
    "referral.withdrawn": _l("a referral was withdrawn"),
    "referral.message": _l("a new message on a referral"),
    "referral.reminder": _l("a referral deadline is near"),
    "referral.overdue": _l("a referral is overdue"),
    "referral.escalated": _l("an overdue referral needs a coordinator"),
    "consent.withdrawn": _l("consent was withdrawn for a case you received"),
    "dossier.ready": _l("a dossier you asked for is ready"),
    "translation.requested": _l("a translation was asked of you"),
    "translation.completed": _l("a translation you asked for is finished"),
    "translation.cancelled": _l("a translation task given to you was cancelled"),
    "protection.changed": _l("a protection measure was updated"),
    "protection.expiring": _l("a protection measure ends soon"),
    "protection.review_due": _l("a protection measure is due for review"),
    "protection.review_overdue": _l("a protection measure's review date has passed"),
    "testimony.changed": _l("a remote hearing was updated"),
    "testimony.invited": _l("you were added to a hearing session"),
    "testimony.rescheduled": _l("a hearing session you take part in has new times"),
    "testimony.reminder": _l("a hearing session you take part in is coming up"),
    "compensation.assigned": _l("a compensation claim was given to you"),
    "compensation.unassigned": _l("a compensation claim was given to another lawyer"),
    "compensation.changed": _l("a compensation claim was updated"),
    "compensation.deadline_due": _l("a compensation claim deadline is near"),
    "compensation.deadline_overdue": _l("a compensation claim deadline has passed"),
    "compensation.advance_claimable": _l("the state advance on a claim can now be asked for"),
    "case.assigned": _l("you were added to a case team"),
    "risk.disclosed": _l("urgent risk information was shared with your organisation"),
}


def kind_title(kind: str) -> LazyString | str:
    """The translated title of a notice kind."""
    return KINDS.get(kind, kind)
