"""Every character of every translation has a glyph in the bundled fonts the PDF would use.

WeasyPrint draws a missing glyph as an empty box without complaint, so coverage is checked
against the fonts' character maps: for each translated message, the font stack `fonts_for`
chooses for that text must cover each of its characters.
"""

from __future__ import annotations

import functools
import unicodedata

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from referral.config import SHIPPED_LOCALES
from referral.consent.texts import load_text
from referral.core.pdf import ASSETS, fonts_for
from referral.i18n.check import TRANSLATIONS

# Characters no font needs to draw: controls, joiners and direction marks.
INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


@functools.cache
def _cmap(path: str) -> frozenset[int]:
    with TTFont(ASSETS / path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _missing(text: str) -> set[str]:
    stack = [_cmap(font.regular) for font in fonts_for(text)]
    return {
        ch
        for ch in set(text)
        if not ch.isspace()
        and unicodedata.category(ch) not in INVISIBLE
        and not any(ord(ch) in cmap for cmap in stack)
    }


def _texts(locale: str) -> list[str]:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    texts = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else [message.string]
        texts += [s for s in strings if s]
    sheet = load_text(locale)
    if sheet is not None:
        texts.append(sheet.body)
    return texts


@pytest.mark.parametrize("locale", [code for code in SHIPPED_LOCALES if code != "en"])
def test_every_character_of_the_catalogue_has_a_glyph(locale: str) -> None:
    missing = {}
    for text in _texts(locale):
        if gaps := _missing(text):
            missing[text[:60]] = sorted(f"U+{ord(ch):04X} {ch}" for ch in gaps)
    assert missing == {}


def test_a_missing_glyph_is_noticed() -> None:
    assert _missing("Ελληνικά ትግርኛ 中文") == set()
    assert _missing("\U0001f600 \u0d9a") == {"\U0001f600", "\u0d9a"}  # emoji, Sinhala
