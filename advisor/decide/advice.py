"""What the headline says, worded once for every face: the screen, the JSON (`advice`), the PDF,
portfolio rows and a workshop's room result.

The recommendation stays the best model that is neither ruled out nor set aside (../shared/CONTRACT.md); the
advice says what to do with it:

- "recommend": take it up. The money works (no loss over the cost horizon even at the high end of the cost,
  and the CFO test passed, or no CFO benchmark onshore), or a stated choice asks for the model.
- "weigh_cost": it fits, but the money does not clearly work: the headline says what it costs and what
  it buys.
- "keep_in_house": no model fits, or the model costs more than today even at its low end and no stated
  choice asks for it; today's way of working is the comparison.
- "hire_directly": the same where the user picks and manages the people, and an EOR in the company's
  own country, which is hiring at home with the EOR's fee added.

The kind is decided by `advice_kinds`, one vectorised function that the portfolio and the sweep call, and for
the single analysis by `advice_kind`, the same decisions in the same order in plain Python (numpy's cost per
call was most of the work for one row); tests check that the two agree on every code, so a portfolio row and
the page for the same answers cannot disagree.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import encode, label
from ..inputs.money import Currency, money_range
from ..inputs.money import money as shown_money  # `money` here is how a model's money works out
from ..inputs.saved import Override
from ..rules.grammar import Columns
from ..rules.loader import Knowledge
from ..rules.schemas import LOCATIONS, InHouse, Source
from .costs import CostAnalysis, Ends, cost_of, figures, months_to_steady_state
from .engine import Recommendation, recommend
from .scorer import NO_FIT, score
from .tipping import TippingPoint
from .uncertainty import Spread

AdviceKind = Literal["recommend", "weigh_cost", "keep_in_house", "hire_directly"]
KINDS: Final[tuple[AdviceKind, ...]] = ("recommend", "weigh_cost", "keep_in_house", "hire_directly")
MONEY: Final = ("works", "not clear", "costs more", "no model")  # how the money stands, by code
LIKELY: Final = 0.5  # below this chance of coming first, the headline says the result depends


@dataclass(frozen=True)
class Alternative:
    """A model that a stated choice sets aside and that would come first under another choice."""

    field: str
    value: Any
    model: str
    score: float  # its score under that choice
    location: str
    text: str  # "If you would also consider ...: <model>, because ... It would cost ..."
    cost: Ends  # over the cost horizon under that model, low and high
    steady: Ends  # months to steady state
    risk: str
    source: Source | None  # the passage behind "because"


@dataclass(frozen=True)
class Conflict:
    id: str
    text: str
    source: Source


@dataclass(frozen=True)
class Advice:
    kind: AdviceKind
    model: str | None  # the recommendation the advice is about (None: no model fits)
    title: str  # the big heading
    text: str  # the sentence under it
    source: Source | None  # the passage behind an in-house outcome or a stated choice that asks for the model
    money: str  # one of MONEY
    asked_for: bool  # a stated choice asks for the model
    today: float  # the cost horizon of the work as done today
    cost: Ends | None  # over the cost horizon under the model, low and high
    depends_on: list[str] = field(default_factory=list)  # uncertain answers the heading says it depends on
    conflicts: list[Conflict] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "model": self.model,
            "title": self.title,
            "text": self.text,
            "source": None if self.source is None else self.source.model_dump(),
            "money": self.money,
            "asked_for": self.asked_for,
            "today_3y_usd": self.today,
            "cost_3y_usd": None if self.cost is None else {"low": self.cost[0], "high": self.cost[1]},
            "depends_on": self.depends_on,
            "conflicts": [{"id": c.id, "text": c.text, "source": c.source.model_dump()} for c in self.conflicts],
            "alternatives": [
                {
                    "field": a.field,
                    "value": a.value,
                    "model": a.model,
                    "score": a.score,
                    "delivery_location": a.location,
                    "text": a.text,
                    "cost_3y_usd": {"low": a.cost[0], "high": a.cost[1]},
                    "months_to_steady_state": {"low": a.steady[0], "high": a.steady[1]},
                    "risk": a.risk,
                    "source": None if a.source is None else a.source.model_dump(),
                }
                for a in self.alternatives
            ],
        }


# ---- the kind of advice, for one row or many


def cfo_bars(k: Knowledge, overrides: Mapping[str, Override] | None = None) -> np.ndarray:
    """The CFO test's (low, high) saving bar per delivery location (NaN: no benchmark), LOCATIONS order."""
    return _cfo_bars(k, figures(k, overrides)) if overrides else _shipped_cfo_bars(k)


@functools.cache  # keyed by the immutable knowledge base: no user data
def _shipped_cfo_bars(k: Knowledge) -> np.ndarray:
    bars = _cfo_bars(k, figures(k))
    bars.setflags(write=False)  # shared by every analysis: read only
    return bars


def _cfo_bars(k: Knowledge, fig: Mapping[str, Ends]) -> np.ndarray:
    bars = k.cost_model.cfo_bars
    return np.array([fig[bars[p]] if p in bars else (np.nan, np.nan) for p in LOCATIONS])


def asked_for(winner: np.ndarray, cols: Columns, k: Knowledge) -> np.ndarray:
    """Per row: a stated choice names the winning model (choices.yaml `asks_for`)."""
    models = k.scoring.model_order
    out = np.zeros(len(winner), dtype=bool)
    for ask in k.choices.asks_for:
        out |= (cols[ask.field] == encode(ask.field, ask.value)) & (winner == models.index(ask.model))
    return out


def money_codes(cost_low: np.ndarray, cost_high: np.ndarray, today: np.ndarray, bar_high: np.ndarray) -> np.ndarray:
    """Per row, an index into MONEY: "works" (no loss even at the high end of the cost, and the saving
    above the CFO bar where there is one), "costs more" (dearer than today even at the low end), else
    "not clear". NaN costs (no model) give "no model"."""
    worst = 1 - cost_high / today
    works = (cost_high <= today) & (np.isnan(bar_high) | (worst > bar_high))  # no bar (NaN): the first holds
    out = np.where(works, 0, np.where(cost_low > today, 2, 1))
    return np.where(np.isnan(cost_low), 3, out)


def advice_kinds(
    winner: np.ndarray,
    location: np.ndarray,
    cost_low: np.ndarray,
    cost_high: np.ndarray,
    today: np.ndarray,
    cols: Columns,
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: (index into KINDS, index into MONEY, asked for, index into k.in_house or -1). `winner` is an
    index into the model order or -1 (no fit), `location` an index into LOCATIONS."""
    money = money_codes(cost_low, cost_high, today, cfo_bars(k, overrides)[location, 1])
    asked = asked_for(winner, cols, k) & (winner >= 0)
    eor_at_home = (winner == k.scoring.model_order.index("eor")) & (location == LOCATIONS.index("onshore"))
    reason = np.where(winner < 0, 0, np.where(eor_at_home, 2, np.where((money == 2) & ~asked, 1, -1)))
    entry = _in_house_entries(reason, cols, k)
    hire = np.array([e.kind == "hire_directly" for e in k.in_house] + [False])  # entry -1 reads the last
    kind = np.where(reason >= 0, np.where(hire[entry], 3, 2), np.where((money == 0) | asked, 0, 1))
    return kind, money, asked, entry


def advice_kind(
    winner: int,
    location: int,
    cost_low: float,
    cost_high: float,
    today: float,
    answers: Answers,
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> tuple[int, int, bool, int]:
    """`advice_kinds` for one set of answers: the same codes, decided in the same order."""
    bar = float(cfo_bars(k, overrides)[location, 1])
    works = cost_high <= today and (math.isnan(bar) or (today > 0 and 1 - cost_high / today > bar))
    money = 3 if math.isnan(cost_low) else 0 if works else 2 if cost_low > today else 1
    asked = winner >= 0 and _asked_for(winner, answers, k)
    eor_at_home = winner == k.scoring.model_order.index("eor") and location == LOCATIONS.index("onshore")
    reason = 0 if winner < 0 else 2 if eor_at_home else 1 if money == 2 and not asked else -1
    entry = _in_house_entry(reason, answers, k)
    if reason >= 0:
        return (3 if k.in_house[entry].kind == "hire_directly" else 2), money, asked, entry
    return (0 if money == 0 or asked else 1), money, asked, entry


def _asked_for(winner: int, answers: Answers, k: Knowledge) -> bool:
    """`asked_for` for one row (the answers compared as their columns hold them)."""
    model, values = k.scoring.model_order[winner], answers.__dict__
    return any(
        ask.model == model and encode(ask.field, values[ask.field]) == encode(ask.field, ask.value)
        for ask in k.choices.asks_for
    )


_REASONS: Final = ("no_fit", "costs_more", "eor_at_home")


def _in_house_entry(reason: int, answers: Answers, k: Knowledge) -> int:
    """`_in_house_entries` for one row."""
    if reason < 0:
        return -1
    for index, (entry, holds) in enumerate(zip(k.in_house, k.in_house_predicates)):
        if (entry.reason is None or entry.reason == _REASONS[reason]) and (holds is None or holds(answers)):
            return index
    return -1


def _in_house_entries(reason: np.ndarray, cols: Columns, k: Knowledge) -> np.ndarray:
    """Per row with a reason (index into _REASONS; -1: none): the first in_house.yaml entry that applies
    (the last entry has no condition, so every row with a reason gets one), else -1."""
    out = np.full(len(reason), -1, dtype=np.int64)
    if not (reason >= 0).any():  # most answers: a model fits and nothing to say about doing it in house
        return out
    for index, (entry, vector) in enumerate(zip(k.in_house, k.in_house_vectors)):
        fits = (out < 0) & (reason >= 0)
        if entry.reason is not None:
            fits &= reason == _REASONS.index(entry.reason)
        if vector is not None:
            fits &= np.asarray(vector(cols), dtype=bool)
        out = np.where(fits, index, out)
    return out


# ---- the advice for one analysis, in words


def _label(model: str, location: str, k: Knowledge) -> str:
    info = k.models[model]
    return info.onshore_name if location == "onshore" and info.onshore_name else info.name


def _short(model: str, location: str, k: Knowledge) -> str:
    info = k.models[model]
    return info.onshore_short if location == "onshore" and info.onshore_short else info.short


def _range(ends: Ends, currency: Currency) -> str:
    low, high = shown_money(ends[0], currency, "short"), shown_money(ends[1], currency, "short")
    return low if low == high else f"{low} to {high}"


def _buys(result: Recommendation) -> str:
    """What the model buys: its strongest documented reasons, in a phrase."""
    reasons = [r.text[0].lower() + r.text[1:].rstrip(".") for r in result.reasons[:2]]
    return "; ".join(reasons) + "." if reasons else "no documented advantage beyond the others losing more."


def advise(
    answers: Answers,
    result: Recommendation,
    cost: CostAnalysis,
    tipping: list[TippingPoint],
    spread: Spread | None,
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
) -> Advice:
    """The advice for one set of answers (the kind from `advice_kinds`, so it matches a portfolio row)."""
    models = k.scoring.model_order
    winner = result.recommendation
    today = cost.baseline[-1]
    low, high = cost.models[winner].total if winner else (math.nan, math.nan)
    where = LOCATIONS.index(result.delivery_location)
    codes = advice_kind(models.index(winner) if winner else -1, where, low, high, today, answers, k, overrides)
    kind, money, asked, entry = KINDS[codes[0]], MONEY[codes[1]], codes[2], codes[3]
    title, text, source = _words(
        kind, money, asked, k.in_house[entry] if entry >= 0 else None, answers, result, cost, k
    )
    depends_on: list[str] = []
    if spread is not None:
        title, depends_on = _depends(title, result, spread, k)
    return Advice(
        kind=kind,
        model=winner,
        title=title,
        text=text,
        source=source,
        money=money,
        asked_for=asked,
        today=today,
        cost=None if winner is None else (float(low), float(high)),
        depends_on=depends_on,
        conflicts=[
            Conflict(c.id, c.says, c.source)
            for c, holds in zip(k.choices.conflicts, k.conflict_predicates)
            if holds(answers)
        ],
        alternatives=alternatives(
            answers, result, cost, tipping, k, overrides, settled=kind in ("recommend", "weigh_cost")
        ),
    )


def _words(
    kind: AdviceKind,
    money: str,
    asked: bool,
    entry: InHouse | None,
    answers: Answers,
    result: Recommendation,
    cost: CostAnalysis,
    k: Knowledge,
) -> tuple[str, str, Source | None]:
    winner = result.recommendation
    today = shown_money(cost.baseline[-1], cost.currency, "short")
    horizon = k.cost_model.horizon.words
    if winner is None or entry is not None:
        assert entry is not None  # no winner always has an in-house entry (the last one is the default)
        if winner is None:
            compare = f"Today's way of working: {today} over {horizon}; no model fits."
        else:
            name = _short(winner, result.delivery_location, k)
            compare = (
                f"Today's way of working: {today} over {horizon}; {name}, the best fit: "
                f"{_range(cost.models[winner].total, cost.currency)}."
            )
            if entry.reason == "eor_at_home":
                compare += " " + _eor_fee_words(answers, cost, k)
        return entry.title, f"{entry.says} {compare}", entry.source
    name = _label(winner, result.delivery_location, k)
    model_cost = cost.models[winner]
    spend = f"{_range(model_cost.total, cost.currency)} over {horizon}, against {today} for the work as today"
    load = _management_load(answers, result, cost, k)
    if kind == "weigh_cost":
        weak = "Weak fit: " if result.weak_fit else ""
        return (
            f"{weak}{name} fits, at {_range(model_cost.total, cost.currency)} against {today} today",
            f"It costs {spend}: {_short_of(model_cost.saving_share, cost)}. What it buys: {_buys(result)}{load}",
            None,
        )
    prefix = "Weak fit" if result.weak_fit else "Recommended"
    ask = next((a for a in k.choices.asks_for if a.model == winner and getattr(answers, a.field) == a.value), None)
    if asked and money != "works" and ask is not None:
        dearer = money == "costs more"
        title = f"{prefix}: {name}, as you chose" + (", at more than today's cost" if dearer else "")
        return title, f"{ask.says} It costs {spend} ({saving_words(*model_cost.saving_share)}).{load}", ask.source
    return f"{prefix}: {name}", f"It costs {spend} ({saving_words(*model_cost.saving_share)}).{load}", None


def _short_of(share: Ends, cost: CostAnalysis) -> str:
    """Why the money does not clearly work: a possible loss, or a saving short of the CFO's bar."""
    if min(share) < 0:
        return f"the saving is not assured ({saving_words(*share)})"
    bar = cost.cfo_threshold
    bar_words = f"more than {bar[0]:.0%}" if bar and bar[0] == bar[1] else f"{bar[0]:.0%}-{bar[1]:.0%}" if bar else ""
    return (
        f"it saves {saving_words(*share).removesuffix(' cheaper')}, but at the low end it falls short of the saving "
        f"CFOs usually require for {cost.location} delivery ({bar_words})"
    )


def saving_words(low: float, high: float) -> str:
    """A saving range in words: "27% to 47% cheaper", "between 27% more expensive and 47% cheaper"."""
    low, high = min(low, high), max(low, high)
    if low >= 0:
        return f"{low:.0%} cheaper" if round(low, 2) == round(high, 2) else f"{low:.0%} to {high:.0%} cheaper"
    if high <= 0:
        return f"{-high:.0%} to {-low:.0%} more expensive"
    return f"between {-low:.0%} more expensive and {high:.0%} cheaper"


def _eor_fee_words(answers: Answers, cost: CostAnalysis, k: Knowledge, location: str = "onshore") -> str:
    """The EOR fee over the horizon, paid on every head (it is in the EOR's cost): at home, the only
    difference between an EOR and hiring directly."""
    fee = k.model_costs["eor"].rate[location].plus  # type: ignore[index]
    if fee is None:
        return ""
    months = len(cost.baseline)
    figure = k.figures[fee]
    ends = (answers.headcount * figure.low * months, answers.headcount * figure.high * months)
    assumed = " (an assumed fee: the documents give none)" if figure.assumption else ""
    return (
        f"The EOR fee alone, {money_range(figure.low, figure.high, cost.currency)} a month on each of the "
        f"{answers.headcount:,} people{assumed}: {_range(ends, cost.currency)} over {k.cost_model.horizon.words}."
    )


def _management_load(answers: Answers, result: Recommendation, cost: CostAnalysis, k: Knowledge) -> str:
    """An EOR beyond its documented team size (models.yaml `typical_headcount`): the management load is
    yours, and the fee is paid on every head."""
    band = k.models["eor"].typical_headcount
    if result.recommendation != "eor" or band is None or answers.headcount <= band.high:
        return ""
    return (
        f" With an EOR you pick and manage each of the {answers.headcount:,} people yourself, far beyond the "
        f"{band.words} employees the ITES guide gives it; the EOR only employs them. "
        + _eor_fee_words(answers, cost, k, result.delivery_location)
    )


def _depends(title: str, result: Recommendation, spread: Spread, k: Knowledge) -> tuple[str, list[str]]:
    """With uncertain answers: when another outcome is likelier, or the first model comes first in fewer
    than half of the cases, the heading says it depends, and on which answers."""
    odds = spread.probabilities
    mine = odds.get(result.recommendation or NO_FIT, 0.0)
    likeliest = max(odds, key=lambda m: odds[m])
    if likeliest == (result.recommendation or NO_FIT) and mine >= LIKELY:
        return title, []
    on = [f for f, w in spread.importance.items() if w > 0][:2] or list(spread.importance)[:1]
    top = sorted(odds, key=lambda m: -odds[m])[:2]
    names = " or ".join(
        "no model fitting" if m == NO_FIT else f"{_short(m, result.delivery_location, k)} ({odds[m]:.0%})" for m in top
    )
    return f"It depends on {' and '.join(label(f).lower() for f in on)}: {names}", on


# ---- if you would also consider another choice


def alternatives(
    answers: Answers,
    result: Recommendation,
    cost: CostAnalysis,
    tipping: list[TippingPoint],
    k: Knowledge,
    overrides: Mapping[str, Override] | None = None,
    settled: bool = False,
    limit: int = 3,
) -> list[Alternative]:
    """Models a stated choice sets aside that would come first under another value of that choice: the
    change of choice, the model, why, and what it changes (cost, time to steady state, risk). When the
    advice is to take up a model (`settled`), only models that would score higher are offered; when it is
    to keep the work in-house, every model another choice would open."""
    set_aside = {(c.model, c.factor) for c in result.contributions if c.kind == "choice"}
    first = next((r.score for r in result.ranking if r.model == result.recommendation), 0.0)
    out: list[Alternative] = []
    for t in tipping:
        model = t.recommendation
        if model is None or model == result.recommendation or (model, t.field) not in set_aside:
            continue
        if any(a.model == model for a in out):
            continue
        changed = answers.model_copy(update={t.field: t.value})
        alt_score = _score_of(model, changed, k)
        if settled and alt_score <= first:
            continue
        other = recommend(changed, k)
        out.append(_alternative(changed, t.field, t.value, model, other, alt_score, result, cost, k, overrides))
        if len(out) == limit:
            break
    return out


def _score_of(model: str, answers: Answers, k: Knowledge) -> float:
    """A model's score for these answers, as their recommendation's ranking gives it (0 when ruled out)."""
    _, points, excluded = k.tables.outcome(answers)
    m = k.matrix.models.index(model)
    return 0.0 if excluded >> m & 1 else score(points[m], k)


def _alternative(
    changed: Answers,
    field_: str,
    value: Any,
    model: str,
    other: Recommendation,
    alt_score: float,
    result: Recommendation,
    cost: CostAnalysis,
    k: Knowledge,
    overrides: Mapping[str, Override] | None,
) -> Alternative:
    """One alternative in words: `changed` are the answers under the other choice, `other` their result."""
    location = other.delivery_location
    hubs = [h.id for h in other.hubs]
    mine = cost_of(model, changed, location, hubs, k, overrides)
    steady = months_to_steady_state(model, k, overrides)
    own = [r for r in k.risks if model in r.models]
    risk = min(own, key=lambda r: len(r.models)) if own else None  # the risk most its own
    because = other.reasons[0] if other.reasons else None
    consider = k.choices.consider[field_][str(value)]  # type: ignore[index]  # field_ is a choice field
    name = _label(model, location, k)
    now = f", against {shown_money(cost.baseline[-1], cost.currency, 'short')} as today"
    if result.recommendation is not None:
        now = f", against {_range(cost.models[result.recommendation].total, cost.currency)} for "
        now += k.short(result.recommendation)
    where = f", delivered {location}" if location != result.delivery_location else ""
    text = (
        f"If you would also consider {consider}: {name}{where}"
        + (f", because {because.text[0].lower()}{because.text[1:].rstrip('.')}" if because else "")
        + f". It would cost {_range(mine.total, cost.currency)} over {k.cost_model.horizon.words} "
        f"({saving_words(*mine.saving_share)} than today{now}), "
        f"reach steady state in {steady[0]:g} to {steady[1]:g} months"
        + (f", and its main risk is: {risk.title.lower()}" if risk else "")
        + "."
    )
    return Alternative(
        field=field_,
        value=value,
        model=model,
        score=alt_score,
        location=location,
        text=text,
        cost=mine.total,
        steady=steady,
        risk=risk.title if risk else "",
        source=because.source if because else k.models[model].summary.source,
    )
