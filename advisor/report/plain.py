"""User text as the report prints it."""

from __future__ import annotations

import unicodedata
from typing import Final

BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean(text: str) -> str:
    """User text as the report prints it: control and bidirectional-override characters removed
    (so no text is reversed or reordered), tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or (unicodedata.category(ch) != "Cc" and ch not in BIDI_CONTROLS))
