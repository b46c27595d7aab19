"""Sentences a person reads on screen and in the PDF: the headline call, changes of answer, savings.

One vocabulary: the *score* (0-100) and the margin between two scores wherever models are compared;
*rule points* only where one rule's or one answer's contribution is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..decide.advice import LIKELY
from ..decide.analysis import Analysis
from ..decide.scorer import NO_FIT
from ..inputs.fields import FIELDS, NUMBER_FIELDS, label, number_words, value_words
from ..rules.loader import Knowledge, knowledge
from .chart_data import short_name

Call = Literal["clear", "close", "uncertain", "alone", "cost", "in_house", "none"]


@dataclass(frozen=True)
class Headline:
    call: Call
    title: str  # "Clear call", "Close call", ...
    text: str  # the sentence after the title
    chance: str | None  # the sentence about uncertain answers, when any

    @property
    def sentence(self) -> str:
        return f"{self.title}: {self.text}"


def _score(a: Analysis, model: str) -> float:
    return next(x.score for x in a.result.ranking if x.model == model)


def headline(a: Analysis, k: Knowledge | None = None) -> Headline:
    """The recommendation's call, honest about money and uncertain answers. A clear call needs the
    advice to take the model up (the money works, or a stated choice asks for it); otherwise the call
    says what the model costs and buys, or to keep the work in-house. With uncertain answers it adds
    the chance the first model wins, and the likeliest outcome when that is another model."""
    k = k or knowledge()
    r = a.result
    advice = a.advice
    call: Call
    if advice.kind in ("keep_in_house", "hire_directly"):
        call, title, text = "in_house", "Why", advice.text  # the heading already says what to do
    elif r.recommendation is None:  # never: no fit always has an in-house outcome
        call, title, text = "none", "No fit", "Every model is ruled out or set aside."
    elif advice.kind == "weigh_cost":
        call, title, text = "cost", "Weigh the cost", advice.text
    else:
        first = short_name(r.recommendation, k, r.delivery_location)
        score = _score(a, r.recommendation)
        if r.runner_up is None:
            call, title = "alone", "Only fit"
            text = f"{first} scores {score:.0f} of 100; every other model is ruled out or set aside."
        else:
            second = short_name(r.runner_up, k, r.delivery_location)
            lead = f"{first} scores {score:.0f} of 100, {r.margin:.0f} ahead of {second} ({_score(a, r.runner_up):.0f})"
            if r.tie_break is not None:
                call, title = "close", "Close call"
                text = f"an exact tie of {first} and {second} at {score:.0f} of 100. {r.tie_break.text} Weigh both."
            elif r.close_call:
                call, title = "close", "Close call"
                text = f"{lead}: a lead under {r.close_call_margin:g} on the score is not a clear call. Weigh both."
            else:
                call, title, text = "clear", "Clear call", f"{lead}."
        text = f"{text} {advice.text}"
    chance = None
    if a.spread is not None:
        call, title, text, chance = _uncertain(a, k, call, title, text)
    return Headline(call, title, text, chance)


def _uncertain(a: Analysis, k: Knowledge, call: Call, title: str, text: str) -> tuple[Call, str, str, str]:
    """The chance sentence; the call becomes "uncertain" when another outcome is likelier or the
    first model wins in fewer than half of the possible cases."""
    odds = a.spread.probabilities if a.spread else {}
    r = a.result
    likeliest = max(odds, key=lambda m: odds[m])
    mine = odds.get(r.recommendation or NO_FIT, 0.0)
    unsure = len(a.uncertain)
    about = f"With the {unsure} answer{'s' if unsure > 1 else ''} you are not sure about"
    first = "no model fitting" if r.recommendation is None else short_name(r.recommendation, k, r.delivery_location)
    other = "no model fitting" if likeliest == NO_FIT else short_name(likeliest, k)
    if likeliest != (r.recommendation or NO_FIT):
        chance = (
            f"{about}, {first} comes first in only {mine:.0%} of the possible cases; "
            f"{other} is more likely to come first ({odds[likeliest]:.0%})."
        )
    else:
        chance = f"{about}, {first} comes first in {mine:.0%} of the possible cases."
    if likeliest != (r.recommendation or NO_FIT) or mine < LIKELY:
        text = (
            f"for the answers as given, {text[0].lower() + text[1:] if call in ('none', 'in_house', 'cost') else text}"
        )
        return "uncertain", "Uncertain call", text, chance
    return call, title, text, chance


def change_phrase(field: str, now: Any, value: Any) -> str:
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
    r = a.result
    now = short_name(r.recommendation, k, r.delivery_location)
    out = []
    for t in a.tipping:
        if t.recommendation is None:
            then = "every model would be ruled out or set aside (no fit)"
        elif r.recommendation is None:
            then = f"{short_name(t.recommendation, k)} would fit"
        else:
            then = f"{short_name(t.recommendation, k)} would come first instead of {now}"
        current = getattr(a.answers, t.field)
        out.append(f"If {change_phrase(t.field, current, t.value)} (now {value_words(t.field, current)}), {then}.")
    return out


def flips(a: Analysis, model: str | None) -> list[str]:
    """The single changes of answer that would put `model` first, as phrases."""
    return [
        change_phrase(t.field, getattr(a.answers, t.field), t.value) for t in a.tipping if t.recommendation == model
    ]


def saving_words(low: float, high: float) -> str:
    """A saving range in words: "27% to 47% cheaper", "between 27% more expensive and 47% cheaper"."""
    low, high = min(low, high), max(low, high)
    if low >= 0:
        return f"{low:.0%} cheaper" if round(low, 2) == round(high, 2) else f"{low:.0%} to {high:.0%} cheaper"
    if high <= 0:
        return f"{-high:.0%} to {-low:.0%} more expensive"
    return f"between {-low:.0%} more expensive and {high:.0%} cheaper"
