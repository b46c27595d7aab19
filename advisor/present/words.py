"""Sentences a person reads on screen and in the PDF: the headline call, changes of answer, savings.

One vocabulary: the *score* (0-100) and the margin between two scores wherever models are compared;
*rule points* only where one rule's or one answer's contribution is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from ..decide.analysis import Analysis
from ..decide.tipping import TippingPoint
from ..inputs.fields import FIELDS, NUMBER_FIELDS, label, number_words, value_words
from ..rules.loader import Knowledge, knowledge

Call = Literal["clear", "close", "uncertain", "alone"]
LIKELY: Final = 0.5  # below this chance of coming first, the headline leads with the uncertainty


@dataclass(frozen=True)
class Headline:
    call: Call
    title: str  # "Clear call", "Close call", ...
    text: str  # the sentence after the title
    chance: str | None  # the sentence about uncertain answers, when any


def headline(a: Analysis, k: Knowledge | None = None) -> Headline:
    """The recommendation's call, honest about uncertain answers: the chance the first model wins,
    and the likeliest winner when that is another model."""
    k = k or knowledge()
    r = a.result
    first = k.short(r.recommendation)
    score = next(x.score for x in r.ranking if x.model == r.recommendation)
    call: Call
    if r.runner_up is None:
        call, title, text = "alone", "Only fit", f"{first} scores {score:.0f} of 100; every other model is ruled out."
    else:
        second = k.short(r.runner_up)
        second_score = next(x.score for x in r.ranking if x.model == r.runner_up)
        lead = f"{first} scores {score:.0f} of 100, {r.margin:.1f} ahead of {second} ({second_score:.0f})"
        if r.close_call:
            call, title = "close", "Close call"
            text = f"{lead}: a lead under {r.close_call_margin:g} on the score is not a clear call. Weigh both."
        else:
            call, title, text = "clear", "Clear call", f"{lead}."
    chance = None
    if a.spread is not None:
        odds = a.spread.probabilities
        likeliest = max(odds, key=lambda m: odds[m])
        mine = odds.get(r.recommendation, 0.0)
        unsure = len(a.uncertain)
        about = f"With the {unsure} answer{'s' if unsure > 1 else ''} you are not sure about"
        if likeliest != r.recommendation:
            chance = (
                f"{about}, {first} comes first in only {mine:.0%} of the possible cases; "
                f"{k.short(likeliest)} is more likely to come first ({odds[likeliest]:.0%})."
            )
        else:
            chance = f"{about}, {first} comes first in {mine:.0%} of the possible cases."
        if likeliest != r.recommendation or mine < LIKELY:
            call, title = "uncertain", "Uncertain call"
            text = f"for the answers as given, {text[0].lower()}{text[1:]}"
    return Headline(call, title, text, chance)


def change_words(field: str, now: Any, value: Any) -> str:
    """A change of one answer as a phrase: "headcount fell to 29 people", "kind of work were mixed"."""
    name = label(field).lower()
    if field in NUMBER_FIELDS and value is not None and now is not None:
        if FIELDS[field].kind == "number" and not float(value).is_integer():
            return f"{name} fell below {number_words(field, round(value))}"
        verb = "fell to" if value < now else "rose to"
        return f"{name} {verb} {number_words(field, value)}"
    return f"{name} were {value_words(field, value)}"


def tipping_sentences(a: Analysis, k: Knowledge | None = None) -> list[str]:
    """Each tipping point as a plain sentence."""
    k = k or knowledge()
    now = k.short(a.result.recommendation)
    return [
        f"If {change_words(t.field, getattr(a.answers, t.field), t.value)} (now "
        f"{value_words(t.field, getattr(a.answers, t.field))}), {k.short(t.recommendation)} would come first "
        f"instead of {now}."
        for t in a.tipping
    ]


def flips(a: Analysis, model: str | None) -> list[str]:
    """The single changes of answer that would put `model` first, as phrases."""
    return [_flip(a, t) for t in a.tipping if t.recommendation == model]


def _flip(a: Analysis, t: TippingPoint) -> str:
    return change_words(t.field, getattr(a.answers, t.field), t.value)


def saving_words(low: float, high: float) -> str:
    """A saving range in words: "27% to 47% cheaper", "between 27% more expensive and 47% cheaper"."""
    low, high = min(low, high), max(low, high)
    if low >= 0:
        return f"{low:.0%} cheaper" if round(low, 2) == round(high, 2) else f"{low:.0%} to {high:.0%} cheaper"
    if high <= 0:
        return f"{-high:.0%} to {-low:.0%} more expensive"
    return f"between {-low:.0%} more expensive and {high:.0%} cheaper"
