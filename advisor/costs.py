"""Three-year cost and time to steady state per model, as low-high ranges from knowledge/costs.yaml.

The low case takes every figure's low end (cheapest rates, shortest transition, smallest
set-up); the high case every high end. Monthly series feed the cumulative-cost chart, so the
chart and the totals are the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .answers import Answers
from .knowledge import Knowledge

MONTHS: Final = 36
Ends = tuple[float, float]


class Override(BaseModel):
    """A user's own low-high value for one figure."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    low: float = Field(ge=0, allow_inf_nan=False)
    high: float = Field(ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Override:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


def figures(k: Knowledge, overrides: Mapping[str, Override] | None = None) -> dict[str, Ends]:
    """Every figure's (low, high), with the user's overrides applied."""
    out = {f.id: (f.low, f.high) for f in k.figures.values()}
    for key, override in (overrides or {}).items():
        if key not in out:
            raise KeyError(f"unknown cost figure `{key}`")
        out[key] = (override.low, override.high)
    return out


def _monthly_rate(model: str, location: str, hub_ids: list[str], fig: dict[str, Ends], per_fte_today: float, end: int) -> float:
    """Cost of one FTE for a month under a model at the delivery location (end 0 = low, 1 = high)."""
    hours = fig["hours-per-month"][end]
    if location == "onshore":
        return per_fte_today / 12 * fig["onshore-provider-share"][end]
    if model == "kpo":
        return fig["rate-kpo-hourly"][end] * hours
    if location == "nearshore":
        return fig["rate-nearshore-hourly"][end] * hours
    hub = next((h for h in hub_ids if f"rate-{h}" in fig), "india")
    return fig[f"rate-{hub}"][end]


def _months(value: float) -> int:
    return min(MONTHS, math.ceil(value))


def monthly_costs(model: str, answers: Answers, location: str, hub_ids: list[str], fig: dict[str, Ends], end: int) -> list[float]:
    """What each of the 36 months costs under a model: parallel running first, then the new rate."""
    today = answers.headcount * answers.onshore_cost_per_fte_usd / 12
    run = answers.headcount * _monthly_rate(model, location, hub_ids, fig, answers.onshore_cost_per_fte_usd, end)
    if model == "gcc":
        ramp = max(1, _months(fig["gcc-ramp-months"][end]))
        setup = fig["gcc-setup"][end] / ramp
        return [today + setup] * ramp + [run] * (MONTHS - ramp)
    overlap_figure = {"eor": "eor-onboarding-months", "bot": "bot-build-months"}.get(model, "transition-months")
    overlap = _months(fig[overlap_figure][end])
    return [today + run] * overlap + [run] * (MONTHS - overlap)


@dataclass(frozen=True)
class ModelCost:
    total: Ends
    cumulative_low: list[float]
    cumulative_high: list[float]
    payback_month: tuple[int | None, int | None]
    saving_share: Ends


def _cumulative(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for v in values:
        total += v
        out.append(round(total, 2))
    return out


def _payback(model: list[float], baseline: list[float]) -> int | None:
    """First month in which the model's cumulative cost is no more than today's."""
    return next((m + 1 for m, (a, b) in enumerate(zip(model, baseline)) if a <= b), None)


@dataclass(frozen=True)
class CostAnalysis:
    baseline: list[float]
    models: dict[str, ModelCost]
    cfo_threshold: Ends | None
    location: str


def cost_analysis(answers: Answers, location: str, hub_ids: list[str], k: Knowledge, overrides: Mapping[str, Override] | None = None) -> CostAnalysis:
    fig = figures(k, overrides)
    baseline = _cumulative([answers.headcount * answers.onshore_cost_per_fte_usd / 12] * MONTHS)
    models = {}
    for model in k.scoring.model_order:
        low = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 0))
        high = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 1))
        models[model] = ModelCost(
            total=(low[-1], high[-1]),
            cumulative_low=low,
            cumulative_high=high,
            payback_month=(_payback(low, baseline), _payback(high, baseline)),
            saving_share=(round(1 - high[-1] / baseline[-1], 4), round(1 - low[-1] / baseline[-1], 4)),
        )
    threshold = {"offshore": "cfo-offshore-saving", "nearshore": "cfo-nearshore-saving"}.get(location)
    return CostAnalysis(baseline, models, fig[threshold] if threshold else None, location)


def cfo_verdict(cost: ModelCost, threshold: Ends | None) -> str:
    """The documents' CFO test: the saving over three years against the usual approval bar."""
    if threshold is None:
        return "no benchmark"
    worst, best = cost.saving_share
    if worst > threshold[1]:
        return "passes"
    if best < threshold[0]:
        return "fails"
    return "depends on the rates"


@dataclass(frozen=True)
class PhaseSpan:
    name: str
    months: Ends
    steady: bool
    figure: str


def timeline(model: str, k: Knowledge, overrides: Mapping[str, Override] | None = None) -> list[PhaseSpan]:
    fig = figures(k, overrides)
    spans = []
    for phase in k.timelines[model].phases:
        low, high = fig[phase.figure]
        factor = 12 if k.figures[phase.figure].unit == "years" else 1
        spans.append(PhaseSpan(phase.name, (low * factor, high * factor), phase.steady, phase.figure))
    return spans


def months_to_steady_state(model: str, k: Knowledge, overrides: Mapping[str, Override] | None = None) -> Ends:
    spans = [s for s in timeline(model, k, overrides) if s.steady]
    return (sum(s.months[0] for s in spans), sum(s.months[1] for s in spans))
