"""Each chart as words and a table: its text alternative, for whoever cannot see the chart (a screen reader,
a printout in black and white). Built from the same chart data as the chart (chart_data, scenarios,
portfolio, room), so the table can never say something the chart does not."""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.money import USD, Currency, money
from ..rules.loader import knowledge
from .chart_data import (
    CostSeries,
    FitMatrix,
    HeadToHead,
    ProbabilityBar,
    ScoreBar,
    TimelineBar,
    WhatIfLine,
    short_name,
)
from .portfolio import NO_FIT, ModelLine
from .room import HeatMap
from .scenarios import CostBar

COST_STEP = 6  # months between the rows of the cumulative cost table


@dataclass(frozen=True)
class ChartText:
    title: str  # what the chart is, as the expander holding the table names it
    sentence: str  # what it says, in one sentence
    columns: list[str]
    rows: list[list[str]]


def scores(bars: list[ScoreBar]) -> ChartText:
    shown = [b for b in bars if not b.excluded]
    parts = [f"{b.name} {b.label}" for b in shown]
    for status in ("ruled out", "set aside"):
        names = [b.name for b in bars if b.status == status]
        if names:
            parts.append(f"{status}: {', '.join(names)}")
    return ChartText(
        "Scores",
        f"Scores out of 100, highest first: {'; '.join(parts)}.",
        ["Model", "Score (0-100)", "Why"],
        [[b.name, b.label, b.note] for b in bars],
    )


def head_to_head(h: HeadToHead) -> ChartText:
    return ChartText(
        f"{h.winner} against {h.runner_up}",
        f"Rule points each answer gives {h.winner} and {h.runner_up}, the biggest difference first: "
        f"{sum(h.winner_points):+d} for {h.winner} and {sum(h.runner_up_points):+d} for {h.runner_up} in all.",
        ["Answer", h.winner, h.runner_up],
        [[f, f"{w:+d}", f"{r:+d}"] for f, w, r in zip(h.factors, h.winner_points, h.runner_up_points)],
    )


def what_if(lines: list[WhatIfLine]) -> ChartText:
    k = knowledge()
    return ChartText(
        "What would change the answer",
        "For each answer that matters, the model that comes first at each of its values; your answer now is marked.",
        ["Answer", "Value", "Comes first"],
        [
            [line.label, cell.label + (" (your answer)" if cell.current else ""), short_name(cell.model, k)]
            for line in lines
            for cell in line.cells
        ],
    )


def probabilities(bars: list[ProbabilityBar]) -> ChartText:
    ranked = sorted(bars, key=lambda b: -b.probability)
    return ChartText(
        "Chance of coming first",
        "Chance of each model coming first over the possible answers: "
        + "; ".join(f"{b.name} {b.probability:.0%}" for b in ranked)
        + ".",
        ["Model", "Chance of coming first"],
        [[b.name, f"{b.probability:.1%}"] for b in ranked],
    )


def cumulative_cost(series: CostSeries, currency: Currency = USD) -> ChartText:
    last = len(series.months) - 1
    picked = [i for i in range(last + 1) if series.months[i] % COST_STEP == 0 or i == last]
    ends = "; ".join(
        f"{name} {money(low[last], currency)} to {money(high[last], currency)}"
        for name, (low, high) in series.bands.items()
    )
    return ChartText(
        "Cumulative cost",
        f"Cumulative cost by month {series.months[last]}: today's set-up {money(series.baseline[last], currency)}"
        + (f"; {ends}." if ends else "."),
        ["Month", "Today's set-up"] + [f"{name}, low to high" for name in series.bands],
        [
            [str(series.months[i]), money(series.baseline[i], currency)]
            + [f"{money(low[i], currency)} to {money(high[i], currency)}" for low, high in series.bands.values()]
            for i in picked
        ],
    )


def timeline(bars: list[TimelineBar]) -> ChartText:
    steady: dict[str, tuple[float, float]] = {}
    for b in bars:
        if b.steady and b.model not in steady:
            steady[b.model] = (b.start + b.low, b.start + b.high)
    return ChartText(
        "Time to steady state",
        "Months to steady state: " + "; ".join(f"{m} {lo:g} to {hi:g}" for m, (lo, hi) in steady.items()) + ".",
        ["Model", "Phase", "From month", "Lasts (months)"],
        [
            [b.model, b.phase, f"{b.start:g}", f"{b.low:g} to {b.high:g}" if b.high > b.low else f"{b.low:g}"]
            for b in bars
        ],
    )


def fit_matrix(m: FitMatrix) -> ChartText:
    """One row per model and answer that moves it (three columns: the table fits a phone)."""
    rows = [
        [name, factor, "rules it out" if excluded else f"{points:+d}"]
        for name, row, excluded_row in zip(m.models, m.points, m.excluded)
        for factor, points, excluded in zip(m.factors, row, excluded_row)
        if points or excluded
    ]
    return ChartText(
        "Fit matrix",
        "The rule points each answer gives each model, where it gives any; “rules it out” where an answer "
        "excludes the model.",
        ["Model", "Answer", "Rule points"],
        rows,
    )


def scenario_costs(bars: list[CostBar], currency: Currency = USD) -> ChartText:
    horizon = knowledge().cost_model.horizon
    return ChartText(
        f"{horizon.adjective.capitalize()} cost per scenario",
        f"Each scenario's {horizon.adjective} cost under its recommended model, against {horizon.words} as today: "
        + "; ".join(f"{b.scenario}: {b.model}, {money(b.low, currency)} to {money(b.high, currency)}" for b in bars)
        + ".",
        ["Scenario", "Model", f"{horizon.figure_adjective} cost", f"{horizon.figure_words} as today"],
        [
            [b.scenario, b.model, f"{money(b.low, currency)} to {money(b.high, currency)}", money(b.today, currency)]
            for b in bars
        ],
    )


def portfolio_models(lines: list[ModelLine]) -> ChartText:
    return ChartText(
        "Processes per model",
        "Processes per recommended model: "
        + "; ".join(f"{line.model} {line.processes:,} ({line.headcount:,} people)" for line in lines)
        + ".",
        ["Recommended", "Processes", "People"],
        [[line.model, f"{line.processes:,}", f"{line.headcount:,}"] for line in lines],
    )


def portfolio_savings(lines: list[ModelLine], currency: Currency = USD) -> ChartText:
    shown = [line for line in lines if line.processes and line.model != NO_FIT]
    saving = f"{knowledge().cost_model.horizon.adjective.capitalize()} saving"
    return ChartText(
        f"{saving} per model",
        f"{saving} per recommended model, low to high: "
        + "; ".join(
            f"{line.model} {money(line.saving_low, currency, 'signed')} to "
            f"{money(line.saving_high, currency, 'signed')}"
            for line in shown
        )
        + ".",
        ["Recommended", saving],
        [
            [
                line.model,
                f"{money(line.saving_low, currency, 'signed')} to {money(line.saving_high, currency, 'signed')}",
            ]
            for line in shown
        ],
    )


def disagreement(heat: HeatMap) -> ChartText:
    """One row per question, every participant's answer in it (two columns, however many people join)."""
    people = [f"{m} ({role.split(' (')[0]})" for m, role in zip(heat.members, heat.roles)]
    return ChartText(
        "Where the room disagrees",
        "Each participant's answer to each disputed question, with the share of the room that answered differently.",
        ["Question", "Answers (share of the room that answered differently)"],
        [
            [
                question,
                "; ".join(
                    f"{p}: {a}" + ("" if share is None else f" ({share:.0%})")
                    for p, a, share in zip(people, answers, shares)
                ),
            ]
            for question, answers, shares in zip(heat.questions, heat.answers, heat.disagreement)
        ],
    )
