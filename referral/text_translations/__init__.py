"""Human translations of free text, and the translation tasks interpreters and mediators work on."""
