"""The verdict in words, shared by the screen and the PDF: the headline, the call (clear, close, tie),
and the notices that qualify it (no fit, weak fit, CFO test failed, borderline answers, cost ranges,
domestic BPO). Each function returns plain strings or small dataclasses; the faces only lay them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..decide.advice import LIKELY, saving_words
from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..decide.scorer import NO_FIT
from ..decide.tipping import change_words
from ..inputs.fields import label, value_words
from ..rules.compiled import Reason
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Source
from .chart_data import short_name
from .costs import cfo_bar_words

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Notice:
    """One qualification of the verdict: how serious, a short title, the sentence, and its passage."""

    level: Level
    title: str
    text: str
    source: Source | None = None


Call = Literal["clear", "close", "uncertain", "alone", "cost", "in_house", "none"]


@dataclass(frozen=True)
class Headline:
    """The verdict as every face shows it: the heading line, then the call in a sentence."""

    heading: str  # as the advice words it (advice.py): "Recommended: ...", "Keep it in-house", "It depends on ..."
    call: Call
    title: str  # the call's title: "Clear call", "Close call", ...
    text: str  # the sentence after the title
    chance: str | None  # the sentence about uncertain answers, when any


def _score(a: Analysis, model: str) -> float:
    return next(x.score for x in a.result.ranking if x.model == model)


def headline(a: Analysis, k: Knowledge | None = None) -> Headline:
    """The heading, and the recommendation's call, honest about money and uncertain answers. A clear call needs the
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
    return Headline(advice.title, call, title, text, chance)


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


def takes_a_model_up(a: Analysis) -> bool:
    """Whether the advice is to take up the recommended model (rather than keep the work in-house or hire
    directly): only then does the page lead with where it is delivered."""
    return a.advice.kind in ("recommend", "weigh_cost")


def no_fit(a: Analysis, k: Knowledge | None = None) -> list[str]:
    """When every model is ruled out or set aside: what closed each one, then the ways out."""
    k = k or knowledge()
    nf = a.result.no_fit
    if nf is None:
        return []
    return [f"{k.models[c.model].short}: {' '.join(c.reasons)}" for c in nf.closed] + openings(a, k)


def openings(a: Analysis, k: Knowledge | None = None) -> list[str]:
    """When every model is ruled out or set aside: the first way out (those in the user's hands come
    before the facts of the work; never a headcount change of a few people), then a few others."""
    k = k or knowledge()
    nf = a.result.no_fit
    if nf is None:
        return []
    if nf.nearest is None or nf.nearest.recommendation is None:
        return ["No single change of answer opens a model: more than one answer would have to change."]
    hands = k.scoring.ways_out.in_your_hands
    kind = "in your hands" if nf.nearest.field in hands else "a fact of the work"
    lines = [
        f"First way out ({kind}): {change_words(nf.nearest.field, nf.nearest.value, a.currency)} "
        f"(now {value_words(nf.nearest.field, getattr(a.answers, nf.nearest.field), a.currency)}) would make "
        f"{k.models[nf.nearest.recommendation].short} fit."
    ]
    others = [o for o in nf.openings[1:4] if o.recommendation]
    if others:
        lines.append(
            "Other ways out: "
            + "; ".join(
                f"{change_words(o.field, o.value, a.currency)} ({k.models[o.recommendation or ''].short})"
                for o in others
            )
            + "."
        )
    return lines


def reasons_against(a: Analysis, k: Knowledge | None = None) -> list[Reason]:
    """The strongest documented reasons against the recommended model, at most `main_reasons` of them."""
    k = k or knowledge()
    return a.result.reasons_against[: k.scoring.main_reasons]


def notices(a: Analysis, k: Knowledge | None = None) -> list[Notice]:
    """Everything that qualifies the verdict, most serious first."""
    k = k or knowledge()
    return [
        *_conflicts(a),
        *_weak_fit(a, k),
        *_cfo(a, k),
        *_borderline(a, k),
        *_cost_ranges(a),
        *_onshore(a, k),
    ]


def alternatives(a: Analysis) -> list[tuple[str, Source | None]]:
    """Models your stated choices set aside that would fit under another choice, each with what it
    changes: "If you would also consider ...". Never the answer."""
    return [(x.text, x.source) for x in a.advice.alternatives]


def set_aside(a: Analysis, k: Knowledge | None = None) -> list[tuple[str, list[str]]]:
    """Models that contradict a stated choice, each with what you said (they are not ruled out by a
    document: a model closed by both is listed under ruled out, with both reasons)."""
    k = k or knowledge()
    return [(k.models[e.model].short, e.reasons) for e in a.result.excluded if e.set_aside]


def ruled_out(a: Analysis, k: Knowledge | None = None) -> list[tuple[str, list[str]]]:
    """Models a document rules out for these answers (and what the user said, when that closes them too)."""
    k = k or knowledge()
    return [(k.models[e.model].short, e.reasons) for e in a.result.excluded if not e.set_aside]


def _conflicts(a: Analysis) -> list[Notice]:
    return [Notice("warning", "Your answers contradict each other", c.text, c.source) for c in a.advice.conflicts]


def _weak_fit(a: Analysis, k: Knowledge) -> list[Notice]:
    r = a.result
    if not r.weak_fit or r.recommendation is None or not takes_a_model_up(a):
        return []
    points = next(x.points for x in r.ranking if x.model == r.recommendation)
    return [
        Notice(
            "warning",
            "Weak fit",
            f"{short_name(r.recommendation, k, r.delivery_location)} is the best model left, but with "
            f"{points:+d} rule points: more documented "
            "reasons speak against it than for it. Read the reasons against before deciding.",
        )
    ]


def _cfo(a: Analysis, k: Knowledge) -> list[Notice]:
    winner = a.result.recommendation
    if winner is None or not a.cfo_test_failed:
        return []
    cost = a.cost.models[winner]
    threshold = cfo_bar_words(a.cost.cfo_threshold or (0.0, 0.0))
    figure = k.figures[k.cost_model.cfo_bars[a.cost.location]]  # a failed test has a bar
    return [
        Notice(
            "error",
            "Fails the CFO test",
            f"{short_name(winner, k, a.result.delivery_location)} over {k.cost_model.horizon.words} is "
            f"{saving_words(*cost.saving_share)} than today, short of the {threshold} saving CFOs usually "
            f"require for {a.cost.location} delivery "
            f"({cfo_verdict(cost, a.cost.cfo_threshold)}). Check the rates, or weigh control and IP above cost.",
            figure.source,
        )
    ]


def _borderline(a: Analysis, k: Knowledge) -> list[Notice]:
    """Answers between two documented bands, for the models still in play (not ruled out or set aside)."""
    relevant = {m for m in (a.result.recommendation, a.result.runner_up) if m}
    out = {e.model for e in a.result.excluded}
    return [
        Notice(
            "warning" if relevant & set(b.models) else "info",
            "Borderline answer",
            f"{label(b.field)} of {value_words(b.field, b.value, a.currency)} falls {b.band}: "
            f"{', '.join(k.models[m].short for m in b.models)} keep{'s' if len(b.models) == 1 else ''} a penalty "
            f"rather than being ruled in or out. {b.text}",
            b.source,
        )
        for b in a.result.borderline
        if set(b.models) - out
    ]


def _cost_ranges(a: Analysis) -> list[Notice]:
    """Cost warnings for the two models the verdict weighs (the JSON keeps all of them)."""
    shown = {a.result.recommendation, a.result.runner_up}
    return [
        Notice("warning", "Cost outside the documented range", w.text, w.source)
        for w in a.cost.warnings
        if w.model in shown
    ]


def _onshore(a: Analysis, k: Knowledge) -> list[Notice]:
    """The recommended model's onshore notes (models.yaml), when it is delivered onshore: domestic BPO."""
    r = a.result
    if r.recommendation is None or r.delivery_location != "onshore":
        return []
    notes = k.models[r.recommendation].onshore_notes
    reasons = [(n.title, k.reasons[n.rule, r.recommendation]) for n in notes]  # the loader checks they exist
    return [Notice("info", title, reason.text, reason.source) for title, reason in reasons]


def assumption_note(a: Analysis, k: Knowledge | None = None) -> str:
    """Which figures behind the cost table are this method's assumptions, not the documents'."""
    k = k or knowledge()
    used = sorted({f for c in a.cost.models.values() for f in c.assumptions})
    if not used:
        return ""
    return (
        "Rows marked “assumed figures” use figures the documents do not give, each editable under Rates and "
        "assumptions: " + "; ".join(k.figures[f].name for f in used) + "."
    )
