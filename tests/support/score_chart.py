"""The result's score bars as a page test reads them (advisor/ui/charts.py score_chart draws them as HTML)."""

from __future__ import annotations

import html
import re
from typing import Any


def score_chart(at: Any) -> tuple[list[tuple[str, str]], list[float]]:
    """From an AppTest: each bar's name and label (its score, or "ruled out" / "set aside"), and the scores."""
    body = next(el.proto.body for el in at.get("html") if 'class="score-chart"' in el.proto.body)
    names = [re.sub("<.*?>", "", n) for n in re.findall(r'<span class="score-name">(.*?)</span>', body)]
    labels = re.findall(r'<span class="score-value">(.*?)</span>', body)
    scores = re.search(r'data-scores="([^"]*)"', body)
    assert scores is not None
    bars = [(html.unescape(n), html.unescape(v)) for n, v in zip(names, labels)]
    return bars, [float(x) for x in scores.group(1).split(",")]
