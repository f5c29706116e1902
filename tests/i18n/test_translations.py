"""Shipped languages are complete and the check catches what it should."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from referral.config import SHIPPED_LOCALES
from referral.i18n.check import Report, check_catalogue, check_translations, placeholders


def test_shipped_catalogues_pass_the_check() -> None:
    report = check_translations(SHIPPED_LOCALES)
    assert report.problems == {}


def test_cli_check_passes(app) -> None:
    result = app.test_cli_runner().invoke(args=["translations", "check"])
    assert result.exit_code == 0, result.output


def test_placeholders_are_compared() -> None:
    assert placeholders("%(org)s declined {min}") == (["org"], ["min"], [])
    assert placeholders("<b>x</b>")[2] == ["b", "b"]


def test_check_flags_missing_fuzzy_and_broken_placeholders(tmp_path, monkeypatch) -> None:
    from babel.messages.pofile import write_po

    from referral.i18n import check

    template = Catalog()
    for msgid in ("Hello %(name)s", "Two", "Three"):
        template.add(msgid)
    catalogue = Catalog(locale="fr")
    catalogue.add("Hello %(name)s", "Bonjour %(nom)s")
    catalogue.add("Two", "Deux", flags=["fuzzy"])
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)
    monkeypatch.setattr(check, "TRANSLATIONS", tmp_path)
    report = Report()
    check_catalogue("fr", template, report)
    problems = " ".join(report.problems["fr"])
    assert "missing: 'Three'" in problems
    assert "fuzzy: 'Two'" in problems
    assert "placeholders differ: 'Hello %(name)s'" in problems
    assert "messages.mo is missing" in problems


def test_arabic_is_right_to_left_from_cldr(app) -> None:
    page = app.test_client().get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
