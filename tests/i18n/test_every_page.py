"""Every page a demo user can reach, in every shipped language: no English left behind.

The demo world is loaded, each demo role signs in and walks the site by its own links (a few
pages per endpoint and role); pages no link led to are then built from the ids met on the way.
Each page must answer 200 in the requested language with the right `lang` and `dir`, and show
no raw placeholder and no text that is an English source message the language translates.
"""

from __future__ import annotations

import itertools
from collections import Counter
from urllib.parse import urldefrag, urlsplit

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from referral.config import SHIPPED_LOCALES
from referral.core.time import now_utc
from referral.demo.data import DEMO_PASSWORD
from referral.extensions import db
from referral.identity.credentials import current_totp
from referral.identity.models import User
from tests.i18n.leaks import Page, english_leaks, page_problems
from tests.identity.fixtures import WebClient

ROLES = [
    "caseworker@nl-shelter.demo",
    "intake@ng-ngo.demo",
    "coordinator@ng-ngo.demo",
    "lawyer@nl-law.demo",
    "admin@platform.demo",
    "admin@nl-shelter.demo",
    "interpreter@nl-shelter.demo",
    "auditor@platform.demo",
]
SKIP_PREFIXES = ("/api/", "/static/", "/fonts/", "/logout")
PER_ENDPOINT = 1  # pages no link led to are filled in afterwards (gaps), from the ids met


def _sign_in(app, user: User, locale: str, clock) -> tuple[WebClient, list[tuple[str, int, str]]]:
    """Password, first-time TOTP enrolment, verification; returns the pages seen on the way."""
    browser = WebClient(app.test_client(use_cookies=True))
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = locale.replace("_", "-")
    response = browser.get("/login")
    pages = [("/login", response.status_code, response.get_data(as_text=True))]
    response = browser.post("/login", {"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    step = response.headers["Location"]
    response = browser.get(step)
    pages.append((step, response.status_code, response.get_data(as_text=True)))
    clock.advance(seconds=30)
    response = browser.post(step, {"code": current_totp(user.totp_secret, now_utc())})
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 200:  # enrolment shows the recovery codes once
        pages.append((step + " (done)", 200, response.get_data(as_text=True)))
    return browser, pages


def _match(app, path: str) -> tuple[str, dict] | None:
    try:
        return app.url_map.bind("localhost").match(path, method="GET")
    except Exception:  # noqa: BLE001 - not a route of ours (or not a GET one)
        return None


class _Walk:
    """Follows the site's own links as several people; remembers the ids it met on the way."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: Counter = Counter()
        self.ids: dict[str, list] = {}

    def fetch(self, browser: WebClient, url: str, role: str):
        matched = _match(self.app, urlsplit(url).path)
        if matched is None or self.seen[role, matched[0]] >= PER_ENDPOINT:
            return None
        response = browser.get(url, follow_redirects=True)
        if not response.content_type.startswith("text/html"):
            return None
        self.seen[role, matched[0]] += 1
        for name, value in matched[1].items():
            if value not in self.ids.setdefault(name, []):
                self.ids[name].append(value)
        return response.status_code, response.get_data(as_text=True)

    def links(self, browser: WebClient, role: str):
        """Yield (url, status, text) for pages reachable by links from the home page."""
        queue, visited = ["/"], set()
        while queue:
            url = queue.pop(0)
            if url in visited:
                continue
            visited.add(url)
            fetched = self.fetch(browser, url, role)
            if fetched is None:
                continue
            yield (url, *fetched)
            page = Page()
            page.feed(fetched[1])
            for href in page.links:
                target = urldefrag(href)[0]
                if urlsplit(target).netloc or not target.startswith("/"):
                    continue
                if not target.startswith(SKIP_PREFIXES):
                    queue.append(target)

    def unreached(self) -> list:
        reached = {endpoint for _, endpoint in self.seen}
        return [
            rule
            for rule in self.app.url_map.iter_rules()
            if "GET" in rule.methods
            and rule.endpoint not in reached
            and not rule.rule.startswith(SKIP_PREFIXES)
            and rule.endpoint != "static"
        ]

    def gaps(self, browsers: dict[str, WebClient]):
        """Pages no link led to (a state the demo's first objects lack): built from known ids,
        tried as each person until one may see it."""
        for rule in self.unreached():
            if not set(rule.arguments) <= self.ids.keys():
                continue
            for values in _combinations(rule.arguments, self.ids):
                url = rule.build(values, append_unknown=False)[1]
                fetched = next(
                    (
                        (role, got)
                        for role, browser in browsers.items()
                        if (got := self.fetch(browser, url, role)) and got[0] == 200
                    ),
                    None,
                )
                if fetched:
                    yield (url, *fetched[1])
                    break


def _combinations(names, ids: dict[str, list], limit: int = 6):
    pools = [ids[name] for name in sorted(names)]
    for combo in itertools.islice(itertools.product(*pools), limit):
        yield dict(zip(sorted(names), combo, strict=True))


# Pages that stay out of reach of the walk, and why.
NOT_HTML_OR_NEEDS_STATE = {
    "auth.login",  # checked before signing in
    "auth.verify",  # checked while signing in (enrolment for first-time demo users)
    "auth.recovery",  # only after choosing "use a recovery code"
    "auth.enrol",  # first sign-in only (checked while signing in)
}


@pytest.mark.parametrize("locale", [code for code in SHIPPED_LOCALES if code != "en"])
def test_every_page_in_every_language(app, clock, locale: str) -> None:
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    users = db.session.scalars(sa.select(User).where(User.email.in_(ROLES))).all()
    assert len(users) == len(ROLES)
    for user in users:
        user.locale = locale
    db.session.commit()
    leaks = english_leaks(locale)
    with force_locale(locale):
        assert gettext("Sign in") != "Sign in"
    problems: list[str] = []

    def check(who: str, url: str, status: int, text: str) -> None:
        problems.extend(f"{who} {url}: {p}" for p in page_problems(locale, leaks, status, text))

    walk, browsers, pages = _Walk(app), {}, 0
    for user in users:
        browser, on_the_way = _sign_in(app, user, locale, clock)
        browsers[user.email] = browser
        for url, status, text in [*on_the_way, *walk.links(browser, user.email)]:
            pages += 1
            check(user.email, url, status, text)
    for url, status, text in walk.gaps(browsers):
        pages += 1
        check("someone", url, status, text)
    assert problems == [], "\n".join(problems[:80])
    unreached = {rule.endpoint for rule in walk.unreached()} - NOT_HTML_OR_NEEDS_STATE
    assert unreached <= {"compensation.download", "dossiers.detail", "dossiers.download"}, unreached
    assert pages > 150, pages
