"""Rebuild pdf_templates/fonts from Debian's fonts-noto-core and fonts-noto-cjk packages.

The PDF renderer uses only these bundled files, so dossiers look the same on every machine.
Chinese is subset ahead of time to GB2312 (6,763 common characters) plus punctuation: the full
CJK collection (19 MB) made a one-page render about nine times slower.

    apt-get install fonts-noto-core fonts-noto-cjk && .venv/bin/python scripts/build_fonts.py
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "pdf_templates" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto")
COPY = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansEthiopic-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansThai-Bold.ttf",
    "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf",
    "NotoSansBengali-Regular.ttf",
]
SC_INDEX = 2  # "Noto Sans CJK SC" inside the collection


def gb2312_text() -> str:
    """Every character of GB2312, plus CJK and full-width punctuation."""
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars += [chr(c) for c in range(0x3000, 0x3040)] + [chr(c) for c in range(0xFF00, 0xFFF0)]
    return "".join(chars)


def subset_cjk(source: Path, target: Path) -> None:
    font = TTCollection(str(source)).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=gb2312_text() + "".join(chr(c) for c in range(0x20, 0x7F)))
    subsetter.subset(font)
    font.save(str(target))


def licence_text() -> str:
    raw = Path("/usr/share/doc/fonts-noto-core/copyright").read_text()
    block = raw.split("License: OFL-1.1\n PREAMBLE", 1)[1]
    block = block.split("\nLicense:", 1)[0]
    lines = [
        line[1:] if line.startswith(" ") else line for line in (" PREAMBLE" + block).splitlines()
    ]
    text = "\n".join("" if line == "." else line for line in lines)
    return (
        "Noto fonts: Copyright 2010-2020 Google Inc. and Google LLC.\n"
        "Licensed under the SIL Open Font License, Version 1.1.\n\n"
        + re.sub(r"\n{3,}", "\n\n", text)
    )


def main() -> None:
    FONTS.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        shutil.copyfile(NOTO / name, FONTS / name)
    subset_cjk(CJK / "NotoSansCJK-Regular.ttc", FONTS / "NotoSansSC-Regular-GB2312.otf")
    subset_cjk(CJK / "NotoSansCJK-Bold.ttc", FONTS / "NotoSansSC-Bold-GB2312.otf")
    (FONTS / "OFL.txt").write_text(licence_text())
    manifest = []
    for path in sorted(p for p in (ROOT / "pdf_templates").rglob("*") if p.is_file()):
        relative = path.relative_to(ROOT / "pdf_templates").as_posix()
        if relative in {"MANIFEST", "README.md"} or relative.endswith(".html"):
            continue
        manifest.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}")
    (ROOT / "pdf_templates" / "MANIFEST").write_text("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
