"""Hostile free text cannot make the renderer fetch anything: zero hits, no extra attachments."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from referral.core.pdf import RenderRequest, UnsafeFetch, render_pdf
from referral.dossiers import operations
from referral.dossiers.enums import DossierStatus
from referral.extensions import db
from tests.referrals.fixtures import give_consent, submitted_referral


class Canary(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 -- shared by the server threads on purpose

    def do_GET(self) -> None:
        Canary.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def canary_url():
    Canary.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def vectors(url: str) -> list[str]:
    return [
        "<img src=file:///etc/passwd>",
        f"<img src={url}/img>",
        f"<link rel=attachment href={url}/attach>",
        f"<link rel=stylesheet href={url}/sheet>",
        f"<style>@import url({url}/import);</style>",
        f"<style>@import '{url}/import2';</style>",
        f'<div style="background:url({url}/bg)">x</div>',
        f"<style>@font-face{{font-family:x;src:url({url}/font)}}</style>",
        f"</bdi><img src='{url}/escape'>",
        f"<iframe src={url}/iframe></iframe>",
        f"<object data={url}/object></object>",
        f"<embed src={url}/embed>",
        f'<svg><image href="{url}/svgimage"/></svg>',
        f'<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="{url}/use#a"/></svg>',
        f"<script src={url}/script></script>",
        f"<base href={url}/base/><img src=relative.png>",
        f'<meta http-equiv="refresh" content="0;url={url}/refresh">',
        "<img src=asset:../referral/config.py>",
        "<style>body{background:url(asset:../../etc/passwd)}</style>",
        f"<img src={url}/redirect>",
        f"<video poster={url}/poster></video>",
        f"<audio src={url}/audio></audio>",
        f"<input type=image src={url}/input>",
        f"<table background={url}/table><tr><td>x</td></tr></table>",
        f"<img srcset='{url}/srcset 1x'>",
        f'<div style="background-image:image-set(url({url}/imageset) 1x)">x</div>',
        "ftp://127.0.0.1/x <img src=ftp://127.0.0.1/ftp>",
        "<img src=\\\\127.0.0.1\\share\\x.png>",
        f"<a href={url}/link>click</a>",
        "{{ config }} {% for x in range(3) %}{{ x }}{% endfor %} %(name)s",
        "javascript:alert(1) <img src=javascript:alert(1)>",
        f"<math><mi xlink:href='{url}/math'>x</mi></math>",
    ]


def test_inv_26_thirty_vectors_through_every_free_text_field(world, canary_url) -> None:
    hostile = " ".join(vectors(canary_url))
    assert len(vectors(canary_url)) >= 30
    world["ng"].name = "NG NGO " + hostile[:180]
    world["service"].name = "Service " + hostile[:150]
    db.session.commit()
    package = ["demographics", "risk", "support", "health"]
    give_consent(world["caseworker"], world["case"], world["ng"], package)
    from datetime import timedelta

    from referral.cases import operations as case_ops
    from referral.core.time import now_utc

    case_ops.add_risk_assessment(
        world["caseworker"],
        world["case"],
        {
            "method": "interview",
            "level_victim": "high",
            "level_family": "low",
            "level_staff": "low",
            "victim_views": hostile,
            "safety_plan": hostile,
            "next_review_on": (now_utc() + timedelta(days=3)).date(),
        },
    )
    world["case"].special_needs = hostile
    db.session.commit()
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], package)
    referral.details = hostile
    db.session.commit()
    dossier = operations.request_dossier(world["officer"], referral)
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.ready, dossier.error_code
    pdf = operations.download(world["officer"], dossier)
    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == ["referral-package.json"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "file:///etc/passwd" in text  # shown as text, never fetched
    assert Canary.hits == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x", "ftp://127.0.0.1/x"])
def test_any_non_asset_url_in_a_template_aborts_the_render(url) -> None:
    html = f"<html><body><img src='{url}'></body></html>"
    with pytest.raises(UnsafeFetch):
        render_pdf(RenderRequest(html=html, text_for_fonts=html))


def test_an_altered_asset_is_refused(monkeypatch) -> None:
    from referral.core import pdf

    monkeypatch.setattr(pdf, "manifest", lambda: {"fonts/NotoSans-Regular.ttf": "0" * 64})
    pdf.read_asset.cache_clear()
    try:
        with pytest.raises(UnsafeFetch):
            pdf.read_asset("fonts/NotoSans-Regular.ttf")
    finally:
        pdf.read_asset.cache_clear()


def test_a_render_that_runs_too_long_is_killed_and_the_next_one_works() -> None:
    from referral.core.pdf import RenderFailed

    html = "<html><body>" + "<p>long text</p>" * 3000 + "</body></html>"
    with pytest.raises(RenderFailed):
        render_pdf(RenderRequest(html=html, text_for_fonts=html), timeout=0.01)
    small = "<html><body><p>ok</p></body></html>"
    assert render_pdf(RenderRequest(html=small, text_for_fonts=small)).startswith(b"%PDF-")


def test_the_memory_limit_stops_a_runaway_render() -> None:
    from referral.core.pdf import RenderFailed

    html = "<html><body>" + "<p>x</p>" * 20000 + "</body></html>"
    with pytest.raises(RenderFailed):
        render_pdf(RenderRequest(html=html, text_for_fonts=html, memory_mb=64))
