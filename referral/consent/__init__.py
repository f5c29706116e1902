"""Consent: versioned records, scope evaluation, withdrawals, access grants, risk disclosures."""
