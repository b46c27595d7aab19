"""Sentences a person reads on screen and in the PDF: changes of answer, tipping points, savings.

One vocabulary: the *score* (0-100) and the margin between two scores wherever models are compared;
*rule points* only where one rule's or one answer's contribution is shown.
"""

from __future__ import annotations

from typing import Any

from ..decide.analysis import Analysis
from ..inputs.fields import FIELDS, NUMBER_FIELDS, label, number_words, value_words
from ..inputs.money import USD, Currency
from ..rules.loader import Knowledge, knowledge
from .chart_data import short_name


def change_phrase(field: str, now: Any, value: Any, currency: Currency = USD) -> str:
    """A change of one answer as a phrase: "headcount fell to 29 people", "kind of work changed to mixed"
    ("core or non-core were core" read oddly)."""
    name = label(field).lower()
    if field in NUMBER_FIELDS and value is not None and now is not None:
        if FIELDS[field].kind == "number" and not float(value).is_integer():
            return f"{name} fell below {number_words(field, round(value), currency)}"
        verb = "fell to" if value < now else "rose to"
        return f"{name} {verb} {number_words(field, value, currency)}"
    return f"{name} changed to {value_words(field, value)}"


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
        change, shown = change_phrase(t.field, current, t.value, a.currency), value_words(t.field, current, a.currency)
        out.append(f"If {change} (now {shown}), {then}.")
    return out


def flips(a: Analysis, model: str | None) -> list[str]:
    """The single changes of answer that would put `model` first, as phrases."""
    return [
        change_phrase(t.field, getattr(a.answers, t.field), t.value) for t in a.tipping if t.recommendation == model
    ]
