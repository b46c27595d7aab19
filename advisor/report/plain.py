"""User text as the report prints it."""

from __future__ import annotations

import unicodedata


def clean(text: str) -> str:
    """User text as the report prints it: control characters removed, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")
