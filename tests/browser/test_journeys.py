"""End-to-end journeys through the real UI, in English and again in Arabic (right-to-left).

Each journey is what a new user would do: follow the links and fill in the forms. Every page
they load is checked with axe-core; see journey.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.numbers import format_currency
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.journey import Journey, Server, assert_clean

# The Nigerian NGO behind the Benin City service (intake@ng-ngo.demo works there).
NG_ORGANISATION = "Benin City Returnee Support (demo)"
RETURN_SERVICE = "Return and reintegration, Benin City (demo)"
SHARED = ["identity", "demographics", "exploitation", "risk", "residence"]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PDF_WAIT_SECONDS = 120

Open = Callable[[str], Journey]


def _now() -> datetime:
    return datetime.now(UTC)


def _id_in(path: str, prefix: str) -> str:
    found = re.match(rf"^{prefix}/({UUID})", path)
    assert found, f"expected {prefix}/<id>, got {path}"
    return found.group(1)


def _open_case(sender: Journey) -> str:
    """Cases → Open a case; a first attempt with an impossible age is explained and kept."""
    page = sender.page
    sender.nav("/cases")
    sender.follow(page.locator("main a[href='/cases/new']"))
    page.select_option("#field-gender", "feminine")
    page.select_option("#field-citizenship", "NG")
    page.select_option("#field-primary_language", "en")
    page.fill("#field-stated_age", "240")
    page.fill("#field-first_name", "Blessing")
    page.fill("#field-second_name", "Demo-Journey")
    sender.submit_expecting_error(page.locator("main form button[type=submit]"))
    assert page.locator("#field-stated_age").get_attribute("aria-invalid") == "true"
    assert page.input_value("#field-first_name") == "Blessing", "input was lost"
    page.fill("#field-stated_age", "24")
    sender.follow(page.locator("main form button[type=submit]"))
    return _id_in(sender.path, "/cases")


def _assess_risks(sender: Journey) -> None:
    """The case page warns that referrals need a current risk assessment."""
    page = sender.page
    sender.follow(page.locator("main a[href$='/risk']"))
    page.select_option("#field-method", "interview")
    page.select_option("#field-level_victim", "high")
    page.select_option("#field-level_family", "medium")
    page.select_option("#field-level_staff", "low")
    page.check("#field-threat_of_violence_or_retrafficking")
    page.fill("#field-victim_views", "Afraid of the debt to the madam (demo).")
    page.fill("#field-safety_plan", "Meet only at the shelter office (demo).")
    page.fill("#field-next_review_on", (_now() + timedelta(days=20)).date().isoformat())
    sender.follow(page.locator("main form button[type=submit]"))
    assert sender.path.startswith("/cases/")
    assert page.locator("main a[href$='/risk']").count() == 1, "the risk warning is still shown"


def _record_consent(sender: Journey) -> None:
    """The consent wizard: how it was given, one recipient, the transfer to NG, agreement."""
    page = sender.page
    sender.follow(page.locator("main form[action$='/consents'] button[type=submit]"))
    consent_path = sender.path
    record = page.locator("form[action$='/record']")
    record.locator("[name=language]").select_option("en")
    record.locator("[name=text_language]").select_option("en")
    record.locator("[name=method]").select_option("signature")
    record.locator("[name=no_interpreter]").check()
    for box in record.locator("[name=checklist]").all():
        box.check()
    record.locator("[name=valid_until]").fill((_now() + timedelta(days=180)).date().isoformat())
    sender.follow(record.locator("button[type=submit]"))
    assert sender.path == consent_path

    scope = page.locator("form[action$='/scope']")
    # A recipient without purposes is refused with an explanation first.
    scope.locator("[name=recipient_country]").select_option("NG")
    sender.submit_expecting_error(scope.locator("button[type=submit]"))
    scope = page.locator("form[action$='/scope']")
    for purpose in ("return_reintegration", "assistance"):
        scope.locator(f"[name=purposes][value={purpose}]").check()
    scope.locator("[name=recipient_country]").select_option("NG")
    scope.locator("[name=recipient_org_id]").select_option(label=f"{NG_ORGANISATION} (NG)")
    for category in SHARED:
        scope.locator(f"[name=categories][value={category}]").check()
    sender.follow(scope.locator("button[type=submit]"))
    assert page.locator("#scope tbody tr").filter(has_text=NG_ORGANISATION).count() == 1

    # NG is outside the EU: a separate agreement, first sent without ticking the box.
    risks = "Nigerian law protects personal data less; the NGO may be asked for records (demo)."
    third = page.locator("form[action$='/third-country']")
    assert third.locator("input[name=country]").input_value() == "NG"
    third.locator("[name=risks_explained]").fill(risks)
    sender.submit_expecting_error(third.locator("button[type=submit]"))
    third = page.locator("form[action$='/third-country']")
    assert third.locator("[name=explicit_agreement]").get_attribute("aria-invalid") == "true"
    if not third.locator("[name=risks_explained]").input_value():
        third.locator("[name=risks_explained]").fill(risks)  # the page does not keep it
    third.locator("[name=explicit_agreement]").check()
    sender.follow(third.locator("button[type=submit]"))

    assert page.locator("#confirm ul.missing").count() == 0, page.locator("#confirm").inner_text()
    sender.follow(page.locator("form[action$='/give'] button[type=submit]"))
    assert sender.path.startswith("/cases/")
    assert page.locator("main a[href$='/withdraw']").count() == 1, "no given consent listed"


def _send_referral(sender: Journey, case_id: str) -> str:
    """Refer to a service → pick the Benin City service → package → preview → send."""
    page = sender.page
    sender.follow(page.locator("main a.button[href^='/services']"))
    page.select_option("#f-country", "NG")
    sender.follow(page.locator("main form.filters button[type=submit]"))
    row = page.locator("main table tbody tr").filter(has_text=RETURN_SERVICE)
    sender.follow(row.locator(f"a[href^='/referrals/new/{case_id}']"))

    form = page.locator("main form[action^='/referrals/new/']")
    assert form.locator("[name=kind]").input_value() == "return"
    assert form.locator("[name=purpose]").input_value() == "return_reintegration"
    for box in form.locator("[name=data_package]").all():
        box.uncheck()
    for category in SHARED:
        form.locator(f"[name=data_package][value={category}]").check()
    form.locator("[name=services_requested][value=return_reintegration]").check()
    form.locator("[name=details]").fill("Wishes to go home to Edo State; needs housing (demo).")
    sender.follow(form.locator("button[type=submit]"))
    referral_id = _id_in(sender.path, "/referrals")

    # The draft shows what the service will see and nothing stops sending it.
    assert page.locator("#h-preview").count() == 1
    assert page.locator("main .notice-warning").count() == 0, page.locator("main").inner_text()
    sender.follow(page.locator("form.action-form:has(input[value=submit]) button[type=submit]"))
    assert page.locator("input[name=action][value=submit]").count() == 0, "still a draft"
    assert page.locator("#h-messages").count() == 1
    return referral_id


def _receive_and_accept(receiver: Journey, referral_id: str) -> str:
    """The inbox → the referral → acknowledge → accept (capacity first forgotten)."""
    page = receiver.page
    receiver.nav("/referrals")
    receiver.follow(page.locator(f"main table a[href='/referrals/{referral_id}']"))
    assert page.locator("#h-shared").count() == 1, "nothing shared with the receiver"
    receiver.follow(page.locator("form.action-form:has(input[value=acknowledge]) button"))
    accept = page.locator("form.action-form:has(input[value=accept])")
    receiver.submit_expecting_error(accept.locator("button[type=submit]"))
    accept = page.locator("form.action-form:has(input[value=accept])")
    accept.locator("[name=capacity_confirmed]").check()
    chosen = accept.locator("[name=receiving_caseworker_id] option:checked").inner_text().strip()
    receiver.follow(accept.locator("button[type=submit]"))
    assert page.locator("input[name=action][value=accept]").count() == 0, "not accepted"
    assert page.locator("main dl.summary-list").filter(has_text=chosen).count() == 1
    return chosen


def _download_dossier(receiver: Journey) -> None:
    """Prepare the dossier, wait on its progress page, download the PDF."""
    page = receiver.page
    receiver.follow(page.locator("main form[action$='/dossiers'] button[type=submit]"))
    assert receiver.path.startswith("/dossiers/")
    download_link = page.locator("main a[href$='/file']")
    waited_until = _now() + timedelta(seconds=PDF_WAIT_SECONDS)
    swapped = False
    while download_link.count() == 0:
        assert _now() < waited_until, "the dossier was not ready in time"
        try:  # the page updates itself; without that, reloading is what a person does
            download_link.wait_for(state="visible", timeout=4_000)
            swapped = True
        except PlaywrightTimeout:
            receiver.reload()
    if swapped:
        receiver.audit()  # the page changed in place: check it again as it is now
    with page.expect_download() as started:
        download_link.click()
    path = started.value.path()
    assert path is not None
    assert Path(path).read_bytes()[:5] == b"%PDF-", "the download is not a PDF"


@pytest.mark.browser
def test_refer_a_person_and_receive_the_referral(open_journey: Open, lang: str) -> None:
    """Sign in, open a case, assess risks, record consent, refer; the NGO accepts; dossier."""
    sender = open_journey(f"caseworker/{lang}")
    sender.sign_in("caseworker@nl-shelter.demo")
    sender.switch_language(lang)
    case_id = _open_case(sender)
    _assess_risks(sender)
    _record_consent(sender)
    referral_id = _send_referral(sender, case_id)

    receiver = open_journey(f"intake/{lang}")
    receiver.sign_in("intake@ng-ngo.demo")
    receiver.switch_language(lang)
    accepted_by = _receive_and_accept(receiver, referral_id)
    _download_dossier(receiver)

    # Back at the shelter, the case page leads to the accepted referral.
    sender.goto(f"/cases/{case_id}")
    sender.follow(sender.page.locator(f"#h-referrals ~ ul a[href='/referrals/{referral_id}']"))
    assert sender.page.locator("input[name=action][value=accept]").count() == 0
    assert sender.page.locator("main dl.summary-list").filter(has_text=accepted_by).count() == 1
    assert_clean(sender, receiver)


@pytest.mark.browser
def test_record_an_amount_on_a_claim(open_journey: Open, lang: str) -> None:
    """The lawyer records an amount claimed; it shows on the claim page in their language."""
    lawyer = open_journey(f"lawyer/{lang}")
    page = lawyer.page
    lawyer.sign_in("lawyer@nl-law.demo")
    lawyer.switch_language(lang)
    lawyer.nav("/claims")
    lawyer.follow(page.locator("main table a[href^='/claims/']"))
    claim_path = lawyer.path
    lawyer.follow(page.locator("main a[href$='/ledger/new']"))
    form = page.locator("main form")
    lawyer.submit_expecting_error(form.locator("button[type=submit]"))
    amount = "123.45" if lang == "en" else "234.56"
    form.locator("[name=kind]").select_option("claimed")
    form.locator("[name=amount]").fill(amount)
    form.locator("[name=currency]").select_option("EUR")
    form.locator("[name=head]").select_option("material")
    form.locator("[name=occurred_on]").fill(_now().date().isoformat())
    form.locator("[name=reference]").fill(f"journey-{lang}")
    lawyer.follow(form.locator("button[type=submit]"))
    assert lawyer.path == claim_path
    shown = format_currency(float(amount), "EUR", locale=lang)
    row = page.locator("#h-ledger ~ table tbody tr").filter(has_text=f"journey-{lang}")
    assert row.count() == 1, "the new entry is not in the ledger"
    assert shown in (row.text_content() or ""), f"{shown!r} not in {row.text_content()!r}"
    assert_clean(lawyer)


@pytest.mark.browser
def test_plan_a_hearing_session(open_journey: Open, lang: str, server: Server) -> None:
    """The caseworker plans another session of the demo's remote hearing, weeks ahead."""
    worker = open_journey(f"caseworker-hearing/{lang}")
    page = worker.page
    worker.sign_in("caseworker@nl-shelter.demo")
    worker.switch_language(lang)
    worker.nav("/cases")
    worker.follow(page.locator("main table a").filter(has_text=server.hearing_case_code))
    worker.follow(page.locator("main a[href$='/testimony']"))
    worker.follow(page.locator("#h-requests ~ ul a[href^='/testimonies/']"))
    sessions_before = page.locator("article.session").count()
    worker.follow(page.locator("main a[href$='/sessions/new']"))
    form = page.locator("main form")
    form.locator("[name=time_zone]").select_option("Europe/Amsterdam")
    worker.submit_expecting_error(form.locator("button[type=submit]"))
    weeks = 5 if lang == "en" else 6
    starts = (_now() + timedelta(weeks=weeks)).date().isoformat() + "T10:00"
    form.locator("[name=starts_local]").fill(starts)
    form.locator("[name=time_zone]").select_option("Europe/Amsterdam")
    form.locator("[name=duration_minutes]").fill("90")
    lagos = form.locator("[name=venue] option").filter(has_text="NGO office, Lagos (demo)")
    form.locator("[name=venue]").select_option(lagos.get_attribute("value") or "")
    worker.follow(form.locator("button[type=submit]"))
    assert worker.path.startswith("/testimonies/")
    assert page.locator("article.session").count() == sessions_before + 1
    assert_clean(worker)


@pytest.mark.browser
def test_erase_a_case_for_good(open_journey: Open, lang: str) -> None:
    """A coordinator erases a case at the person's request: the page explains, a wrong code is
    refused with the choices kept, the right one erases, and the case is gone for good."""
    coordinator = open_journey(f"erasure/{lang}")
    page = coordinator.page
    coordinator.sign_in("coordinator@nl-shelter.demo")
    coordinator.switch_language(lang)
    case_id = _open_case(coordinator)
    coordinator.follow(page.locator(f"main a[href='/cases/{case_id}/erase']"))
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", page.locator("h1").inner_text()).group(0)
    form = page.locator("main form")
    form.locator("[name=reason]").select_option("person_request")
    form.locator("[name=case_code]").fill("NOT-" + code)
    coordinator.submit_expecting_error(form.locator("button[type=submit]"))
    assert form.locator("[name=reason]").input_value() == "person_request", "the choice was lost"
    form.locator("[name=case_code]").fill(code)
    if form.locator("[name=code]").count():  # the sign-in's two-step code is older than 5 min
        form.locator("[name=code]").fill(
            coordinator.authenticator.code("coordinator@nl-shelter.demo")
        )
    coordinator.follow(form.locator("button[type=submit]"))
    assert coordinator.path == "/cases"
    assert code in page.locator("main [role=status], main .notice").first.inner_text()
    assert code not in page.locator("main table").inner_text(), "the erased case is still listed"
    gone = coordinator.goto(f"/cases/{case_id}")
    assert gone is not None
    assert gone.status == 404
    assert_clean(coordinator)
