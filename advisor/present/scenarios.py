"""Scenarios side by side: the answers that differ, and what each scenario's analysis says; one
table and one chart for the screen and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..decide.analysis import Analysis
from ..inputs.fields import label, value_words
from ..inputs.money import USD, Currency, money
from ..inputs.uncertain import Range
from ..rules.loader import Knowledge, knowledge
from .chart_data import EXCLUDED_COLOUR, MODEL_COLOURS, short_name
from .verdict import headline


@dataclass(frozen=True)
class Line:
    title: str
    values: list[str]
    differs: bool


@dataclass(frozen=True)
class CostBar:
    scenario: str
    model: str
    colour: str
    low: float
    high: float
    today: float
    fits: bool = True  # False: no model fits, nothing is costed

    @property
    def label(self) -> tuple[str, str]:
        """The bar's label, on two lines: the scenario, then the model it is costed under (or "No fit").
        Beside the bar, not on it: a short bar has no room for a name."""
        return (self.scenario, self.model)

    def drawn(self, axis_end: float) -> tuple[float, float]:
        """Where the bar starts and how wide it is drawn: a narrow range at least MIN_BAR of the axis wide,
        around its middle, so it stays visible; no bar where nothing fits (its label says "No fit")."""
        if not self.fits:
            return self.today, 0.0
        width = max(self.high - self.low, MIN_BAR * axis_end)
        return (self.low + self.high - width) / 2, width


MIN_BAR: Final = 0.012  # share of the axis: a bar narrower than this would vanish behind its diamond


def cost_axis_end(bars: list[CostBar]) -> float:
    """Where the cost axis ends on screen and on paper: past every bar and diamond, so none is cut."""
    return 1.08 * max((max(b.high, b.today) for b in bars), default=1.0)


@dataclass(frozen=True)
class Comparison:
    names: list[str]
    answers: list[Line]  # every answer, with whether the scenarios differ on it
    results: list[Line]
    costs: list[CostBar]
    currency: Currency = USD  # the first scenario's: the chart has one axis


def _answer(a: Analysis, field: str) -> str:
    words = value_words(field, getattr(a.answers, field), a.currency)
    spec = a.uncertain.get(field)
    if isinstance(spec, Range):
        return f"{value_words(field, spec.low, a.currency)} to {value_words(field, spec.high, a.currency)}"
    if spec:
        return " or ".join(value_words(field, v) for v in spec)
    return words


def compare(named: list[tuple[str, Analysis]], k: Knowledge | None = None) -> Comparison:
    k = k or knowledge()
    fields = [q.field for q in k.questions]
    answers = []
    for field in fields:
        values = [_answer(a, field) for _, a in named]
        answers.append(Line(label(field), values, len(set(values)) > 1))
    horizon = k.cost_model.horizon.figure_adjective
    results: list[tuple[str, list[str]]] = [
        ("Recommendation", [_model(a, k) for _, a in named]),
        ("Score", [_score(a) for _, a in named]),
        ("Runner-up and margin", [_runner_up(a, k) for _, a in named]),
        ("Advice", [a.advice.title for _, a in named]),
        ("Call", [_call(a) for _, a in named]),
        ("Delivery", [a.result.delivery_location for _, a in named]),
        (f"{horizon} cost", [_cost(a) for _, a in named]),
        (f"{horizon} saving", [_saving(a) for _, a in named]),
        ("Months to steady state", [_steady(a) for _, a in named]),
    ]
    return Comparison(
        [name for name, _ in named],
        answers,
        [Line(title, values, len(set(values)) > 1) for title, values in results],
        [_bar(name, a, k) for name, a in named],
        named[0][1].currency if named else USD,
    )


def _winner(a: Analysis) -> str | None:
    """The recommended model, or None when nothing fits."""
    return a.result.recommendation


def _model(a: Analysis, k: Knowledge) -> str:
    return short_name(_winner(a), k, a.result.delivery_location)


def _score(a: Analysis) -> str:
    return f"{a.result.ranking[0].score:.0f}" if _winner(a) else "-"


def _runner_up(a: Analysis, k: Knowledge) -> str:
    if not _winner(a):
        return "-"
    if not a.result.runner_up:
        return "none (all others ruled out or set aside)"
    runner = short_name(a.result.runner_up, k, a.result.delivery_location)
    return f"{runner}, {a.result.margin:.0f} behind on the score"


def _call(a: Analysis) -> str:
    """The headline's call, as the page shows it: clear, close, weigh the cost, ...; for work to keep in-house
    the heading (the call's own title, "Why", introduces a sentence and says nothing in a table)."""
    h = headline(a)
    return h.heading if h.call == "in_house" else h.title


def _cost(a: Analysis) -> str:
    model = _winner(a)
    if model is None:
        return "-"
    low, high = a.cost.models[model].total
    return f"{money(low, a.currency)} to {money(high, a.currency)}"


def _saving(a: Analysis) -> str:
    model = _winner(a)
    if model is None:
        return "-"
    low, high = a.cost.models[model].total
    today = a.cost.baseline[-1]
    share = a.cost.models[model].saving_share
    span = f"{money(today - high, a.currency, 'signed')} to {money(today - low, a.currency, 'signed')}"
    return f"{span} ({share[0]:.0%} to {share[1]:.0%})"


def _steady(a: Analysis) -> str:
    model = _winner(a)
    if model is None:
        return "-"
    low, high = a.steady_state[model]
    return f"{low:g} to {high:g}"


def _bar(name: str, a: Analysis, k: Knowledge) -> CostBar:
    today = a.cost.baseline[-1]
    model = _winner(a)
    if model is None:
        return CostBar(name, short_name(None, k), EXCLUDED_COLOUR, today, today, today, fits=False)
    low, high = a.cost.models[model].total
    return CostBar(name, short_name(model, k, a.result.delivery_location), MODEL_COLOURS[model], low, high, today)
