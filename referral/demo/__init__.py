"""Fictional demo data: organisations, users and (later) cases. Every name ends in "(demo)"."""
