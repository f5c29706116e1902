"""Uploaded files: checked by their content, never by their name or the browser's word.

Only PDF, PNG and JPEG are accepted (DESIGN.md §10). The file must also parse as what it
claims to be; the original name is kept (encrypted) for the owner but never used to serve it.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from referral.core.errors import ValidationProblem, field_error

#: media type -> file extension used when serving
ACCEPTED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
MAX_NAME = 200


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    media_type: str
    data: bytes

    @property
    def extension(self) -> str:
        return ACCEPTED[self.media_type]


def _name_problem(name: str) -> object | None:
    if not name.strip():
        return _l("The file has no name.")
    if len(name) > MAX_NAME:
        return _l("The file name is longer than %(num)s characters.", num=MAX_NAME)
    if any(ch in name for ch in "/\\") or any(unicodedata.category(ch)[0] == "C" for ch in name):
        return _l("The file name contains characters that are not allowed.")
    return None


def _parses(media_type: str, data: bytes) -> bool:
    """The whole file reads as its type (catches truncated and disguised files)."""
    try:
        if media_type == "application/pdf":
            from pypdf import PdfReader

            return len(PdfReader(io.BytesIO(data), strict=False).pages) > 0
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - any parser failure means "not a usable file"
        return False


def check_upload(filename: str | None, data: bytes, field: str = "file") -> CheckedUpload:
    """The checked file.  :raise ValidationProblem: naming `field`, storing nothing."""
    limit = int(current_app.config["UPLOAD_MAX_BYTES"])
    name = filename or ""
    problem = _name_problem(name) if (name or data) else _l("Choose a file to upload.")
    if problem is None and not data:
        problem = _l("The file is empty.")
    if problem is None and len(data) > limit:
        problem = _l("The file is larger than %(num)s MB.", num=limit // (1024 * 1024))
    media_type = None
    if problem is None:
        kind = filetype.guess(data[:8192])
        media_type = kind.mime if kind is not None else None
        if media_type not in ACCEPTED:
            problem = _l("Only PDF, PNG and JPEG files are accepted.")
        elif not _parses(media_type, data):
            problem = _l(
                "The file is damaged or not really a %(kind)s.", kind=ACCEPTED[media_type].upper()
            )
    if problem is not None or media_type is None:
        raise ValidationProblem(errors=[field_error(field, problem)])
    return CheckedUpload(name.strip(), media_type, data)
