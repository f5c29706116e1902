"""Organisations, users, roles, login, TOTP, recovery codes, login sessions and API tokens."""
