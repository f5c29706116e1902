"""The one place that calls WeasyPrint: locked-down fetching, bundled fonts, PDF/A-3b, limits.

- Only `asset:` names listed in pdf_templates/MANIFEST (SHA-256 checked) and `data:` URLs can be
  fetched. Anything else - file:, http(s):, redirects - aborts the render.
- Fonts are bundled; a script's font is declared only when the text needs it, so a large CJK
  font is parsed only for documents that contain Chinese.
- Renders run in long-lived child processes with an address-space limit and a timeout, at most
  `PDF_CONCURRENCY` at a time; callers beyond that wait, then get `RendererBusy`. A timed-out or
  crashed renderer is killed and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import resource
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from referral.config import ROOT

ASSETS = ROOT / "pdf_templates"
ASSET_SCHEME = "asset:"
MEDIA_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class UnsafeFetch(FatalURLFetchingError):
    """The document tried to load something that is not a bundled asset."""


class RendererBusy(RuntimeError):
    """Every render slot stayed taken for the whole wait."""


class RenderFailed(RuntimeError):
    """The child process crashed, ran out of memory or time."""


@functools.cache
def manifest() -> dict[str, str]:
    """Bundled asset name -> SHA-256."""
    entries = {}
    for line in (ASSETS / "MANIFEST").read_text().splitlines():
        digest, _, name = line.partition("  ")
        if name:
            entries[name] = digest
    return entries


@functools.cache
def read_asset(name: str) -> bytes:
    """A bundled asset's bytes, refused when unlisted or altered."""
    expected = manifest().get(name)
    if expected is None or ".." in name:
        raise UnsafeFetch(f"not a bundled asset: {name}")
    data = (ASSETS / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != expected:
        raise UnsafeFetch(f"asset changed since MANIFEST was written: {name}")
    return data


class SafeFetcher(URLFetcher):
    """Serves bundled assets and data: URLs; every other URL aborts the render."""

    def __init__(self) -> None:
        super().__init__(
            allowed_protocols=["asset", "data"], allow_redirects=False, fail_on_errors=True
        )
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(ASSET_SCHEME):
            name = url.removeprefix(ASSET_SCHEME)
            body = read_asset(name)
            media_type = MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
            return URLFetcherResponse(url, body, {"Content-Type": media_type})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        self.refused.append(url)
        raise UnsafeFetch("refused to fetch a non-bundled URL")


@dataclass(frozen=True)
class ScriptFont:
    """A bundled font family for one script, with the code points that need it."""

    family: str
    regular: str
    bold: str | None
    ranges: tuple[tuple[int, int], ...]


LATIN = ScriptFont(
    "Noto Sans", "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf", ((0, 0x24F),)
)
SCRIPT_FONTS = (
    ScriptFont(
        "Noto Naskh Arabic",
        "fonts/NotoNaskhArabic-Regular.ttf",
        "fonts/NotoNaskhArabic-Bold.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ScriptFont(
        "Noto Sans Ethiopic",
        "fonts/NotoSansEthiopic-Regular.ttf",
        "fonts/NotoSansEthiopic-Bold.ttf",
        ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
    ),
    ScriptFont(
        "Noto Sans Devanagari",
        "fonts/NotoSansDevanagari-Regular.ttf",
        "fonts/NotoSansDevanagari-Bold.ttf",
        ((0x0900, 0x097F),),
    ),
    ScriptFont(
        "Noto Sans Thai",
        "fonts/NotoSansThai-Regular.ttf",
        "fonts/NotoSansThai-Bold.ttf",
        ((0x0E00, 0x0E7F),),
    ),
    ScriptFont(
        "Noto Sans Armenian", "fonts/NotoSansArmenian-Regular.ttf", None, ((0x0530, 0x058F),)
    ),
    ScriptFont(
        "Noto Sans Georgian", "fonts/NotoSansGeorgian-Regular.ttf", None, ((0x10A0, 0x10FF),)
    ),
    ScriptFont("Noto Sans Bengali", "fonts/NotoSansBengali-Regular.ttf", None, ((0x0980, 0x09FF),)),
    ScriptFont(
        "Noto Sans SC",
        "fonts/NotoSansSC-Regular-GB2312.otf",
        "fonts/NotoSansSC-Bold-GB2312.otf",
        ((0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)),
    ),
)


def fonts_for(text: str) -> list[ScriptFont]:
    """Latin (always), plus the script fonts whose characters occur in `text`."""
    points = {ord(ch) for ch in text if ord(ch) > 0x24F}
    needed = [LATIN]
    for font in SCRIPT_FONTS:
        if any(low <= point <= high for point in points for low, high in font.ranges):
            needed.append(font)
    return needed


def font_css(fonts: Iterable[ScriptFont]) -> str:
    """@font-face rules and a font stack for the needed fonts only."""
    rules, families = [], []
    for font in fonts:
        families.append(f'"{font.family}"')
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; font-weight: normal; '
            f"src: url({ASSET_SCHEME}{font.regular}); }}"
        )
        if font.bold:
            rules.append(
                f'@font-face {{ font-family: "{font.family}"; font-weight: bold; '
                f"src: url({ASSET_SCHEME}{font.bold}); }}"
            )
    rules.append("html { font-family: " + ", ".join(families) + "; }")
    return "\n".join(rules)


@dataclass
class PdfAttachment:
    """A file embedded in the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"


@dataclass
class RenderRequest:
    """Everything a render needs; plain values only, so it can cross into the child process."""

    html: str
    text_for_fonts: str
    attachments: list[PdfAttachment] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    memory_mb: int = 1024


def _render(request: RenderRequest) -> bytes:
    fetcher = SafeFetcher()
    # @font-face rules take effect only through a FontConfiguration given to both the
    # stylesheet and write_pdf; without it WeasyPrint silently falls back to system fonts.
    fonts = FontConfiguration()
    stylesheets = [
        CSS(
            string=font_css(fonts_for(request.text_for_fonts)),
            url_fetcher=fetcher,
            font_config=fonts,
        )
    ]
    stylesheets += [
        CSS(string=sheet, url_fetcher=fetcher, font_config=fonts) for sheet in request.stylesheets
    ]
    attachments = [
        Attachment(
            string=item.data,
            name=item.name,
            description=item.description,
            relationship=item.relationship,
            url_fetcher=fetcher,
        )
        for item in request.attachments
    ]
    document = HTML(string=request.html, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        attachments=attachments,
        pdf_variant="pdf/a-3b",
        uncompressed_pdf=False,
    )


def _limit_memory(memory_mb: int) -> None:
    """Allow `memory_mb` of address space on top of what the forked process already maps."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    limit = mapped + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(request: RenderRequest) -> tuple[str, Any]:
    """Runs in a pool process: the result, or what went wrong (never a traceback)."""
    try:
        return "ok", _render(request)
    except UnsafeFetch as exc:
        return "unsafe", str(exc)
    except BaseException as exc:  # noqa: BLE001 -- reported to the parent, never swallowed there
        return "error", type(exc).__name__


_pool: ProcessPoolExecutor | None = None
_pool_key: tuple[int, int] | None = None
_pool_lock = threading.Lock()


def _context() -> multiprocessing.context.BaseContext:
    """Render processes start from a clean fork server, never from the (threaded) web process.

    Forking the web or worker process itself crashed Fontconfig now and then in the child.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["referral.core.pdf"])
    return context


def _renderers(size: int, memory_mb: int) -> ProcessPoolExecutor:
    """Long-lived render processes (warm font caches), each with an address-space limit."""
    global _pool, _pool_key
    with _pool_lock:
        if _pool is None or _pool_key != (size, memory_mb):
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                max_workers=size,
                mp_context=_context(),
                initializer=_limit_memory,
                initargs=(memory_mb,),
            )
            _pool_key = (size, memory_mb)
        return _pool


def _discard_renderers() -> None:
    """After a timeout or crash: kill the render processes; the next render starts new ones."""
    global _pool, _pool_key
    with _pool_lock:
        if _pool is not None:
            for process in list(getattr(_pool, "_processes", {}).values()):
                process.kill()
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool, _pool_key = None, None


_slots: threading.BoundedSemaphore | None = None
_slots_size = 0
_slots_lock = threading.Lock()


def _semaphore(size: int) -> threading.BoundedSemaphore:
    global _slots, _slots_size
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def render_pdf(
    request: RenderRequest,
    *,
    timeout: float = 60,
    concurrency: int = 1,
    wait: float = 30,
    isolate: bool = True,
) -> bytes:
    """Render in a child process (or in-process when `isolate` is False, for benchmarks)."""
    slots = _semaphore(concurrency)
    if not slots.acquire(timeout=wait):
        raise RendererBusy("all render slots are busy")
    try:
        if not isolate:
            return _render(request)
        future = _renderers(concurrency, request.memory_mb).submit(_child, request)
        try:
            status, payload = future.result(timeout=timeout)
        except FutureTimeout as exc:
            _discard_renderers()
            raise RenderFailed("render timed out") from exc
        except BrokenProcessPool as exc:
            _discard_renderers()
            raise RenderFailed("the renderer stopped") from exc
        if status == "unsafe":
            raise UnsafeFetch(payload)
        if status != "ok":
            raise RenderFailed(payload)
        return payload
    finally:
        slots.release()
