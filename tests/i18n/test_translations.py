"""Shipped languages are complete and the check catches what it should."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from referral.config import SHIPPED_LOCALES
from referral.i18n.check import Report, check_catalogue, check_translations, placeholders


def test_shipped_catalogues_pass_the_check() -> None:
    report = check_translations(SHIPPED_LOCALES)
    assert report.problems == {}


def test_all_33_languages_ship_and_make_builds_them() -> None:
    import re

    from referral.config import ROOT

    assert len(SHIPPED_LOCALES) == len(set(SHIPPED_LOCALES)) == 33
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"^LOCALES := ((?:.*\\\n)*.*)$", makefile, re.M).group(1)
    assert listed.replace("\\", " ").split() == [c for c in SHIPPED_LOCALES if c != "en"]


def test_the_glossary_gives_every_key_term_in_every_language() -> None:
    import re

    from referral.config import ROOT

    text = (ROOT / "translations" / "GLOSSARY.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    assert len(sections) == 10
    for section in sections:
        rows = re.findall(r"^\| [^|]+ \| `([a-zA-Z_]+)` \| ([^|]+) \| ([^|]+) \|", section, re.M)
        assert [code for code, _, _ in rows] == SHIPPED_LOCALES, section.splitlines()[0]
        assert all(rendering.strip() and source.strip() for _, rendering, source in rows)


def test_cli_check_passes(app) -> None:
    result = app.test_cli_runner().invoke(args=["translations", "check"])
    assert result.exit_code == 0, result.output


def test_placeholders_are_compared() -> None:
    assert placeholders("%(org)s declined {min}") == (["org"], ["min"], [])
    assert placeholders("<b>x</b>")[2] == ["b", "b"]


def _check(tmp_path, monkeypatch, locale: str, pairs, cognates: str = "{}") -> list[str]:
    """Run the catalogue check on a template of `pairs`' ids and a catalogue of `pairs`
    (msgid, msgstr, flags; msgstr None leaves it out) written to a scratch folder."""
    from babel.messages.pofile import write_po

    from referral.i18n import check

    template, catalogue = Catalog(), Catalog(locale=locale)
    for msgid, msgstr, flags in pairs:
        template.add(msgid)
        if msgstr is not None:
            catalogue.add(msgid, msgstr, flags=flags)
    folder = tmp_path / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)
    (tmp_path / "cognates.json").write_text(cognates)
    monkeypatch.setattr(check, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(check, "COGNATES", tmp_path / "cognates.json")
    report = Report()
    check_catalogue(locale, template, report)
    return report.problems[locale]


def test_check_flags_missing_fuzzy_and_broken_placeholders(tmp_path, monkeypatch) -> None:
    pairs = [("Hello %(name)s", "Bonjour %(nom)s", []), ("Two", "Deux", ["fuzzy"])]
    problems = " ".join(_check(tmp_path, monkeypatch, "fr", [*pairs, ("Three", None, [])]))
    assert "missing: 'Three'" in problems
    assert "fuzzy: 'Two'" in problems
    assert "placeholders differ: 'Hello %(name)s'" in problems
    assert "messages.mo is missing" in problems


def test_check_flags_english_left_in_place_unless_listed_as_cognate(tmp_path, monkeypatch) -> None:
    pairs = [(text, text, []) for text in ("Status", "Save the case", "PDF")]
    problems = _check(tmp_path, monkeypatch, "de", pairs, '{"de": ["Status"]}')
    flagged = [p for p in problems if p.startswith("same as English")]
    assert flagged == ["same as English (translate, or add to cognates.json): 'Save the case'"]


def test_arabic_is_right_to_left_from_cldr(app) -> None:
    page = app.test_client().get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
