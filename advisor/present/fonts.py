"""Which font draws Chinese, Japanese and Korean in the PDF, and what the screen and the PDF say when there
is none. The report (typst) gets DejaVu for every other script; for CJK it takes, in this order, Debian's
fonts-wqy-microhei or fonts-noto-cjk (deploy/Dockerfile and .ci/run install the first), else the same
WenQuanYi Micro Hei file from the pip package paperang-p2-fonts-cjk (a dependency, so the README's pip-only
set-up has it too), used only when its bytes are the known file."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
from pathlib import Path
from typing import Final

# Hangul Jamo; CJK radicals, punctuation, kana, Hangul compatibility jamo, ideographs; Hangul syllables;
# compatibility ideographs; full-width forms; the supplementary ideograph planes.
CJK_TEXT: Final = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
SYSTEM_CJK: Final = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian's fonts-wqy-microhei
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian's fonts-noto-cjk
)
PIP_CJK: Final = ("paperang-p2-fonts-cjk", "paperang_p2_fonts_cjk/fonts/wqy-microhei.ttc")
# WenQuanYi Micro Hei 0.2.0-beta, byte for byte the file of Debian's fonts-wqy-microhei 0.2.0-beta-3.1.
PIP_CJK_SHA256: Final = "2420e8078af796b19a3f6ef13de527a1a91c1e7171eea115926c614ced1009b3"

MISSING_NOTE: Final = (
    "Chinese, Japanese or Korean characters in this report print as empty boxes: no font for them was "
    "installed where it was made."
)


def needs_cjk(*texts: str) -> bool:
    return any(CJK_TEXT.search(t) for t in texts)


def _pip_font() -> Path | None:
    package, file = PIP_CJK
    try:
        path = Path(str(importlib.metadata.distribution(package).locate_file(file)))
    except importlib.metadata.PackageNotFoundError:
        return None
    return path if path.is_file() and _sha256(path) == PIP_CJK_SHA256 else None


@functools.cache
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cjk_font() -> Path | None:
    """The CJK font file the report uses, or None where there is none."""
    return next((p for p in SYSTEM_CJK if p.is_file()), None) or _pip_font()


def missing_font_warning(*texts: str) -> str | None:
    """What the screen says beside a PDF button when the text needs a CJK font that is not there."""
    if not needs_cjk(*texts) or cjk_font() is not None:
        return None
    return (
        "Your text has Chinese, Japanese or Korean characters, but this server has no font for them: in the "
        "PDF they will print as empty boxes, and its cover will say so. Whoever runs the server can fix it "
        "by installing the Python package paperang-p2-fonts-cjk (the README's set-up does) or Debian's "
        "fonts-wqy-microhei."
    )
