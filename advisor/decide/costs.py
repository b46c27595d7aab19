"""Cost over the horizon and time to steady state per model, as low-high ranges from knowledge/costs.yaml,
with the figures each model uses named in knowledge/cost_model.yaml.

The low case takes every figure's low end (cheapest rates, shortest transition, smallest
set-up); the high case every high end. Monthly series feed the cumulative-cost chart, so the
chart and the totals are the same numbers.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..inputs.answers import MAX_FIGURE, Answers
from ..inputs.fields import enum_values
from ..inputs.parse import AnswersError
from ..rules.grammar import Columns
from ..rules.loader import Knowledge
from ..rules.schemas import LOCATIONS, Location, Source
from .place import location_codes, suggested_hubs

Ends = tuple[float, float]


class Override(BaseModel):
    """A user's own low-high value for one figure."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    low: float = Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)
    high: float = Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)

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


def _per_month(figure: str, fig: dict[str, Ends], end: int, k: Knowledge) -> float:
    """A per-person rate figure as money per month (an hourly rate times the hours in a month)."""
    value = fig[figure][end]
    return value * fig[k.cost_model.hours_per_month][end] if k.figures[figure].unit == "usd_per_hour" else value


def rate_figure(model: str, location: Location, hub_ids: list[str], k: Knowledge) -> tuple[str, str | None]:
    """The base figure that costs one person-month of a model here, and the hub whose own rate it is
    (the first suggested hub that has one; None when the model's named figure is used)."""
    rate = k.model_costs[model].rate[location]
    if rate.hub:
        hubs = {h.id: h for h in k.hubs}
        hub = next((h for h in hub_ids if hubs[h].rate), None)
        return (hubs[hub].rate or rate.hub, hub) if hub else (rate.hub, None)
    return rate.figure, None


def figures_used(model: str, location: Location, hub_ids: list[str], k: Knowledge) -> list[str]:
    """Every figure a model's cost reads here, in the order it is used."""
    rate = k.model_costs[model].rate[location]
    base, _ = rate_figure(model, location, hub_ids, k)
    used = [base, *rate.extras]
    if any(k.figures[f].unit == "usd_per_hour" for f in used):
        used.append(k.cost_model.hours_per_month)
    start = k.model_costs[model].start
    used += [f for f in (start.parallel_run, start.setup, start.ramp) if f]
    return used


def _rate_parts(
    model: str, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> tuple[float, float]:
    """One person-month of a model as (share of today's monthly cost per person, money per month)."""
    rate = k.model_costs[model].rate[location]
    base, _ = rate_figure(model, location, hub_ids, k)
    share, money = (fig[base][end], 0.0) if rate.share_of_today else (0.0, _per_month(base, fig, end, k))
    if rate.times:
        share, money = share * fig[rate.times][end], money * fig[rate.times][end]
    if rate.plus:
        money += _per_month(rate.plus, fig, end, k)
    return share, money


def _start_parts(model: str, fig: dict[str, Ends], end: int, k: Knowledge) -> tuple[int, float, bool]:
    """(months today's cost continues, set-up money spread over them, whether the new model runs meanwhile)."""
    months = k.cost_model.horizon_months
    start = k.model_costs[model].start
    if start.setup and start.ramp:
        return max(1, min(months, math.ceil(fig[start.ramp][end]))), fig[start.setup][end], False
    return min(months, math.ceil(fig[start.parallel_run or ""][end])), 0.0, True


def monthly_costs(
    model: str, answers: Answers, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> list[float]:
    """What each month of the horizon costs under a model: the move first, then the new rate alone."""
    months = k.cost_model.horizon_months
    today = answers.headcount * answers.onshore_cost_per_fte_usd / 12
    share, money = _rate_parts(model, location, hub_ids, fig, end, k)
    run = answers.headcount * (answers.onshore_cost_per_fte_usd / 12 * share + money)
    overlap, setup, runs = _start_parts(model, fig, end, k)
    return [today + setup / overlap + (run if runs else 0.0)] * overlap + [run] * (months - overlap)


def coefficients(
    model: str, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> tuple[float, float, float]:
    """The horizon's total as (a, b, c) with total = headcount * (yearly cost per person today * a + b) + c:
    the sum of monthly_costs in closed form, so that many answers can be costed at once."""
    months = k.cost_model.horizon_months
    share, money = _rate_parts(model, location, hub_ids, fig, end, k)
    overlap, setup, runs = _start_parts(model, fig, end, k)
    run_months = months if runs else months - overlap
    return overlap / 12 + run_months * share / 12, run_months * money, setup


@functools.cache
def _tie_table(k: Knowledge) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mid-range cost coefficients per (location, home region, function, model) at the shipped figures,
    and each model's mid-range months to steady state: the keys that break an exact tie in points."""
    fig = figures(k)
    regions, functions = enum_values("home_region"), enum_values("function")
    shape = (len(LOCATIONS), len(regions), len(functions), len(k.scoring.model_order))
    table = np.zeros((3, *shape))
    for li, place in enumerate(LOCATIONS):
        location = cast(Location, place)
        for ri, region in enumerate(regions):  # the column code of a choice is its index
            for fi, function in enumerate(functions):
                hub_ids = [h.id for h in suggested_hubs(location, region, function, k)]
                for mi, model in enumerate(k.scoring.model_order):
                    ends = [coefficients(model, location, hub_ids, fig, end, k) for end in (0, 1)]
                    table[:, li, ri, fi, mi] = [(lo + hi) / 2 for lo, hi in zip(*ends)]
    steady = np.array([sum(months_to_steady_state(m, k)) / 2 for m in k.scoring.model_order])
    return table[0], table[1], table[2], steady


def tie_keys(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Per row and model: the mid-range cost over the horizon, and the mid-range months to steady
    state (rows x models each), at the shipped figures and each row's own location and hubs."""
    a, b, c, steady = _tie_table(k)
    cell = (location_codes(cols, k), cols["home_region"].astype(np.int64), cols["function"].astype(np.int64))
    headcount, today = cols["headcount"][:, None], cols["onshore_cost_per_fte_usd"][:, None]
    cost = headcount * (today * a[cell] + b[cell]) + c[cell]
    return cost, np.broadcast_to(steady, cost.shape)


@dataclass(frozen=True)
class ModelCost:
    total: Ends
    cumulative_low: list[float]
    cumulative_high: list[float]
    payback_month: tuple[int | None, int | None]
    saving_share: Ends  # over the horizon, transition included: (worst, best)
    steady_saving: Ends  # once the model runs alone: (worst, best)
    hub: str | None  # the hub whose own rate costs it
    assumptions: list[str]  # figures it reads that the documents do not give


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
class CostWarning:
    """A modelled saving outside the range the documents give, and why."""

    model: str
    text: str
    source: Source


@dataclass(frozen=True)
class CostAnalysis:
    baseline: list[float]
    models: dict[str, ModelCost]
    cfo_threshold: Ends | None
    location: str
    warnings: list[CostWarning]


def cost_analysis(
    answers: Answers,
    location: Location,
    hub_ids: list[str],
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> CostAnalysis:
    fig = figures(k, overrides)
    baseline = _cumulative([answers.headcount * answers.onshore_cost_per_fte_usd / 12] * k.cost_model.horizon_months)
    today = answers.onshore_cost_per_fte_usd / 12
    models: dict[str, ModelCost] = {}
    for model in k.scoring.model_order:
        low = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 0, k))
        high = _cumulative(monthly_costs(model, answers, location, hub_ids, fig, 1, k))
        run = [
            share + money / today for share, money in (_rate_parts(model, location, hub_ids, fig, e, k) for e in (0, 1))
        ]
        models[model] = ModelCost(
            total=(low[-1], high[-1]),
            cumulative_low=low,
            cumulative_high=high,
            payback_month=(_payback(low, baseline), _payback(high, baseline)),
            saving_share=(round(1 - high[-1] / baseline[-1], 4), round(1 - low[-1] / baseline[-1], 4)),
            steady_saving=(round(1 - run[1], 4), round(1 - run[0], 4)),
            hub=rate_figure(model, location, hub_ids, k)[1],
            assumptions=[f for f in figures_used(model, location, hub_ids, k) if k.figures[f].assumption],
        )
    threshold = {"offshore": "cfo-offshore-saving", "nearshore": "cfo-nearshore-saving"}.get(location)
    warnings = _benchmark_warnings(answers, location, models, fig, k)
    return CostAnalysis(baseline, models, fig[threshold] if threshold else None, location, warnings)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _benchmark_warnings(
    answers: Answers, location: Location, models: dict[str, ModelCost], fig: dict[str, Ends], k: Knowledge
) -> list[CostWarning]:
    """Modelled steady-state savings that leave the documented range, with the reason."""
    out = []
    for bench in k.cost_model.benchmarks:
        for model in bench.models:
            cost = models[model]
            if bench.location != location or (bench.hubs is not None and cost.hub not in bench.hubs):
                continue
            (worst, best), (low, high) = cost.steady_saving, fig[bench.figure]
            if worst >= low and best <= high:
                continue
            side = "above" if best > high else "below"
            if worst < low and best > high:
                side = "wider than"
            figure = k.figures[bench.figure]
            out.append(
                CostWarning(
                    model=model,
                    text=(
                        f"{k.model_name(model)}: the modelled saving of {_percent(worst)} to {_percent(best)} once "
                        f"running is {side} the documented {_percent(low)}-{_percent(high)} ({bench.says}), "
                        f"because today's cost of ${answers.onshore_cost_per_fte_usd:,.0f} a person a year is "
                        f"compared with the rate of {_rate_words(model, location, cost.hub, k)}; check both."
                    ),
                    source=figure.source,  # type: ignore[arg-type]  # benchmarks are documented figures
                )
            )
    return out


def _rate_words(model: str, location: Location, hub: str | None, k: Knowledge) -> str:
    base = rate_figure(model, location, [hub] if hub else [], k)[0]
    return next((h.name for h in k.hubs if h.id == hub), k.figures[base].text.rstrip("."))


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
            problems.append(
                f"`cost_rates` ({figure}): `low` and `high` must be numbers >= 0 and <= {MAX_FIGURE} with low not "
                "above high."
            )
    if problems:
        raise AnswersError(problems)
    return out
