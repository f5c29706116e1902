"""What a reader sees of a page, and the English source texts that must not appear in it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from babel import Locale
from babel.messages.pofile import read_po

from referral.i18n.check import TRANSLATIONS, cognates

RAW_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{[a-z_]+\}")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class Page(HTMLParser):
    """Links, and the text a person sees or hears (text nodes and labelling attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.texts: list[str] = []
        self.html_attrs: dict[str, str] = {}
        self.title = ""
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_attrs = values
        if tag in {"script", "style"}:
            self._hidden += 1
        self._in_title = tag == "title"
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self.texts += [v.strip() for k, v in values.items() if k in VISIBLE_ATTRIBUTES]
        if tag == "input" and values.get("type") in {"submit", "button"}:
            self.texts.append(values.get("value", "").strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def english_leaks(locale: str) -> set[str]:
    """Source messages this locale renders differently: seeing one verbatim means a leak."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    allowed = cognates(locale)
    # A source text that is also some message's translation (French "Dossier" for "Case") is fine.
    rendered = {
        text
        for m in catalogue
        for text in (m.string if isinstance(m.string, tuple) else [m.string])
    }
    return {
        message.id
        for message in catalogue
        if isinstance(message.id, str)
        and message.id
        and message.string
        and message.string != message.id
        and message.id not in allowed
        and message.id not in rendered
        and re.search(r"[a-z]{3,}", message.id)
        and not RAW_PLACEHOLDER.search(message.id)
    }


def page_problems(locale: str, leaks: set[str], status: int, text: str) -> list[str]:
    """Wrong status, lang or dir, a raw placeholder, or an English source text left in place."""
    page = Page()
    page.feed(text)
    found = [] if status == 200 else [f"status {status}"]
    expected = {"lang": locale.replace("_", "-"), "dir": Locale.parse(locale).text_direction}
    for name, value in expected.items():
        if page.html_attrs.get(name) != value:
            found.append(f"{name}={page.html_attrs.get(name)!r}")
    for node in page.texts:
        if RAW_PLACEHOLDER.search(node):
            found.append(f"raw placeholder in {node!r}")
        if node in leaks:
            found.append(f"English left in place: {node!r}")
    return found
