"""Cases of victims: pseudonymous, encrypted identity, profile, risk, family, reflection period."""
