"""Consent texts: versioned documents in each language, identified by key, version and SHA-256."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXTS = Path(__file__).parent / "texts"
CURRENT_KEY = "trm-consent"
CURRENT_VERSION = "v1"


@dataclass(frozen=True)
class ConsentText:
    """One immutable consent text."""

    key: str
    version: str
    language: str
    body: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()


@functools.cache
def load_text(
    language: str, key: str = CURRENT_KEY, version: str = CURRENT_VERSION
) -> ConsentText | None:
    """The text in `language`, or None when it has not been written in that language."""
    path = TEXTS / key / version / f"{language}.txt"
    if not path.exists():
        return None
    return ConsentText(key, version, language, path.read_text(encoding="utf-8"))


def available_languages(key: str = CURRENT_KEY, version: str = CURRENT_VERSION) -> list[str]:
    """Languages the current text exists in."""
    folder = TEXTS / key / version
    return sorted(path.stem for path in folder.glob("*.txt"))
