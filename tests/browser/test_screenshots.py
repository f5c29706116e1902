"""Screens in four scripts (issue 8): the inbox, a referral, the consent wizard and the dossier.

Arabic (right-to-left), Tigrinya (Ge'ez), Simplified Chinese and Greek. Every page goes through
the journey's checks (axe-core, no console errors) and must not scroll sideways; the dossier's
first pages are rendered to PNG with `pdftoppm`. `make screenshots` writes the images to
docs/screenshots/ for people to look at; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.journey import Journey, assert_clean
from tests.browser.test_journeys import PDF_WAIT_SECONDS, Open

LANGUAGES = os.environ.get("SHOT_LANGS", "ar ti zh_Hans el").split()


def _folder(tmp_path: Path) -> Path:
    chosen = os.environ.get("REFERRAL_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(journey: Journey, path: Path) -> None:
    page = journey.page
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{page.url} scrolls sideways by {sideways}px"
    page.screenshot(path=str(path), full_page=True)


def _dossier_pages(receiver: Journey, lang: str, folder: Path) -> None:
    """Prepare the dossier in `lang` from the referral page, download it, render two pages."""
    page = receiver.page
    form = page.locator("main form[action$='/dossiers']")
    if form.locator("select[name=language]").count():
        form.locator("select[name=language]").select_option(lang)
    receiver.follow(form.locator("button[type=submit]"))
    download = page.locator("main a[href$='/file']")
    download.wait_for(state="visible", timeout=PDF_WAIT_SECONDS * 1000)
    with page.expect_download() as started:
        download.click()
    pdf = folder / f"{lang}-dossier.pdf"
    shutil.copy(started.value.path(), pdf)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is installed by .ci/run"
    subprocess.run(  # noqa: S603 - our own file
        [
            pdftoppm,
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            "-png",
            str(pdf),
            str(folder / f"{lang}-dossier"),
        ],
        check=True,
    )
    pdf.unlink()


@pytest.mark.browser
def test_screens_in_four_scripts(open_journey: Open, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    receiver = open_journey("receiver/scripts")
    receiver.sign_in("intake@ng-ngo.demo")
    sender = open_journey("caseworker/scripts")
    sender.sign_in("caseworker@nl-shelter.demo")
    for lang in LANGUAGES:
        receiver.switch_language(lang)
        receiver.nav("/referrals")
        _shoot(receiver, folder / f"{lang}-inbox.png")
        receiver.follow(receiver.page.locator("main table a[href^='/referrals/']"))
        _shoot(receiver, folder / f"{lang}-referral.png")
        if receiver.page.locator("main form[action$='/dossiers']").count():
            _dossier_pages(receiver, lang, folder)

        sender.switch_language(lang)
        sender.nav("/cases")
        sender.follow(sender.page.locator("main table a[href^='/cases/']"))
        sender.follow(sender.page.locator("main form[action$='/consents'] button[type=submit]"))
        _shoot(sender, folder / f"{lang}-consent-wizard.png")
    assert_clean(receiver, sender)
    assert sorted(p.name for p in folder.glob("*-dossier-1.png")), "no dossier was rendered"
