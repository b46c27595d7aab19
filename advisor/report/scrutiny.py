"""The report's parts on scrutiny: the weights check in the summary and the appendix, and the
appendix's limitations and how the advice is checked, as template data (words from advisor/present)."""

from __future__ import annotations

from typing import Any

from ..decide.analysis import Analysis
from ..present.limits import Point, how_checked, limitations
from ..present.weights import method_lines, weights_words


def _points(points: list[Point]) -> list[dict[str, Any]]:
    return [{"text": p.text, "items": list(p.items)} for p in points]


def scrutiny_data(a: Analysis) -> dict[str, Any]:
    w = weights_words(a)
    return {
        "weights": {
            "depends": w.depends,
            "figure": w.figure,
            "title": w.title,
            "text": w.text,
            "rules": [{"rule": r.rule, "words": r.words, "share": r.share} for r in w.rules],
            "method": method_lines(),
        },
        "limitations": _points(limitations()),
        "checked": _points(how_checked()),
    }
