"""What each chart shows, computed once from an analysis. The plotly renderer (screen) and the
matplotlib renderer (PDF) only draw these values, so screen and report can never disagree."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from ..decide.analysis import Analysis
from ..decide.scorer import NO_FIT
from ..decide.tipping import WhatIfCell
from ..inputs.fields import INTEGER_FIELDS, NUMBER_FIELDS, SCORED, label, value_words
from ..inputs.money import USD, Currency, money
from ..rules.loader import Knowledge, knowledge

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
MODEL_COLOURS: Final = {
    "ites_bpo": "#0072B2",
    "eor": "#E69F00",
    "kpo": "#009E73",
    "gcc": "#CC79A7",
    "bot": "#D55E00",
    NO_FIT: "#B8B8B8",  # the outcome where every model is ruled out
}
EXCLUDED_COLOUR: Final = "#B8B8B8"


def short_name(model: str | None, k: Knowledge, location: str = "") -> str:
    """A model's short name as delivered at `location` (onshore ITES/BPO is domestic BPO), or "No fit"
    for the outcome where every model is ruled out."""
    if not model or model not in k.models:
        return "No fit"
    info = k.models[model]
    return info.onshore_short if location == "onshore" and info.onshore_short else info.short


BASELINE_COLOUR: Final = "#444444"


@dataclass(frozen=True)
class ScoreBar:
    model: str
    name: str
    score: float  # 0 for a model ruled out or set aside: it shows no score beside the others
    excluded: bool
    note: str
    colour: str
    status: str  # "", "ruled out" (a document) or "set aside" (a stated choice)

    @property
    def label(self) -> str:
        """What the bar says: its score, or why it has none."""
        return self.status or f"{self.score:.0f}"


def score_bars(a: Analysis, k: Knowledge | None = None) -> list[ScoreBar]:
    k = k or knowledge()
    reasons = {e.model: " ".join(e.reasons) for e in a.result.excluded}  # each reason is a sentence
    return [
        ScoreBar(
            r.model,
            short_name(r.model, k, a.result.delivery_location),
            r.score,
            r.excluded,
            f"{'Set aside' if r.set_aside else 'Ruled out'}: {reasons[r.model]}"
            if r.excluded
            else f"{r.points:+d} rule points",
            EXCLUDED_COLOUR if r.excluded else MODEL_COLOURS[r.model],
            ("set aside" if r.set_aside else "ruled out") if r.excluded else "",
        )
        for r in a.result.ranking
    ]


@dataclass(frozen=True)
class HeadToHead:
    winner: str
    runner_up: str
    factors: list[str]
    winner_points: list[int]
    runner_up_points: list[int]


def head_to_head(a: Analysis, k: Knowledge | None = None) -> HeadToHead | None:
    """Each answer's points for the winner and for the runner-up, biggest difference first."""
    k = k or knowledge()
    first, second = a.result.recommendation, a.result.runner_up
    if first is None or second is None:
        return None
    sums: dict[str, list[int]] = {}
    for c in a.result.contributions:
        if c.model in (first, second):
            sums.setdefault(c.factor, [0, 0])[c.model == second] += c.points
    order = sorted(sums, key=lambda f: -abs(sums[f][0] - sums[f][1]))
    return HeadToHead(
        short_name(first, k, a.result.delivery_location),
        short_name(second, k, a.result.delivery_location),
        [label(f) for f in order],
        [sums[f][0] for f in order],
        [sums[f][1] for f in order],
    )


@dataclass(frozen=True)
class FitMatrix:
    models: list[str]
    factors: list[str]
    points: list[list[int]]  # models x factors
    excluded: list[list[bool]]


def fit_matrix(a: Analysis, k: Knowledge | None = None) -> FitMatrix:
    """Points each answer gives each model (and where it rules the model out)."""
    k = k or knowledge()
    factors = [f for f in SCORED if any(c.factor == f for c in a.result.contributions)]
    models = list(k.scoring.model_order)
    points = [[0] * len(factors) for _ in models]
    excluded = [[False] * len(factors) for _ in models]
    for c in a.result.contributions:
        i, j = models.index(c.model), factors.index(c.factor)
        points[i][j] += c.points
        excluded[i][j] |= c.excludes
    return FitMatrix(
        [short_name(m, k, a.result.delivery_location) for m in models], [label(f) for f in factors], points, excluded
    )


@dataclass(frozen=True)
class WhatIfBox:
    label: str
    model: str
    current: bool


@dataclass(frozen=True)
class WhatIfLine:
    field: str
    label: str
    cells: list[WhatIfBox]


def _cell_label(field: str, cell: WhatIfCell, currency: Currency = USD) -> str:
    """A what-if cell's value, or its stretch of numbers, as short text."""
    if field not in NUMBER_FIELDS or cell.value is None:
        return value_words(field, cell.value)
    start = cell.value
    if field in INTEGER_FIELDS:
        if cell.until is None:
            return f"{int(start):,}+"
        end = math.ceil(cell.until) - 1
        return f"{int(start):,}" if end == int(start) else f"{int(start):,}–{end:,}"
    if currency.is_usd:  # the documents' own dollars: "≥ $2M"
        return f"≥ ${start / 1e6:g}M" if cell.until is None else f"< ${cell.until / 1e6:g}M"
    return f"≥ {money(start, currency, 'short')}" if cell.until is None else f"< {money(cell.until, currency, 'short')}"


def two_lines(text: str, longest: int = 10) -> list[str]:
    """A cell label broken at the space or hyphen nearest its middle when it is longer than `longest`."""
    if len(text) <= longest:
        return [text]
    cuts = [i for i, ch in enumerate(text) if ch in " -"]
    if not cuts:
        return [text]
    cut = min(cuts, key=lambda i: abs(i - len(text) / 2))
    return [text[: cut + (text[cut] == "-")].strip(), text[cut + 1 :].strip()]


def _merged(field: str, cells: list[WhatIfCell]) -> list[WhatIfCell]:
    """Neighbouring stretches of a number that put the same model first, as one stretch (the graded
    bands add thresholds where only the points, not the first model, change)."""
    if field not in NUMBER_FIELDS:
        return cells
    out: list[WhatIfCell] = []
    for cell in cells:
        last = out[-1] if out else None
        if last is not None and last.model == cell.model and last.value is not None and cell.value is not None:
            out[-1] = WhatIfCell(last.value, cell.until, last.model, last.current or cell.current)
        else:
            out.append(cell)
    return out


def what_if(a: Analysis) -> list[WhatIfLine]:
    """The analysis' what-if grid with labels: which model comes first at each value of each answer."""
    return [
        WhatIfLine(
            row.field,
            label(row.field),
            [
                WhatIfBox(_cell_label(row.field, c, a.currency), c.model, c.current)
                for c in _merged(row.field, row.cells)
            ],
        )
        for row in a.what_if
    ]


@dataclass(frozen=True)
class CostSeries:
    months: list[int]
    baseline: list[float]
    bands: dict[str, tuple[list[float], list[float]]]  # model name -> (low, high) cumulative
    colours: dict[str, str]


def cost_series(a: Analysis, k: Knowledge | None = None) -> CostSeries:
    """Cumulative cost of today's set-up and of the recommended model and the runner-up."""
    k = k or knowledge()
    shown = [m for m in (a.result.recommendation, a.result.runner_up) if m]
    return CostSeries(
        months=list(range(1, len(a.cost.baseline) + 1)),
        baseline=a.cost.baseline,
        bands={
            short_name(m, k, a.result.delivery_location): (
                a.cost.models[m].cumulative_low,
                a.cost.models[m].cumulative_high,
            )
            for m in shown
        },
        colours={short_name(m, k, a.result.delivery_location): MODEL_COLOURS[m] for m in shown},
    )


@dataclass(frozen=True)
class TimelineBar:
    model: str
    phase: str
    start: float
    low: float
    high: float
    steady: bool
    colour: str
    labelled: bool  # wide enough to carry its phase name


LABEL_SHARE: Final = 0.16  # a bar shorter than this share of the axis is too narrow for its label


def timeline_bars(a: Analysis, k: Knowledge | None = None) -> list[TimelineBar]:
    """Phases per model placed end to end on their low durations; the high end shows as a range."""
    k = k or knowledge()
    placed = []
    for model, phases in a.timelines.items():
        start = 0.0
        for p in phases:
            placed.append((model, p, start))
            start += p.months[0]
    span = max(start + p.months[1] for _, p, start in placed)
    return [
        TimelineBar(
            short_name(model, k, a.result.delivery_location),
            p.name,
            start,
            p.months[0],
            p.months[1],
            p.steady,
            MODEL_COLOURS[model],
            p.months[0] >= LABEL_SHARE * span,
        )
        for model, p, start in placed
    ]


@dataclass(frozen=True)
class ProbabilityBar:
    name: str
    probability: float
    colour: str


def probability_bars(a: Analysis, k: Knowledge | None = None) -> list[ProbabilityBar]:
    k = k or knowledge()
    if a.spread is None:
        return []
    return [ProbabilityBar(short_name(m, k), p, MODEL_COLOURS[m]) for m, p in a.spread.probabilities.items()]
