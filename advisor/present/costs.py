"""Cost words shared by the screen, the PDF and the workshop room: where today's cost per person comes
from, which figure costs each model and why, and where the documents disagree on a rate."""

from __future__ import annotations

from dataclasses import dataclass

from ..decide.analysis import Analysis
from ..decide.costs import note_text, rate_why, rate_words, today_words
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Source


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
