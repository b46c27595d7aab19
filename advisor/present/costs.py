"""Cost words shared by the screen, the PDF and the workshop room: where today's cost per person comes
from, which figure costs each model and why, where the documents disagree on a rate, the CFO test, and
the words of a figure's unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..decide.analysis import Analysis
from ..decide.costs import Ends, note_text, rate_why, rate_words, today_words
from ..inputs.money import USD, Currency, money
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Source

# A cost figure's unit in words, after a value ("$1,200 per FTE-month", "3 months"); money units also say USD
# where the rate editor labels its boxes ("USD per FTE-month"). A sentence about a rate says "a month"
# (decide/costs.py `range_words`, the JSON's words).
UNIT_WORDS: Final = {
    "usd_per_fte_month": "per FTE-month",
    "usd_per_hour": "per hour",
    "usd": "",
    "hours": "hours",
    "share": "",
    "months": "months",
    "years": "years",
}


def unit_label(unit: str, currency: Currency = USD) -> str:
    """What a figure's number box holds: "USD per FTE-month", "EUR per hour", "share (1 = 100%)", "months"."""
    if unit == "share":
        return "share (1 = 100%)"
    words = UNIT_WORDS[unit]
    return f"{currency.code} {words}".rstrip() if unit.startswith("usd") else words


def figure_range(low: float, high: float, unit: str, currency: Currency = USD) -> str:
    """A figure's range as printed: "$1,200 to $1,800 per FTE-month", "20% to 30%", "3 to 6 months"."""
    if unit == "share":
        return f"{low:.0%}" if low == high else f"{low:.0%} to {high:.0%}"
    ends = (money(low, currency), money(high, currency)) if unit.startswith("usd") else (f"{low:,.0f}", f"{high:,.0f}")
    span = ends[0] if low == high else f"{ends[0]} to {ends[1]}"
    return f"{span} {UNIT_WORDS[unit]}".rstrip()


def cfo_bar_words(bar: Ends) -> str:
    """The saving CFOs usually require: "more than 20%", "10% to 15%"."""
    return f"more than {bar[0]:.0%}" if bar[0] == bar[1] else f"{bar[0]:.0%} to {bar[1]:.0%}"


def cfo_test_line(a: Analysis, k: Knowledge | None = None) -> str:
    """The CFO test as the screen and the PDF state it, for the delivery location."""
    bar = a.cost.cfo_threshold
    if bar is None:
        return f"The documents give no CFO benchmark for {a.cost.location} delivery."
    return (
        f"CFO test for {a.cost.location} delivery: a {(k or knowledge()).cost_model.horizon.adjective} saving "
        f"above {bar[1]:.0%} passes, below {bar[0]:.0%} fails."
    )


def today_line(a: Analysis, k: Knowledge | None = None) -> str:
    """Today's cost per person and where it comes from: the user's figure, or the marked default."""
    return today_words(a.cost.today, k or knowledge())


def costed_at(a: Analysis, model: str, k: Knowledge | None = None) -> str:
    """The figure one person-month of a model is costed from: "Philippines, $1,500-3,500 a month"."""
    return rate_words(a.cost.models[model], a.cost.location, a.cost.figures, k or knowledge(), a.currency)


def basis_lines(a: Analysis, k: Knowledge | None = None) -> list[str]:
    """What each model is costed at and why, one line per figure: "ITES/BPO, GCC, at India, $800-2,500 a month. ..."."""
    k = k or knowledge()
    groups: dict[tuple[str, str], list[str]] = {}
    for model, cost in a.cost.models.items():
        key = (costed_at(a, model, k), rate_why(model, cost, a.cost.location, k))
        groups.setdefault(key, []).append(k.short(model))
    return [f"{', '.join(models)}, at {at}. {why}" for (at, why), models in groups.items()]


@dataclass(frozen=True)
class RateNote:
    """A disagreement between the documents that these costs depend on, said once, with both passages."""

    text: str
    sources: list[Source]


def rate_notes(a: Analysis, k: Knowledge | None = None) -> list[RateNote]:
    k = k or knowledge()
    return [RateNote(note_text(n, a.cost, a.result.recommendation, k), n.sources) for n in a.cost.notes]


def figures_read(a: Analysis, k: Knowledge | None = None) -> set[str]:
    """The figures this result reads: every model's, and the other document's figure a note compares with."""
    k = k or knowledge()
    others = {d.other for d in k.cost_model.disagreements if any(n.id == d.id for n in a.cost.notes)}
    return {f for c in a.cost.models.values() for f in c.uses} | others
