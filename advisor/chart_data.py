"""What each chart shows, computed once from an analysis. The plotly renderer (screen) and the
matplotlib renderer (PDF) only draw these values, so screen and report can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from .analysis import Analysis, default_scorer
from .answers import INTEGER_FIELDS, NUMBER_FIELDS, UNKNOWN_NUMBER_LABELS, enum_values
from .batch import columns, cut_points, scored_fields
from .costs import MONTHS
from .knowledge import Knowledge, knowledge
from .tipping import bounds

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
MODEL_COLOURS: Final = {"ites_bpo": "#0072B2", "eor": "#E69F00", "kpo": "#009E73", "gcc": "#CC79A7", "bot": "#D55E00"}
EXCLUDED_COLOUR: Final = "#B8B8B8"
BASELINE_COLOUR: Final = "#444444"

FIELD_LABELS: Final = {
    "headcount": "Headcount", "process_stability": "Process stability", "data_regulation": "Data regulation",
    "worker_control": "Control over workers", "ip_sensitivity": "IP sensitivity", "work_type": "Kind of work",
    "strategic": "Core or non-core", "ownership_goal": "Ownership goal", "setup_budget_usd": "Set-up budget",
    "months_to_start": "Months to start", "management_bandwidth": "Management bandwidth", "home_region": "Home region",
    "location_preference": "Location preference", "onshore_cost_per_fte_usd": "Cost per FTE today",
    "function": "Function", "regulations": "Regulations",
}


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def value_label(field: str, value: object) -> str:
    """An answer value in words, as charts and sentences show it."""
    if value is None:
        return UNKNOWN_NUMBER_LABELS.get(field, "none")
    if field in ("setup_budget_usd", "onshore_cost_per_fte_usd"):
        return f"${float(value):,.0f}" if float(value).is_integer() else f"just under ${round(float(value)):,.0f}"
    if isinstance(value, list):
        return ", ".join(v.upper().replace("_", "-") for v in value) or "none"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value).replace("_", " ")


@dataclass(frozen=True)
class ScoreBar:
    model: str
    name: str
    score: float
    excluded: bool
    note: str
    colour: str


def score_bars(a: Analysis, k: Knowledge | None = None) -> list[ScoreBar]:
    k = k or knowledge()
    reasons = {e.model: "; ".join(e.reasons) for e in a.result.excluded}
    return [
        ScoreBar(r.model, k.models[r.model].short, r.score, r.excluded,
                 f"Ruled out: {reasons[r.model]}" if r.excluded else f"{r.points:+d} points from the rules",
                 EXCLUDED_COLOUR if r.excluded else MODEL_COLOURS[r.model])
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
    if second is None:
        return None
    sums: dict[str, list[int]] = {}
    for c in a.result.contributions:
        if c.model in (first, second):
            sums.setdefault(c.factor, [0, 0])[c.model == second] += c.points
    order = sorted(sums, key=lambda f: -abs(sums[f][0] - sums[f][1]))
    return HeadToHead(k.models[first].short, k.models[second].short, [label(f) for f in order],
                      [sums[f][0] for f in order], [sums[f][1] for f in order])


@dataclass(frozen=True)
class FitMatrix:
    models: list[str]
    factors: list[str]
    points: list[list[int]]  # models x factors
    excluded: list[list[bool]]


def fit_matrix(a: Analysis, k: Knowledge | None = None) -> FitMatrix:
    """Points each answer gives each model (and where it rules the model out)."""
    k = k or knowledge()
    factors = [f for f in scored_fields() if any(c.factor == f for c in a.result.contributions)]
    models = list(k.scoring.model_order)
    points = [[0] * len(factors) for _ in models]
    excluded = [[False] * len(factors) for _ in models]
    for c in a.result.contributions:
        i, j = models.index(c.model), factors.index(c.factor)
        points[i][j] += c.points
        excluded[i][j] |= c.excludes
    return FitMatrix([k.models[m].short for m in models], [label(f) for f in factors], points, excluded)


@dataclass(frozen=True)
class WhatIfCell:
    label: str
    model: str
    current: bool


@dataclass(frozen=True)
class WhatIfRow:
    field: str
    label: str
    cells: list[WhatIfCell]


def _segments(field: str, k: Knowledge) -> tuple[list[float], list[str]]:
    """The first value of each stretch between rule thresholds, and a label for the stretch."""
    low, high = bounds(field)
    cuts = cut_points(field, k)
    starts = [float(low)] + cuts
    labels = []
    for i, start in enumerate(starts):
        last = i == len(cuts)
        if field in INTEGER_FIELDS:
            end = None if last else int(cuts[i]) - 1
            labels.append(f"{int(start):,}+" if end is None else (f"{int(start):,}" if end == int(start) else f"{int(start):,}–{end:,}"))
        else:
            labels.append(f"≥ ${start / 1e6:g}M" if last else f"< ${cuts[i] / 1e6:g}M")
    return starts, labels


def _number_row(field: str, current: float | None, k: Knowledge) -> tuple[np.ndarray, list[str], list[bool]]:
    starts, labels = _segments(field, k)
    values = list(starts)
    here = [current is not None and s <= current and (i + 1 == len(starts) or current < starts[i + 1]) for i, s in enumerate(starts)]
    if field in UNKNOWN_NUMBER_LABELS:
        values.append(np.nan)
        labels.append(UNKNOWN_NUMBER_LABELS[field])
        here.append(current is None)
    return np.array(values, dtype=np.float64), labels, here


def what_if(a: Analysis, k: Knowledge | None = None) -> list[WhatIfRow]:
    """For every answer that can change the result: which model wins at each of its values."""
    k = k or knowledge()
    scorer = default_scorer()
    rows = []
    for field in scored_fields():
        if field == "regulations":
            continue
        current = getattr(a.answers, field)
        if field in NUMBER_FIELDS:
            codes, labels, here = _number_row(field, current, k)
        else:
            options = enum_values(field)
            codes = np.arange(len(options), dtype=np.int64)
            labels = [value_label(field, v) for v in options]
            here = [v == current for v in options]
        if len(codes) < 2:
            continue
        cols = columns(a.answers, len(codes))
        cols[field] = codes
        models = [scorer.models[int(w)] for w in scorer.winners(cols)]
        if len(set(models)) > 1:
            rows.append(WhatIfRow(field, label(field), [WhatIfCell(t, m, c) for t, m, c in zip(labels, models, here)]))
    return rows


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
        months=list(range(1, MONTHS + 1)),
        baseline=a.cost.baseline,
        bands={k.models[m].short: (a.cost.models[m].cumulative_low, a.cost.models[m].cumulative_high) for m in shown},
        colours={k.models[m].short: MODEL_COLOURS[m] for m in shown},
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
    return [TimelineBar(k.models[model].short, p.name, start, p.months[0], p.months[1], p.steady, MODEL_COLOURS[model],
                        p.months[0] >= LABEL_SHARE * span) for model, p, start in placed]


@dataclass(frozen=True)
class ProbabilityBar:
    name: str
    probability: float
    colour: str


def probability_bars(a: Analysis, k: Knowledge | None = None) -> list[ProbabilityBar]:
    k = k or knowledge()
    if a.spread is None:
        return []
    return [ProbabilityBar(k.models[m].short, p, MODEL_COLOURS[m]) for m, p in a.spread.probabilities.items()]


def tipping_sentences(a: Analysis, k: Knowledge | None = None) -> list[str]:
    """Each tipping point as a plain sentence."""
    k = k or knowledge()
    now = k.models[a.result.recommendation].short
    out = []
    for t in a.tipping:
        before = value_label(t.field, getattr(a.answers, t.field))
        after = value_label(t.field, t.value)
        out.append(f"If {label(t.field).lower()} were {after} (now {before}), {k.models[t.recommendation].short} would come first instead of {now}.")
    return out
