"""`referral translations check`: every shipped catalogue complete, current and compiled."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from referral.config import ROOT

TRANSLATIONS = ROOT / "translations"
BABEL_CFG = TRANSLATIONS / "babel.cfg"
COGNATES = TRANSLATIONS / "cognates.json"

_PERCENT = re.compile(r"%\((\w+)\)[sdif]")
_BRACES = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")
_MARKUP = re.compile(r"</?([a-z][a-z0-9]*)\b")
_WORD = re.compile(r"[a-z]{3,}")


def placeholders(text: str) -> tuple[list[str], list[str], list[str]]:
    """Named %-placeholders, brace placeholders and HTML tags, sorted, for comparison."""
    return (
        sorted(_PERCENT.findall(text)),
        sorted(_BRACES.findall(text)),
        sorted(_MARKUP.findall(text)),
    )


@dataclass
class Report:
    """Problems found, per locale."""

    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, locale: str, message: str) -> None:
        self.problems.setdefault(locale, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.problems


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    from babel.messages.frontend import parse_mapping_cfg

    with BABEL_CFG.open() as handle:
        return parse_mapping_cfg(handle)


def extracted_ids(root: Path = ROOT) -> set[str]:
    """Message ids found in the sources right now."""
    method_map, options_map = _method_map()
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "_l": None,
        "lazy_gettext": None,
        "_n": (1, 2),
        "_p": ((1, "c"), 2),
        "pgettext": ((1, "c"), 2),
    }
    ids: set[str] = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple | list) else message
        ids.add(f"{context}\x04{msgid}" if context else msgid)
    return ids


def _key(message: object) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    return f"{context}\x04{msgid}" if context else msgid


def _load_po(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def cognates(locale: str) -> set[str]:
    """Messages a locale deliberately leaves as in English (true cognates, names, acronyms)."""
    if not COGNATES.exists():
        return set()
    return set(json.loads(COGNATES.read_text(encoding="utf-8")).get(locale, []))


def _same_as_english(message: object, texts: list[str], allowed: set[str]) -> bool:
    msgid = message.id if isinstance(message.id, str) else None  # type: ignore[attr-defined]
    if msgid is None or msgid in allowed:
        return False
    return texts == [msgid] and bool(_WORD.search(msgid))


def check_catalogue(locale: str, template: Catalog, report: Report) -> None:
    """Missing, empty, fuzzy, left in English, placeholder drift, stale compiled file."""
    po_path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        report.add(locale, "no messages.po")
        return
    catalog = _load_po(po_path, locale)
    if catalog.fuzzy:
        report.add(locale, "the catalogue header is marked fuzzy, so it would not be compiled")
    wanted = {_key(m) for m in template if m.id}
    present = {_key(m): m for m in catalog if m.id}
    allowed = cognates(locale)
    for key in sorted(wanted - present.keys()):
        report.add(locale, f"missing: {key!r}")
    for key, message in present.items():
        if key not in wanted:
            continue
        texts = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy:
            report.add(locale, f"fuzzy: {key!r}")
        if not all(texts):
            report.add(locale, f"untranslated: {key!r}")
            continue
        if _same_as_english(message, list(texts), allowed):
            report.add(locale, f"same as English (translate, or add to cognates.json): {key!r}")
        ids = message.id if isinstance(message.id, tuple | list) else [message.id]
        expected = placeholders(ids[-1])
        for text in texts:
            if placeholders(text) != expected and not _plural_count_only(ids, text):
                report.add(locale, f"placeholders differ: {key!r}")
                break
    if not mo_path.exists():
        report.add(locale, "messages.mo is missing: run `make translations`")
        return
    with mo_path.open("rb") as handle:
        compiled = read_mo(handle)
    compiled_strings = {_key(m): _as_tuple(m.string) for m in compiled if m.id}
    for key, message in present.items():
        stale = compiled_strings.get(key) != _as_tuple(message.string)
        if key in wanted and not message.fuzzy and stale:
            report.add(locale, "messages.mo is out of date: run `make translations`")
            break


def _as_tuple(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (str(value),)


def _plural_count_only(ids: Iterable[str], text: str) -> bool:
    """Plural forms may drop the count for the singular (e.g. 'one file')."""
    ids = list(ids)
    if len(ids) < 2:
        return False
    wanted = placeholders(ids[-1])
    got = placeholders(text)
    return got[1:] == wanted[1:] and set(got[0]) <= set(wanted[0])


def check_translations(locales: Iterable[str]) -> Report:
    """Check the template is current and every non-source locale is complete."""
    report = Report()
    pot_path = TRANSLATIONS / "messages.pot"
    with pot_path.open("rb") as handle:
        template = read_po(handle)
    in_sources = extracted_ids()
    in_template = {_key(m) for m in template if m.id}
    for key in sorted(in_sources - in_template):
        report.add("messages.pot", f"not extracted: {key!r} (run `make translations`)")
    for key in sorted(in_template - in_sources):
        report.add("messages.pot", f"stale: {key!r} (run `make translations`)")
    for locale in locales:
        if locale != "en":
            check_catalogue(locale, template, report)
    return report


def compile_catalogue(po_path: Path) -> None:
    """Compile one .po into its .mo (used by `make translations`)."""
    from babel.messages.mofile import write_mo

    catalog = _load_po(po_path, po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    po_path.with_suffix(".mo").write_bytes(buffer.getvalue())
