"""One person in one browser: navigation that audits every page it loads.

Every page load (including form pages re-rendered with errors) is checked with axe-core for
WCAG 2.0/2.1/2.2 A and AA rules; serious and critical violations are collected with the page
address and reported together at the end of the test. Any answer of 500 or more, and any
uncaught script error, is collected the same way.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
from playwright.sync_api import Browser, Locator, Page, Response

from referral.demo.data import demo_totp_secret

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
PASSWORD = "demo-Referral-2026"
TOTP_STEP = 30
TIMEOUT_MS = 20_000

log = logging.getLogger(__name__)

#: Runs axe and keeps only what the report needs.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

#: What axe only lists as "needs review": an id that a label, an ARIA reference or an in-page
#: link points at must exist exactly once, or the label names another control (or none), the
#: description is another field's and the error-summary link leads nowhere.
ID_REFERENCES = """() => {
  const refs = new Map();
  const add = (id, by) => { if (id && !refs.has(id)) refs.set(id, by); };
  document.querySelectorAll("label[for]").forEach((l) => add(l.htmlFor, "label[for]"));
  for (const attr of ["aria-labelledby", "aria-describedby", "aria-controls"]) {
    document.querySelectorAll(`[${attr}]`).forEach((el) =>
      el.getAttribute(attr).split(/\\s+/).forEach((id) => add(id, attr)));
  }
  document.querySelectorAll("a[href^='#']").forEach((a) =>
    add(decodeURIComponent(a.getAttribute("href").slice(1)), "a[href^=#]"));
  const problems = [];
  refs.forEach((by, id) => {
    const count = document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
    if (count !== 1) problems.push(`${by} -> #${id} matches ${count} elements`);
  });
  return problems;
}"""


@dataclass(frozen=True)
class Server:
    """The running app."""

    base_url: str
    #: Case code of the demo's NL -> NG case, which has the remote hearing.
    hearing_case_code: str
    log_path: Path


class Authenticator:
    """The demo users' authenticator app.

    A TOTP step is accepted once per user, so a second sign-in of the same person within one
    30-second step waits for the next code, as a person would.
    """

    def __init__(self) -> None:
        self._last_step: dict[str, int] = {}

    def code(self, email: str) -> str:
        while True:
            now = time.time()
            step = int(now) // TOTP_STEP
            if step > self._last_step.get(email, -1):
                break
            time.sleep(TOTP_STEP - now % TOTP_STEP + 0.1)
        self._last_step[email] = step
        return pyotp.TOTP(demo_totp_secret(email)).at(step * TOTP_STEP)


@dataclass
class Finding:
    """Something wrong on a page."""

    url: str
    what: str

    def __str__(self) -> str:
        return f"{self.what}\n      on {self.url}"


@dataclass(repr=False)
class Journey:
    """A browser context driven like a person would: it follows links and submits forms."""

    browser: Browser
    server: Server
    authenticator: Authenticator
    name: str
    findings: list[Finding] = field(default_factory=list)
    #: Addresses of every page load in the main frame, and how many of them were audited.
    loads: list[str] = field(default_factory=list)
    audited: int = 0
    #: The language the pages must be in from now on (after switching), or None.
    lang: str | None = None

    def __post_init__(self) -> None:
        self.context = self.browser.new_context(
            bypass_csp=True, accept_downloads=True, locale="en-GB"
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page: Page = self.context.new_page()
        self.page.on("response", self._on_response)
        self.page.on("framenavigated", self._on_navigated)
        self.page.on("pageerror", self._on_page_error)

    def __repr__(self) -> str:
        return f"<Journey {self.name} at {self.page.url}>"

    # --- bookkeeping ------------------------------------------------------------------------

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 500:
            self._found(response.url, f"HTTP {response.status} {request.method}")
        elif response.status >= 400 and not request.is_navigation_request():
            # A missing stylesheet or script breaks every page; forms answer 4xx on purpose.
            self._found(response.url, f"HTTP {response.status} for a {request.resource_type}")

    def _on_navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.loads.append(frame.url)

    def _on_page_error(self, error: Any) -> None:
        self._found(self.page.url, f"uncaught script error: {error}")

    def _found(self, url: str, what: str) -> None:
        finding = Finding(url, f"[{self.name}] {what}")
        log.warning("%s", finding)
        self.findings.append(finding)

    @property
    def path(self) -> str:
        """The current page's path (no host, no query)."""
        return urlsplit(self.page.url).path

    # --- checks on each page ----------------------------------------------------------------

    def audit(self) -> None:
        """axe on the page as it is now; also its language and direction once chosen."""
        page = self.page
        page.wait_for_load_state("load")
        if self.lang is not None:
            html = page.locator("html")
            expected = (self.lang.replace("_", "-"), "rtl" if self.lang in {"ar", "fa"} else "ltr")
            got = (html.get_attribute("lang"), html.get_attribute("dir"))
            if got != expected:
                self._found(page.url, f"<html lang dir> is {got}, expected {expected}")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        log.debug("axe on %s: %s", page.url, [(v["id"], v["impact"]) for v in violations])
        for violation in violations:
            if violation["impact"] in BLOCKING:
                targets = "; ".join(violation["targets"][:8])
                more = len(violation["targets"]) - 8
                self._found(
                    page.url,
                    f"axe {violation['id']} ({violation['impact']}): {violation['help']}\n"
                    f"      targets: {targets}{f' (+{more} more)' if more > 0 else ''}",
                )
        for problem in page.evaluate(ID_REFERENCES):
            self._found(page.url, f"id reference: {problem}")
        self.audited = len(self.loads)

    # --- navigation -------------------------------------------------------------------------

    def goto(self, path: str) -> Response | None:
        """Type an address (an entry point the person knows)."""
        response = self.page.goto(self.server.base_url + path)
        self.audit()
        return response

    def follow(self, target: Locator) -> Response | None:
        """Click a link or a submit button, wait for the next page and audit it."""
        target.first.wait_for(state="visible")
        with self.page.expect_navigation() as navigation:
            target.first.click()
        self.audit()
        return navigation.value

    def submit_expecting_error(self, button: Locator) -> None:
        """Submit a form the person has not finished: the same form comes back, explained."""
        response = self.follow(button)
        status = response.status if response else None
        assert status in (409, 422), f"expected the form again with messages, got {status}"
        assert self.page.locator(".error-summary, .field-error").count() > 0, self.page.url

    def reload(self) -> None:
        self.page.reload()
        self.audit()

    # --- sign-in and language ---------------------------------------------------------------

    def sign_in(self, email: str) -> None:
        """Password, then the authenticator code; a first sign-in enrols the app."""
        page = self.page
        self.goto("/login")
        page.fill("#field-email", email)
        page.fill("#field-password", PASSWORD)
        self.follow(page.locator("main button[type=submit]"))
        if self.path == "/login/enrol":
            shown = page.locator(".secret code").inner_text().replace(" ", "")
            assert shown == demo_totp_secret(email), "the enrolment page shows another key"
            page.fill("#field-code", self.authenticator.code(email))
            self.follow(page.locator("main button[type=submit]"))
            assert page.locator("ol.recovery-codes li").count() == 10, "no recovery codes shown"
            self.follow(page.locator("main a.button"))
        else:
            assert self.path == "/login/verify", f"unexpected page after the password: {page.url}"
            page.fill("#field-code", self.authenticator.code(email))
            self.follow(page.locator("main button[type=submit]"))
        assert not self.path.startswith("/login"), f"still signing in at {page.url}"
        assert page.locator("form.language-switcher").count() == 1

    def switch_language(self, lang: str) -> None:
        """The language switcher in the header; the choice is kept on the account."""
        self.page.select_option("#language-select", lang)
        self.lang = lang
        self.follow(self.page.locator("form.language-switcher button[type=submit]"))
        assert self.page.locator("html").get_attribute("lang") == lang.replace("_", "-")
        if lang in {"ar", "fa"}:
            assert self.page.locator("html").get_attribute("dir") == "rtl"

    def nav(self, path: str) -> None:
        """Follow a link of the main navigation."""
        self.follow(self.page.locator(f"nav.site-nav a[href='{path}']"))

    # --- the end ----------------------------------------------------------------------------

    def report(self) -> list[str]:
        """Each distinct problem once, with the pages it was on; and pages never audited."""
        pages: dict[str, list[str]] = {}
        for finding in self.findings:
            seen = pages.setdefault(finding.what, [])
            if finding.url not in seen:
                seen.append(finding.url)
        lines = [f"{what}\n      on {', '.join(urls)}" for what, urls in pages.items()]
        if self.audited < len(self.loads):
            missed = ", ".join(self.loads[self.audited :])
            lines.append(f"[{self.name}] pages loaded after the last audit: {missed}")
        return lines

    def close(self) -> None:
        self.context.close()


def assert_clean(*journeys: Journey) -> None:
    """Fail with one readable list of every accessibility violation and server error."""
    lines = [line for journey in journeys for line in journey.report()]
    if not lines:
        return
    message = "\n".join(f"  - {line}" for line in lines)
    if any(" HTTP 5" in line for line in lines):
        message += "\n\nServer log (tail):\n" + journeys[0].server.log_path.read_text()[-6000:]
    raise AssertionError(f"{len(lines)} problem(s) found in the browser:\n{message}")
