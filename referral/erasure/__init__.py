"""Erasing a case: crypto-shredding, scrubbing, and leaving erased cases out of every read."""
