"""How much the recommendation rests on the method's own weights, in the words the screen, the PDF and the
workshop dashboard share (advisor/decide/robustness.py computes it; scoring.yaml `weights_check` sets it)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..decide.analysis import Analysis
from ..decide.robustness import Robustness
from ..rules.grammar import describe
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Location, Source
from .chart_data import short_name


@dataclass(frozen=True)
class DecidingRule:
    """A rule whose weight decides the recommendation, in words."""

    rule: str
    words: str  # its condition and the points it gives, e.g. "‘Kind of work: knowledge-intensive’ (KPO +30)"
    share: str  # its share of what flips the recommendation, as shown
    source: Source


@dataclass(frozen=True)
class WeightsWords:
    depends: bool  # below the threshold: the verdict says the answer depends on the weighting
    figure: str  # the share as shown everywhere ("97%")
    title: str
    text: str
    rules: list[DecidingRule]  # named when the answer depends on the weighting


def percent(share: float) -> str:
    """A share as shown: whole percent rounded down, so that a share shown as the threshold is never below
    it, and nothing short of every draw shows as 100%."""
    whole = math.floor(share * 100 + 1e-9)
    return "under 1%" if whole == 0 and share > 0 else f"{whole}%"


def band_words(k: Knowledge) -> str:
    """How the weightings are drawn, in a few words."""
    s = k.scoring.weights_check
    return f"each rule's points varied at once by up to ±{s.band:.0%}, {s.draws:,} draws"


def _rule_words(rule_id: str, k: Knowledge) -> tuple[str, Source]:
    rule = next(r for r in k.rules if r.id == rule_id)
    points = ", ".join(f"{k.short(m)} {v:+d}" for m, v in rule.effect.items() if v != "exclude")
    return f"‘{describe(rule.when)}’ ({points})", rule.source


def deciding_rules(r: Robustness, k: Knowledge) -> list[DecidingRule]:
    out = []
    for d in r.deciding:
        words, source = _rule_words(d.rule, k)
        out.append(DecidingRule(d.rule, words, percent(d.share), source))
    return out


def _instead(r: Robustness, location: Location, k: Knowledge) -> str:
    named = [f"{short_name(m, k, location)} ({percent(p)})" for m, p in r.instead.items()]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def robustness_words(r: Robustness, location: Location, k: Knowledge | None = None) -> WeightsWords:
    """The weights check of one result in words."""
    k = k or knowledge()
    figure = percent(r.share)
    if r.model is None:
        text = "No weighting of the rules' points changes this: documented gates alone rule every model out."
        return WeightsWords(False, figure, "Weights", text, [])
    name = short_name(r.model, k, location)
    if r.alone:
        text = f"{name} is the only model not ruled out, so no weighting of the rules' points changes the answer."
        return WeightsWords(False, figure, "Holds under other weightings", text, [])
    only = "only " if r.depends else ""
    text = f"{name} stays first under {only}{figure} of reasonable weightings ({band_words(k)})"
    text += f"; under the rest {_instead(r, location, k)} comes first." if r.instead else "."
    if not r.depends:
        return WeightsWords(False, figure, "Holds under other weightings", text, [])
    rules = deciding_rules(r, k)
    if rules:
        text += " The rules whose weight decides it, with their share of what flips it:"
    else:
        text += " No single rule's weight decides it: many small weights together do."
    return WeightsWords(True, figure, "Depends on the method's weighting", text, rules)


def weights_words(a: Analysis, k: Knowledge | None = None) -> WeightsWords:
    """The weights check of an analysis; with uncertain answers, of its point answers (and it says so)."""
    k = k or knowledge()
    w = robustness_words(a.weights, a.result.delivery_location, k)
    if not a.uncertain or a.weights.model is None:
        return w
    scope = " (For the answers as scored: the first value listed, the middle of a range.)"
    return WeightsWords(w.depends, w.figure, w.title, w.text + scope, w.rules)


def method_lines(k: Knowledge | None = None) -> list[str]:
    """How the weights check works, from its settings: the method page and the report's appendix."""
    k = k or knowledge()
    s = k.scoring.weights_check
    return [
        "The documents give the rules; the points each rule carries are this method's judgement. To show how much "
        f"a result rests on them, every rule's points for every model it scores are varied at once: each drawn "
        f"evenly within ±{s.band:.0%} of its value and rounded to whole points, {s.draws:,} times (seed {s.seed}; "
        "each weight has its own stream, so the draws never depend on the order of the rules or the models, or on "
        "anything else computed). Rules that rule a model out stay as they are.",
        "Each draw is ranked exactly as the recommendation is (ruled-out models last, then points, then the cost "
        "and time tie-break), and the result reports the share of draws in which the recommended model stays first. "
        "Models level on points, cost and time in a draw (a genuine tie) share its first place equally, so the "
        "order the models are listed in never decides it.",
        f"Below {s.threshold:.0%}, the verdict says the answer depends on the method's weighting and names the "
        f"rules whose weight decides it. In each draw where another model comes first, the recommended model's lead "
        "over it shrinks; each rule that fired whose drawn points shrink the lead takes its part of the shrinking, "
        "and a rule's share is its part over all those draws. At most "
        f"{s.named_rules} rules are named, each carrying at least {s.min_share:.0%}.",
        "With uncertain answers the figure is for the answers as scored (the first value listed, the middle of a "
        "range); in a workshop, for the agreed answers and the room's most common answer to each question still "
        "open. The chance of each model over the uncertain answers is shown beside it.",
    ]
