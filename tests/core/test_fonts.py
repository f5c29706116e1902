"""Bundled fonts are served to browsers that lack a script, cacheably, and nothing else is."""

from __future__ import annotations

import re

from referral.config import ROOT


def test_every_font_the_stylesheet_names_is_served_and_cacheable(app, web_for) -> None:
    css = (ROOT / "referral" / "static" / "css" / "app.css").read_text()
    names = re.findall(r'url\("\.\./\.\./fonts/([^"]+)"\)', css)
    assert {"NotoNaskhArabic-Regular.ttf", "NotoSansEthiopic-Regular.ttf"} <= set(names)
    browser = web_for("caseworker")  # signed in: pages are no-store, fonts stay cacheable
    for name in names:
        response = browser.get(f"/fonts/{name}")
        assert response.status_code == 200, name
        assert response.headers["Cache-Control"].startswith("public, max-age=31536000")
        assert response.data[:4] in {b"\x00\x01\x00\x00", b"OTTO"}
        response.close()


def test_only_bundled_fonts_are_reachable(app) -> None:
    client = app.test_client()
    for name in ("OFL.txt", "..%2FMANIFEST", "missing.ttf"):
        response = client.get(f"/fonts/{name}")
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
