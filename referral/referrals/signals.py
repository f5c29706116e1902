"""Signals about referrals (synchronous, inside the same transaction)."""

from blinker import Namespace

_signals = Namespace()

#: sender: the Referral; kwargs: actor, reason — sent when a referral is withdrawn.
referral_withdrawn = _signals.signal("referral-withdrawn")
