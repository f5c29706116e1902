"""Signals other packages listen to (synchronous, inside the same transaction)."""

from blinker import Namespace

_signals = Namespace()

#: sender: the Consent; kwargs: actor, withdrawal, closed_grants (list of AccessGrant)
consent_withdrawn = _signals.signal("consent-withdrawn")
