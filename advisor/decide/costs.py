"""Cost over the horizon and time to steady state per model, as low-high ranges from knowledge/costs.yaml,
with the figures each model uses named in knowledge/cost_model.yaml.

The low case takes every figure's low end (cheapest rates, shortest transition, smallest
set-up); the high case every high end. Monthly series feed the cumulative-cost chart, so the
chart and the totals are the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..inputs.answers import Answers
from ..inputs.parse import AnswersError
from ..rules.loader import Knowledge
from ..rules.schemas import Location

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


def _monthly_rate(
    model: str,
    location: Location,
    hub_ids: list[str],
    fig: dict[str, Ends],
    per_fte_today: float,
    end: int,
    k: Knowledge,
) -> float:
    """Cost of one FTE for a month under a model at the delivery location (end 0 = low, 1 = high)."""
    rate = k.model_costs[model].rate[location]
    if rate.share_of_today:
        return per_fte_today / 12 * fig[rate.share_of_today][end]
    if rate.hourly:
        return fig[rate.hourly][end] * fig[k.cost_model.hours_per_month][end]
    if rate.hub:
        hubs = {h.id: h for h in k.hubs}
        figure = next((hubs[h].rate for h in hub_ids if hubs[h].rate), rate.hub)
        return fig[figure or rate.hub][end]
    return fig[rate.figure][end]


def monthly_costs(
    model: str, answers: Answers, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> list[float]:
    """What each month of the horizon costs under a model: the move first, then the new rate alone."""
    months = k.cost_model.horizon_months
    today = answers.headcount * answers.onshore_cost_per_fte_usd / 12
    run = answers.headcount * _monthly_rate(model, location, hub_ids, fig, answers.onshore_cost_per_fte_usd, end, k)
    start = k.model_costs[model].start
    if start.setup and start.ramp:
        ramp = max(1, min(months, math.ceil(fig[start.ramp][end])))
        return [today + fig[start.setup][end] / ramp] * ramp + [run] * (months - ramp)
    overlap = min(months, math.ceil(fig[start.parallel_run or ""][end]))
    return [today + run] * overlap + [run] * (months - overlap)


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


def cost_analysis(
    answers: Answers,
    location: Location,
    hub_ids: list[str],
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> CostAnalysis:
    fig = figures(k, overrides)
    baseline = _cumulative([answers.headcount * answers.onshore_cost_per_fte_usd / 12] * k.cost_model.horizon_months)
    models: dict[str, ModelCost] = {}
    for model in k.scoring.model_order:
        low = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 0, k))
        high = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 1, k))
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


RATES_KEY = "cost_rates"  # where a saved answers file keeps the edited rates, beside the answers


def overrides_from_json(data: object, k: Knowledge) -> dict[str, Override]:
    """Edited rates as a saved answers file holds them (`{figure id: {"low", "high"}}`); raises
    AnswersError naming each entry that is not one."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersError(["`cost_rates` must be an object of figure ids, each with `low` and `high`."])
    out: dict[str, Override] = {}
    problems = []
    for figure, ends in data.items():
        if figure not in k.figures:
            problems.append(f"`cost_rates`: {str(figure)[:40]!r} is not a cost figure of this advisor.")
            continue
        try:
            out[figure] = Override.model_validate(ends)
        except ValidationError:
            problems.append(f"`cost_rates` ({figure}): `low` and `high` must be numbers >= 0 with low not above high.")
    if problems:
        raise AnswersError(problems)
    return out
