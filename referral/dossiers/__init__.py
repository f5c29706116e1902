"""Translated referral dossiers: PDF/A-3b in the recipient's language, within consent."""
