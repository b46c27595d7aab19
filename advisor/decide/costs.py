"""Cost over the horizon and time to steady state per model, as low-high ranges from knowledge/costs.yaml,
with the figures each model uses named in knowledge/cost_model.yaml.

The low case takes every figure's low end (cheapest rates, shortest transition, smallest
set-up); the high case every high end. Monthly series feed the cumulative-cost chart, so the
chart and the totals are the same numbers.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import encode, enum_values, value_words
from ..inputs.money import USD, Currency, money, money_range
from ..inputs.saved import Override
from ..rules.grammar import Columns
from ..rules.loader import Knowledge
from ..rules.schemas import LOCATIONS, Location, Source
from .place import location_codes, suggested_hubs

Ends = tuple[float, float]


@functools.cache  # keyed by the immutable knowledge base (compared by identity): no user data
def _shipped(k: Knowledge) -> dict[str, Ends]:
    """Every figure's (low, high) as shipped (never changed: `figures` hands out copies)."""
    return {f.id: (f.low, f.high) for f in k.figures.values()}


def figures(k: Knowledge, overrides: Mapping[str, Override] | None = None) -> dict[str, Ends]:
    """Every figure's (low, high), with the user's overrides applied."""
    out = dict(_shipped(k))
    for key, override in (overrides or {}).items():
        if key not in out:
            raise KeyError(f"unknown cost figure `{key}`")
        out[key] = (override.low, override.high)
    return out


def _per_month(figure: str, fig: dict[str, Ends], end: int, k: Knowledge) -> float:
    """A per-person rate figure as money per month (an hourly rate times the hours in a month)."""
    value = fig[figure][end]
    return value * fig[k.cost_model.hours_per_month][end] if k.figures[figure].unit == "usd_per_hour" else value


# ---- today's cost per person: the answer, or the suggested default for the home region and function


@dataclass(frozen=True)
class TodayCost:
    """Today's yearly cost of one person doing the work, and where it comes from."""

    usd_per_year: float
    given: bool  # the user's answer; False: the suggested default for `region` and `function`
    region: str
    function: str
    currency: Currency = USD  # how the answers show money


def suggested_today_cost(region: str, function: str, k: Knowledge) -> float:
    """The default yearly cost per person: the function's North American cost times the region's factor,
    rounded half up to the table's step (cost_model.yaml `today_cost`)."""
    table = k.cost_model.today_cost
    base = next(f.usd_per_year for f in table.functions if f.function == function)
    factor = next(r.factor for r in table.regions if r.region == region)
    return math.floor(round(base * factor / table.round_to, 6) + 0.5) * table.round_to


def today_cost(answers: Answers, k: Knowledge) -> TodayCost:
    given = answers.onshore_cost_per_fte_usd
    value = given if given is not None else suggested_today_cost(answers.home_region, answers.function, k)
    return TodayCost(value, given is not None, answers.home_region, answers.function, k.currency(answers))


def today_words(today: TodayCost, k: Knowledge) -> str:
    """Where today's cost per person comes from, in one sentence."""
    if today.given:
        return f"Today's cost per person: {money(today.usd_per_year, today.currency)} a year, as you gave it."
    table = k.cost_model.today_cost
    base = next(f.usd_per_year for f in table.functions if f.function == today.function)
    factor = next(r.factor for r in table.regions if r.region == today.region)
    scaled = "" if factor == 1 else f": {money(base, today.currency)} in North America x {factor:g}"
    return (
        f"Today's cost per person: {money(today.usd_per_year, today.currency)} a year, the suggested default for "
        f"{value_words('function', today.function)} in {value_words('home_region', today.region)}{scaled}. "
        "An assumption, not your figure: type your own, it drives every saving."
    )


@functools.cache
def _suggested_table(k: Knowledge) -> np.ndarray:
    """The suggested default per (home region, function) code (read-only; keyed by the knowledge base)."""
    regions, functions = enum_values("home_region"), enum_values("function")
    return np.array([[suggested_today_cost(r, f, k) for f in functions] for r in regions])


def today_per_person(cols: Columns, k: Knowledge) -> np.ndarray:
    """Each row's yearly cost per person today: its answer, or the suggested default where it is empty (NaN)."""
    given = cols["onshore_cost_per_fte_usd"]
    default = _suggested_table(k)[cols["home_region"].astype(np.int64), cols["function"].astype(np.int64)]
    return np.where(np.isnan(given), default, given)


# ---- the kind of work and the figure that prices one person-month of it


def work_kind(function: str, work_type: str, k: Knowledge) -> str:
    """The first kind of work whose functions or work types match (the last kind is everything else)."""
    return next(
        kind.id
        for kind in k.cost_model.kinds
        if function in kind.functions or work_type in kind.work_types or not (kind.functions or kind.work_types)
    )


def priced_kind(model: str, kind: str, k: Knowledge) -> str:
    """The kind of work a model prices this work as (a KPO provider prices process work as knowledge work)."""
    return k.model_costs[model].price_as.get(kind, kind)


def rate_figure(model: str, location: Location, hub_ids: list[str], kind: str, k: Knowledge) -> tuple[str, str | None]:
    """The base figure that costs one person-month of a model here, and the hub it is costed at: the first
    suggested hub, at its own figure for the kind of work where it has one, else at the location's figure
    (no hub onshore, where today's cost is the base)."""
    rate = k.model_costs[model].rate[location]
    if rate.share_of_today:
        return rate.share_of_today, None
    priced = priced_kind(model, kind, k)
    rates = next(r for r in k.cost_model.rates if r.kind == priced)
    hub = hub_ids[0] if hub_ids else None
    where = rates.nearshore if location == "nearshore" else rates.offshore
    return rates.hubs.get(hub, where) if hub else where, hub


def figures_used(model: str, location: Location, hub_ids: list[str], kind: str, k: Knowledge) -> list[str]:
    """Every figure a model's cost reads here, in the order it is used."""
    rate = k.model_costs[model].rate[location]
    base, _ = rate_figure(model, location, hub_ids, kind, k)
    used = [base, *rate.extras]
    if any(k.figures[f].unit == "usd_per_hour" for f in used):
        used.append(k.cost_model.hours_per_month)
    start = k.model_costs[model].start
    used += [f for f in (start.parallel_run, start.setup, start.ramp) if f]
    return used


def _rate_parts(
    model: str, location: Location, hub_ids: list[str], kind: str, fig: dict[str, Ends], end: int, k: Knowledge
) -> tuple[float, float]:
    """One person-month of a model as (share of today's monthly cost per person, money per month)."""
    rate = k.model_costs[model].rate[location]
    base, _ = rate_figure(model, location, hub_ids, kind, k)
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


@dataclass(frozen=True)
class _Work:
    """What every model's cost of one set of answers reads from them: worked out once per analysis."""

    headcount: int
    yearly: float  # today's cost per person a year
    kind: str  # the kind of work


def _work(answers: Answers, k: Knowledge) -> _Work:
    kind = work_kind(answers.function, answers.work_type, k)
    return _Work(answers.headcount, today_cost(answers, k).usd_per_year, kind)


def monthly_costs(
    model: str, answers: Answers, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> list[float]:
    """What each month of the horizon costs under a model: the move first, then the new rate alone."""
    return _monthly(model, _work(answers, k), location, hub_ids, fig, end, k)


def _monthly(
    model: str, work: _Work, location: Location, hub_ids: list[str], fig: dict[str, Ends], end: int, k: Knowledge
) -> list[float]:
    rate = _rate_parts(model, location, hub_ids, work.kind, fig, end, k)
    return _months(work, rate, _start_parts(model, fig, end, k), k.cost_model.horizon_months)


def _months(work: _Work, rate: tuple[float, float], start: tuple[int, float, bool], months: int) -> list[float]:
    """`monthly_costs` from a model's rate (`_rate_parts`) and start (`_start_parts`) at one end."""
    share, money = rate
    overlap, setup, runs = start
    today = work.headcount * work.yearly / 12
    run = work.headcount * (work.yearly / 12 * share + money)
    return [today + setup / overlap + (run if runs else 0.0)] * overlap + [run] * (months - overlap)


def coefficients(
    model: str, location: Location, hub_ids: list[str], kind: str, fig: dict[str, Ends], end: int, k: Knowledge
) -> tuple[float, float, float]:
    """The horizon's total as (a, b, c) with total = headcount * (yearly cost per person today * a + b) + c:
    the sum of monthly_costs in closed form, so that many answers can be costed at once."""
    months = k.cost_model.horizon_months
    share, money = _rate_parts(model, location, hub_ids, kind, fig, end, k)
    overlap, setup, runs = _start_parts(model, fig, end, k)
    run_months = months if runs else months - overlap
    return overlap / 12 + run_months * share / 12, run_months * money, setup


@functools.cache
def _kind_codes(k: Knowledge) -> np.ndarray:
    """Index into cost_model `kinds` per (function, work type) code (read-only; keyed by the knowledge base)."""
    kinds = [kind.id for kind in k.cost_model.kinds]
    return np.array(
        [[kinds.index(work_kind(f, w, k)) for w in enum_values("work_type")] for f in enum_values("function")]
    )


@functools.cache
def _tie_table(k: Knowledge) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mid-range cost coefficients per (location, home region, function, kind of work, model) at the shipped
    figures, and each model's mid-range months to steady state: the keys that break an exact tie in points."""
    fig = figures(k)
    regions, functions = enum_values("home_region"), enum_values("function")
    kinds = [kind.id for kind in k.cost_model.kinds]
    shape = (len(LOCATIONS), len(regions), len(functions), len(kinds), len(k.scoring.model_order))
    table = np.zeros((3, *shape))
    for li, place in enumerate(LOCATIONS):
        location = cast(Location, place)
        for ri, region in enumerate(regions):  # the column code of a choice is its index
            for fi, function in enumerate(functions):
                hub_ids = [h.id for h in suggested_hubs(location, region, function, k)]
                for ki, kind in enumerate(kinds):
                    for mi, model in enumerate(k.scoring.model_order):
                        ends = [coefficients(model, location, hub_ids, kind, fig, end, k) for end in (0, 1)]
                        table[:, li, ri, fi, ki, mi] = [(lo + hi) / 2 for lo, hi in zip(*ends)]
    steady = np.array([sum(months_to_steady_state(m, k)) / 2 for m in k.scoring.model_order])
    return table[0], table[1], table[2], steady


def kind_codes(cols: Columns, k: Knowledge) -> np.ndarray:
    """Each row's kind of work, as an index into cost_model `kinds`."""
    return _kind_codes(k)[cols["function"].astype(np.int64), cols["work_type"].astype(np.int64)]


def tie_keys(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Per row and model: the mid-range cost over the horizon, and the mid-range months to steady
    state (rows x models each), at the shipped figures and each row's own location, hubs and kind of work."""
    a, b, c, steady = _tie_table(k)
    region, function = cols["home_region"].astype(np.int64), cols["function"].astype(np.int64)
    cell = (location_codes(cols, k), region, function, kind_codes(cols, k))
    headcount, today = cols["headcount"][:, None], today_per_person(cols, k)[:, None]
    cost = headcount * (today * a[cell] + b[cell]) + c[cell]
    return cost, np.broadcast_to(steady, cost.shape)


def tie_keys_of(answers: Answers, location: Location, k: Knowledge) -> tuple[list[float], list[float]]:
    """`tie_keys` for one set of answers whose delivery location is known: the same table cells and the
    same arithmetic (in Python floats, which are the same doubles), so the same numbers (per model)."""
    a, b, c, steady, suggested = _tie_cell_of(location, answers.home_region, answers.function, answers.work_type, k)
    given = answers.onshore_cost_per_fte_usd
    today = suggested if given is None else float(given)
    headcount = float(answers.headcount)
    return [headcount * (today * x + y) + z for x, y, z in zip(a, b, c)], list(steady)


Floats = tuple[float, ...]


@functools.lru_cache(maxsize=4096)  # keyed by a location and three choices: no user text
def _tie_cell_of(
    location: Location, home_region: str, function: str, work_type: str, k: Knowledge
) -> tuple[Floats, Floats, Floats, Floats, float]:
    """`_tie_cell` and the suggested yearly cost per person today, looked up from the choices themselves (not
    their codes): every pair of level models asks for them."""
    region, work = int(encode("home_region", home_region)), int(encode("function", function))
    kind = int(_kind_codes(k)[work, int(encode("work_type", work_type))])
    suggested = float(_suggested_table(k)[region, work])
    return *_tie_cell(LOCATIONS.index(location), region, work, kind, k), suggested


@functools.cache  # at most locations x regions x functions x kinds of work entries: no user data
def _tie_cell(
    location: int, region: int, function: int, kind: int, k: Knowledge
) -> tuple[Floats, Floats, Floats, Floats]:
    """One cell of `_tie_table`, per model, as Python floats."""
    cell = (location, region, function, kind)
    a, b, c, steady = _tie_table(k)
    return tuple(a[cell].tolist()), tuple(b[cell].tolist()), tuple(c[cell].tolist()), tuple(steady.tolist())


@dataclass(frozen=True)
class OtherFigure:
    """Where the documents disagree on the figure a cost uses: the other document's figure, and the cost at it."""

    disagreement: str
    figure: str
    total: Ends
    steady_saving: Ends  # (worst, best)


@dataclass(frozen=True)
class ModelCost:
    total: Ends
    payback_month: tuple[int | None, int | None]
    saving_share: Ends  # over the horizon, transition included: (worst, best)
    steady_saving: Ends  # once the model runs alone: (worst, best)
    kind: str  # the kind of work it is priced as
    work_kind: str  # the kind of work the answers describe (a KPO provider prices process work as knowledge work)
    figure: str  # the base figure of one person-month: a provider's rate, or a share of today's cost onshore
    hub: str | None  # the hub it is costed at (the first suggested one)
    uses: list[str]  # every figure its cost reads
    assumptions: list[str]  # those of them the documents do not give
    monthly: tuple[list[float], list[float]]  # what each month costs at the low and the high end
    other: OtherFigure | None = None

    # The running totals month by month, for the chart and the report: built when first asked for (most
    # analyses are only read for their totals), to the cent as `total` and `payback_month` read them
    @functools.cached_property
    def cumulative_low(self) -> list[float]:
        return _cumulative(self.monthly[0])

    @functools.cached_property
    def cumulative_high(self) -> list[float]:
        return _cumulative(self.monthly[1])


def _cumulative(values: list[float]) -> list[float]:
    """The running totals, to the cent (added in order, as a loop adds them)."""
    return [round(total, 2) for total in itertools.accumulate(values)]


def _payback(monthly: list[float], baseline: list[float]) -> int | None:
    """First month in which the model's cumulative cost (to the cent, as `_cumulative` gives it) is no more
    than today's (to the cent too); found without the month-by-month loop when no month can be it."""
    return None if never_pays_back(monthly, baseline) else payback_month(monthly, baseline)


def never_pays_back(monthly: list[float], baseline: list[float]) -> bool:
    """True when every month costs more than today's first month by a few cents: then the model's running total
    stays more than a cent above today's in every month, so `payback_month` is None. (Today's running totals
    are rounded to the cent, so month m's is at most m first months and a cent above the unrounded one; the
    margin also covers the doubles' error in the sums, relative to their size.) Most models never pay back
    within the horizon, and the loop cost each of them its every month."""
    margin = 0.05 + 1e-9 * abs(baseline[-1])
    return min(monthly) > baseline[0] + margin


def payback_month(monthly: list[float], baseline: list[float]) -> int | None:
    """`_payback` month by month. Rounding a total can only decide it within a cent of today's (rounding
    moves it by at most half a cent, and keeps its order), so only there is it rounded."""
    for month, (cost, today) in enumerate(zip(itertools.accumulate(monthly), baseline), 1):
        if cost <= today or (cost - today < 0.01 and round(cost, 2) <= today):
            return month
    return None


def _total(monthly: list[float]) -> float:
    """The last of `_cumulative(monthly)`: the running total, added in order, to the cent."""
    return round(functools.reduce(operator.add, monthly), 2)


@dataclass(frozen=True)
class CostWarning:
    """A modelled saving outside the range the documents give, and why."""

    model: str
    text: str
    source: Source


@dataclass(frozen=True)
class CostNote:
    """A disagreement between the documents that the costs here depend on, said once."""

    id: str
    models: list[str]  # the models whose cost uses a disputed figure
    sources: list[Source]  # the figure used, then the other document's


@dataclass(frozen=True)
class CostAnalysis:
    baseline: list[float]
    models: dict[str, ModelCost]
    cfo_threshold: Ends | None
    location: Location
    warnings: list[CostWarning]
    today: TodayCost
    notes: list[CostNote]
    figures: dict[str, Ends]  # every figure as used, the user's edits applied

    @property
    def currency(self) -> Currency:
        return self.today.currency


def _in_unit(ends: Ends, unit: str, target: str, hours: Ends) -> Ends:
    """An hourly rate as a monthly one (or back), so one document's figure can stand in for another's."""
    if unit == target:
        return ends
    if unit == "usd_per_hour" and target == "usd_per_fte_month":
        return ends[0] * hours[0], ends[1] * hours[1]
    return ends[0] / hours[0], ends[1] / hours[1]


def _steady_of(rates: list[tuple[float, float]], today: float) -> Ends:
    """The saving once the model runs alone, (worst, best), from its rate at the low and the high end."""
    run = [share + money / today for share, money in rates]
    return round(1 - run[1], 4), round(1 - run[0], 4)


def _model_cost(
    model: str,
    work: _Work,
    location: Location,
    hub_ids: list[str],
    fig: dict[str, Ends],
    baseline: list[float],
    k: Knowledge,
) -> ModelCost:
    today = work.yearly / 12
    months = k.cost_model.horizon_months
    p = _priced(model, location, tuple(hub_ids), work.kind, fig, k)
    low, high = (_months(work, p.rates[end], p.starts[end], months) for end in (0, 1))
    total = (_total(low), _total(high))
    other = None
    if p.other is not None:
        o = p.other
        totals = [sum(_months(work, o.rates[end], o.starts[end], months)) for end in (0, 1)]
        other = OtherFigure(o.disagreement, o.figure, (totals[0], totals[1]), _steady_of(list(o.rates), today))
    return ModelCost(
        total=total,
        payback_month=(_payback(low, baseline), _payback(high, baseline)),
        saving_share=(round(1 - total[1] / baseline[-1], 4), round(1 - total[0] / baseline[-1], 4)),
        steady_saving=_steady_of(list(p.rates), today),
        kind=p.kind,
        work_kind=work.kind,
        figure=p.figure,
        hub=p.hub,
        uses=list(p.uses),
        assumptions=list(p.assumptions),
        other=other,
        monthly=(low, high),
    )


Start = tuple[int, float, bool]


@dataclass(frozen=True)
class _Rates:
    """A model's rate (`_rate_parts`) and start (`_start_parts`) at the low and the high end."""

    rates: tuple[tuple[float, float], tuple[float, float]]
    starts: tuple[Start, Start]


@dataclass(frozen=True)
class _OtherRates(_Rates):
    disagreement: str
    figure: str  # the other document's figure


@dataclass(frozen=True)
class _Priced(_Rates):
    """Everything a model's cost reads besides the work's size and today's cost per person."""

    kind: str  # the kind of work it is priced as
    figure: str
    hub: str | None
    uses: tuple[str, ...]
    assumptions: tuple[str, ...]
    other: _OtherRates | None  # its rates at the other document's figure, where the documents disagree


def _priced(
    model: str, location: Location, hub_ids: tuple[str, ...], kind: str, fig: dict[str, Ends], k: Knowledge
) -> _Priced:
    """`_priced_at`, kept for the shipped figures (every analysis without edited figures asks the same)."""
    if fig == _shipped(k):
        return _priced_shipped(model, location, hub_ids, kind, k)
    return _priced_at(model, location, hub_ids, kind, fig, k)


@functools.lru_cache(maxsize=4096)  # keyed by a model, a location, hubs and a kind of work: no user data
def _priced_shipped(model: str, location: Location, hub_ids: tuple[str, ...], kind: str, k: Knowledge) -> _Priced:
    return _priced_at(model, location, hub_ids, kind, _shipped(k), k)


def _priced_at(
    model: str, location: Location, hub_ids: tuple[str, ...], kind: str, fig: dict[str, Ends], k: Knowledge
) -> _Priced:
    hubs = list(hub_ids)
    figure, hub = rate_figure(model, location, hubs, kind, k)
    uses = figures_used(model, location, hubs, kind, k)
    other = None
    dispute = next((d for d in k.cost_model.disagreements if figure in d.figures), None)
    if dispute is not None:
        hours = fig[k.cost_model.hours_per_month]
        swapped = fig | {
            figure: _in_unit(fig[dispute.other], k.figures[dispute.other].unit, k.figures[figure].unit, hours)
        }
        other = _OtherRates(*_rates(model, location, hubs, kind, swapped, k), dispute.id, dispute.other)
    return _Priced(
        *_rates(model, location, hubs, kind, fig, k),
        kind=priced_kind(model, kind, k),
        figure=figure,
        hub=hub,
        uses=tuple(uses),
        assumptions=tuple(f for f in uses if k.figures[f].assumption),
        other=other,
    )


def _rates(
    model: str, location: Location, hub_ids: list[str], kind: str, fig: dict[str, Ends], k: Knowledge
) -> tuple[tuple[tuple[float, float], tuple[float, float]], tuple[Start, Start]]:
    rates = [_rate_parts(model, location, hub_ids, kind, fig, end, k) for end in (0, 1)]
    starts = [_start_parts(model, fig, end, k) for end in (0, 1)]
    return (rates[0], rates[1]), (starts[0], starts[1])


def _baseline(headcount: int, yearly: float, k: Knowledge) -> list[float]:
    """The cumulative cost of the work as done today, month by month over the horizon."""
    return _cumulative([headcount * yearly / 12] * k.cost_model.horizon_months)


def cost_of(
    model: str,
    answers: Answers,
    location: Location,
    hub_ids: list[str],
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> ModelCost:
    """One model's cost, as `cost_analysis` gives it, without costing the other models."""
    work = _work(answers, k)
    baseline = _baseline(work.headcount, work.yearly, k)
    return _model_cost(model, work, location, hub_ids, figures(k, overrides), baseline, k)


def cost_analysis(
    answers: Answers,
    location: Location,
    hub_ids: list[str],
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> CostAnalysis:
    fig = figures(k, overrides)
    today = today_cost(answers, k)
    baseline = _baseline(answers.headcount, today.usd_per_year, k)
    work = _work(answers, k)
    models: dict[str, ModelCost] = {
        m: _model_cost(m, work, location, hub_ids, fig, baseline, k) for m in k.scoring.model_order
    }
    threshold = k.cost_model.cfo_bars.get(location)
    warnings = _benchmark_warnings(today, location, models, fig, k)
    notes = [
        CostNote(d.id, touched, [s for s in (k.figures[f].source for f in (models[touched[0]].figure, d.other)) if s])
        for d in k.cost_model.disagreements
        if (touched := [m for m, c in models.items() if c.other is not None and c.other.disagreement == d.id])
    ]
    return CostAnalysis(baseline, models, fig[threshold] if threshold else None, location, warnings, today, notes, fig)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _benchmark_warnings(
    today: TodayCost, location: Location, models: dict[str, ModelCost], fig: dict[str, Ends], k: Knowledge
) -> list[CostWarning]:
    """Modelled steady-state savings wholly outside the documented range, with the reason. A range that
    overlaps the documented one is not flagged: the documents' own spread covers it."""
    out = []
    for bench in k.cost_model.benchmarks:
        for model in bench.models:
            cost = models[model]
            if (
                bench.location != location
                or (bench.hubs is not None and cost.hub not in bench.hubs)
                or (bench.kinds is not None and cost.kind not in bench.kinds)
            ):
                continue
            (worst, best), (low, high) = cost.steady_saving, fig[bench.figure]
            if best >= low and worst <= high:
                continue
            above = worst > high
            figure = k.figures[bench.figure]
            whose = "as you gave it" if today.given else "the suggested default; type your own"
            why = (
                "is high against the rate: check it, or expect the documents' lower savings"
                if above
                else "leaves little to save against the rate: moving the work may not pay"
            )
            out.append(
                CostWarning(
                    model=model,
                    text=(
                        f"{k.model_name(model)}: the modelled saving of {_percent(worst)} to {_percent(best)} once "
                        f"running is {'above' if above else 'below'} the documented {_percent(low)}-{_percent(high)} "
                        f"({bench.says}). Today's cost of {money(today.usd_per_year, today.currency)} a person a year "
                        f"({whose}) {why} ({rate_words(cost, location, fig, k, today.currency)})."
                    ),
                    source=figure.source,  # type: ignore[arg-type]  # benchmarks are documented figures
                )
            )
    return out


def range_words(ends: Ends, unit: str, currency: Currency = USD) -> str:
    """A rate in a sentence: "$800-2,500 a month", "$30-80 an hour"."""
    return money_range(ends[0], ends[1], currency) + {"usd_per_hour": " an hour", "usd_per_fte_month": " a month"}.get(
        unit, ""
    )


def rate_words(cost: ModelCost, location: str, fig: dict[str, Ends], k: Knowledge, currency: Currency = USD) -> str:
    """The figure one person-month is costed from, in words: "India, $800-2,500 a month"."""
    figure = k.figures[cost.figure]
    if figure.unit == "share":
        return f"{_percent(fig[cost.figure][0])}-{_percent(fig[cost.figure][1])} of today's cost"
    where = next((h.name.split(" (")[0] for h in k.hubs if h.id == cost.hub), location)
    return f"{where}, {range_words(fig[cost.figure], figure.unit, currency)}"


def rate_why(model: str, cost: ModelCost, location: str, k: Knowledge) -> str:
    """Why this figure costs the model, in one sentence."""
    figure = k.figures[cost.figure]
    if figure.unit == "share":
        return f"Onshore: {figure.text}"
    kinds = {kind.id: kind.name for kind in k.cost_model.kinds}
    rates = next(r for r in k.cost_model.rates if r.kind == cost.kind)
    lifted = f" (a {k.short(model)} provider prices it as {kinds[cost.kind]})" if cost.kind != cost.work_kind else ""
    return f"{kinds[cost.work_kind].capitalize()} {location}{lifted}: {rates.why}."


def rate_basis(model: str, cost: CostAnalysis, k: Knowledge) -> dict[str, Any]:
    """Which figure costs a model and why, as the JSON's `cost_details[model].rate` holds it."""
    c = cost.models[model]
    figure = k.figures[c.figure]
    other = c.other
    return {
        "figure": c.figure,
        "text": rate_words(c, cost.location, cost.figures, k, cost.currency),
        "why": rate_why(model, c, cost.location, k),
        "assumption": figure.assumption,
        "source": None if figure.source is None else figure.source.model_dump(),
        "other_document": None
        if other is None
        else {
            "figure": other.figure,
            "text": range_words(cost.figures[other.figure], k.figures[other.figure].unit, cost.currency),
            "total": {"low": round(other.total[0], 2), "high": round(other.total[1], 2)},
            "steady_saving_share": {"low": other.steady_saving[0], "high": other.steady_saving[1]},
        },
    }


def note_text(note: CostNote, cost: CostAnalysis, focus: str | None, k: Knowledge) -> str:
    """A disagreement in words, with the saving of `focus` (or the first model it touches) at the other figure."""
    dispute = next(d for d in k.cost_model.disagreements if d.id == note.id)
    model = focus if focus in note.models else note.models[0]
    c = cost.models[model]
    other = c.other
    if other is None:
        return dispute.says
    hours = cost.figures[k.cost_model.hours_per_month]
    unit = k.figures[other.figure].unit
    monthly = _in_unit(cost.figures[other.figure], unit, "usd_per_fte_month", hours)
    converted = (
        f" (about {range_words(monthly, 'usd_per_fte_month', cost.currency)} at {hours[0]:,.0f} hours)"
        if unit == "usd_per_hour"
        else ""
    )
    return (
        f"{dispute.says} At the other figure, "
        f"{range_words(cost.figures[other.figure], unit, cost.currency)}{converted}, "
        f"{k.model_name(model)} would save {_span(other.steady_saving)} once running, against "
        f"{_span(c.steady_saving)} here; edit the rate under Rates and assumptions to cost with it."
    )


def _span(saving: Ends) -> str:
    return f"{_percent(saving[0])} to {_percent(saving[1])}"


def cfo_verdict(cost: ModelCost, threshold: Ends | None) -> str:
    """The documents' CFO test: the saving over the cost horizon against the usual approval bar."""
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
    return _timeline(model, k, figures(k, overrides)) if overrides else list(_shipped_timeline(model, k))


@functools.cache  # keyed by a model and the immutable knowledge base: no user data
def _shipped_timeline(model: str, k: Knowledge) -> tuple[PhaseSpan, ...]:
    return tuple(_timeline(model, k, figures(k)))


def _timeline(model: str, k: Knowledge, fig: Mapping[str, Ends]) -> list[PhaseSpan]:
    spans = []
    for phase in k.timelines[model].phases:
        low, high = fig[phase.figure]
        factor = 12 if k.figures[phase.figure].unit == "years" else 1
        spans.append(PhaseSpan(phase.name, (low * factor, high * factor), phase.steady, phase.figure))
    return spans


def months_to_steady_state(model: str, k: Knowledge, overrides: Mapping[str, Override] | None = None) -> Ends:
    return steady_months(timeline(model, k, overrides))


def steady_months(phases: list[PhaseSpan]) -> Ends:
    """The months until steady state, (low, high): the phases before it, added up."""
    spans = [s for s in phases if s.steady]
    return (sum(s.months[0] for s in spans), sum(s.months[1] for s in spans))
