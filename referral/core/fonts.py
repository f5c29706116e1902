"""The bundled Noto fonts, served to browsers that lack a script's font (no CDN, ever).

The stylesheet names them last in its font stack with `unicode-range`, so a browser fetches one
only when a page holds characters of that script that no font on the device can draw. Fonts
carry no personal data: they may be cached for a year.
"""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from flask.typing import ResponseReturnValue

from referral.core.pdf import ASSETS, LATIN, SCRIPT_FONTS
from referral.core.policy import PUBLIC, policy, public

bp = Blueprint("fonts", __name__, url_prefix="/fonts")

SERVED = frozenset(
    name.removeprefix("fonts/")
    for font in (LATIN, *SCRIPT_FONTS)
    for name in (font.regular, font.bold)
    if name
)
ONE_YEAR = 365 * 24 * 3600


@bp.get("/<name>")
@policy(PUBLIC)
def font(name: str) -> ResponseReturnValue:
    """One bundled font file by name; nothing else in the folder is reachable."""
    public()
    if name not in SERVED:
        abort(404)
    response = send_from_directory(ASSETS / "fonts", name, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response
