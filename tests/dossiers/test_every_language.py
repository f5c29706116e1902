"""The dossier and the consent information sheet in every shipped language.

Each PDF's text is extracted back and compared with the text the template produced, node by
node; `pdffonts` (poppler) must list only embedded, subset Noto fonts, including the one for the
language's script. The dossier's page in the web app is checked for English left in place too.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from babel import Locale

from referral.config import SHIPPED_LOCALES
from referral.consent.texts import load_text
from referral.dossiers import operations
from referral.extensions import db
from tests.dossiers.test_dossier import pdffonts, render, sent, text_of  # noqa: F401 - fixture
from tests.i18n.leaks import Page, english_leaks, page_problems
from tests.identity.fixtures import WebClient, sign_in

SCRIPT_FONT = {"ar": "NaskhArabic", "fa": "NaskhArabic", "ti": "SansEthiopic", "zh_Hans": "SansSC"}
# Bidi and shaping marks, and spaces: PDF text has its own idea of both.
IGNORED = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad]+")


def _flat(text: str) -> str:
    """Without spacing, case or combining marks: the stylesheet upper-cases some text, which
    drops Greek accents and turns the Turkish dotless i (U+0131) into I."""
    decomposed = unicodedata.normalize("NFKD", text).casefold().replace("\u0131", "i")
    return IGNORED.sub("", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def _missing_text(html: str, pdf: bytes, rtl: bool = False) -> list[str]:
    """Text nodes of the HTML that cannot be found in the text extracted from the PDF.

    Extraction gives right-to-left lines in visual order, runs of other directions reversed
    and brackets mirrored; there each word (letters or digits) is looked for instead."""
    page = Page()
    page.feed(html)
    _, pages = text_of(pdf)
    extracted = _flat(" ".join(pages))
    title = " ".join(page.title.split())  # the document title, not drawn on a page
    nodes = [node for node in page.texts if _flat(node) and node != title]
    return [node for node in nodes if not _found(node, extracted, rtl)]


def _found(text: str, extracted: str, by_word: bool) -> bool:
    if not by_word:
        return _flat(text) in extracted
    return all(_flat(word) in extracted for word in re.findall(r"\w+", text))


def _check_fonts(locale: str, pdf: bytes) -> None:
    fonts = pdffonts(pdf)
    assert fonts
    for font in fonts:
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), font
        assert font["name"].split("+", 1)[-1].startswith("Noto"), font
    wanted = SCRIPT_FONT.get(locale, "NotoSans-")
    assert any(wanted.replace("-", "") in f["name"].replace("-", "") for f in fonts), fonts


def test_a_chinese_speaking_recipient_gets_the_simplified_chinese_dossier(sent) -> None:  # noqa: F811
    sent["ng"].working_languages = ["zh", "en"]
    db.session.commit()
    assert operations.default_language(sent["referral"]) == "zh_Hans"


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_dossier_and_information_sheet_in_every_language(
    sent,  # noqa: F811 - the fixture imported above
    app,
    clock,
    locale,
    monkeypatch,
):
    rendered = []
    real_render_html = operations.render_html
    monkeypatch.setattr(
        operations,
        "render_html",
        lambda *args: rendered.append(real_render_html(*args)) or rendered[-1],
    )
    dossier, pdf = render(sent, locale)
    assert dossier.language == locale
    html = rendered[-1]
    assert f'lang="{locale.replace("_", "-")}" dir="{Locale.parse(locale).text_direction}"' in html
    rtl = Locale.parse(locale).text_direction == "rtl"
    assert _missing_text(html, pdf, rtl) == []
    _check_fonts(locale, pdf)

    # The person speaks the language; the written text is the shipped one (zh_Hans names a script).
    sent["consent"].language = locale.split("_")[0]
    sent["consent"].text_language = locale
    db.session.commit()
    sheet = operations.consent_sheet(sent["caseworker"], sent["consent"])
    _, pages = text_of(sheet)
    body = load_text(locale)
    assert body is not None, f"no consent text in {locale}"
    for paragraph in body.body.split("\n\n"):  # may run across a page break: word by word
        assert _found(paragraph, _flat(" ".join(pages)), by_word=True), paragraph
    _check_fonts(locale, sheet)

    if locale != "en":
        officer = WebClient(app.test_client(use_cookies=True))
        sent["officer"].locale = locale
        db.session.commit()
        sign_in(officer, sent["officer"], clock)
        response = officer.get(f"/dossiers/{dossier.uuid}")
        problems = page_problems(
            locale, english_leaks(locale), response.status_code, response.get_data(as_text=True)
        )
        assert problems == []
