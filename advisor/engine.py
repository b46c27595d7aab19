"""The engine: answers in, a ranked and explained recommendation out. Pure and deterministic.

Every number it returns comes from the rules that fired: the contributions list is the single
record from which scores, reasons, exclusions, charts and the report are all drawn.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from .answers import Answers, validate_answers
from .knowledge import Knowledge, Location, ModelId, Source, knowledge


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Contribution(_Out):
    """One rule's effect on one model: points, or an exclusion."""

    rule: str
    model: ModelId
    points: int
    excludes: bool
    factor: str
    text: str
    source: Source


class Ranked(_Out):
    model: ModelId
    name: str
    score: float
    points: int
    excluded: bool


class Exclusion(_Out):
    model: ModelId
    reasons: list[str]
    rules: list[str]


class Reason(_Out):
    rule: str
    text: str
    points: int
    source: Source


class Hub(_Out):
    id: str
    name: str
    text: str
    fits_function: bool
    source: Source


class Recommendation(_Out):
    recommendation: ModelId
    recommendation_name: str
    ranking: list[Ranked]
    excluded: list[Exclusion]
    delivery_location: Location
    location_reason: Reason
    hubs: list[Hub]
    reasons: list[Reason]
    runner_up: ModelId | None
    margin: float
    close_call: bool
    close_call_margin: float
    contributions: list[Contribution]


def score(points: int, k: Knowledge) -> float:
    """Points to a 0-100 score on the logistic curve set in scoring.yaml."""
    return round(100.0 / (1.0 + math.exp(-points / k.scoring.score_scale_points)), 1)


def fired_rules(answers: Answers, k: Knowledge) -> list[int]:
    """Indexes of the rules whose condition holds."""
    return [i for i, holds in enumerate(k.predicates) if holds(answers)]


@functools.cache
def _rule_contributions(k: Knowledge) -> tuple[tuple[Contribution, ...], ...]:
    """Each rule's contributions, built once: they depend on the rule, not on the answers."""
    return tuple(
        tuple(
            Contribution(
                rule=rule.id, model=model, points=0 if effect == "exclude" else effect, excludes=effect == "exclude",
                factor=factor, text=rule.says, source=rule.source,
            )
            for model in k.scoring.model_order
            if (effect := rule.effect.get(model)) is not None
        )
        for rule, factor in zip(k.rules, k.factors)
    )


@functools.cache
def _reasons_by_contribution(k: Knowledge) -> dict[tuple[str, str], Reason]:
    return {
        (c.rule, c.model): Reason(rule=c.rule, text=c.text, points=c.points, source=c.source)
        for group in _rule_contributions(k) for c in group
    }


def contributions(answers: Answers, k: Knowledge) -> list[Contribution]:
    """What every rule that holds for these answers gives or takes, per model."""
    built = _rule_contributions(k)
    return [c for index in fired_rules(answers, k) for c in built[index]]


def order_models(points: dict[str, int], excluded: set[str], k: Knowledge) -> list[str]:
    """Best first: models not ruled out by points, then ruled-out ones; ties by model_order."""
    position = {m: i for i, m in enumerate(k.scoring.model_order)}
    return sorted(points, key=lambda m: (m in excluded, -points[m], position[m]))


def recommend(data: Answers | dict[str, Any], k: Knowledge | None = None) -> Recommendation:
    """Score the five models for these answers and explain the result."""
    k = k or knowledge()
    answers = validate_answers(data)
    parts = contributions(answers, k)
    points = {m: 0 for m in k.scoring.model_order}
    excluded: dict[str, list[Contribution]] = {}
    for c in parts:
        points[c.model] += c.points
        if c.excludes:
            excluded.setdefault(c.model, []).append(c)
    order = order_models(points, set(excluded), k)
    ranking = [
        Ranked.model_construct(model=m, name=k.model_name(m), score=score(points[m], k), points=points[m], excluded=m in excluded)
        for m in order
    ]
    winner = order[0]
    eligible = [r for r in ranking if not r.excluded]
    runner_up = eligible[1] if len(eligible) > 1 else None
    margin = round(eligible[0].score - runner_up.score, 1) if runner_up else 100.0
    location, location_reason = delivery_location(answers, k)
    return Recommendation.model_construct(
        recommendation=winner,
        recommendation_name=k.model_name(winner),
        ranking=ranking,
        excluded=[
            Exclusion.model_construct(model=m, reasons=[c.text for c in excluded[m]], rules=[c.rule for c in excluded[m]])
            for m in order if m in excluded
        ],
        delivery_location=location,
        location_reason=location_reason,
        hubs=hubs_for(location, answers, k),
        reasons=_reasons(parts, winner, k),
        runner_up=runner_up.model if runner_up else None,
        margin=margin,
        close_call=margin < k.scoring.close_call_margin,
        close_call_margin=k.scoring.close_call_margin,
        contributions=parts,
    )


def _reasons(parts: list[Contribution], winner: str, k: Knowledge) -> list[Reason]:
    """The winner's positive contributions, strongest first (stable for equal points)."""
    reasons = _reasons_by_contribution(k)
    mine = sorted((c for c in parts if c.model == winner and c.points > 0), key=lambda c: -c.points)
    return [reasons[c.rule, c.model] for c in mine]


@functools.cache
def _location_reasons(k: Knowledge) -> tuple[Reason, ...]:
    return tuple(Reason(rule=r.id, text=r.says, points=0, source=r.source) for r in k.location_rules)


@functools.cache
def _hub_entries(k: Knowledge) -> dict[tuple[str, bool], Hub]:
    """Each hub as shown, for both answers to "is it known for this function?"."""
    return {
        (h.id, fits): Hub(id=h.id, name=h.name, text=h.says, fits_function=fits, source=h.source)
        for h in k.hubs for fits in (True, False)
    }


def delivery_location(answers: Answers, k: Knowledge) -> tuple[Location, Reason]:
    """The first location rule that holds decides (the last rule always holds)."""
    for index, holds in enumerate(k.location_predicates):
        if holds is None or holds(answers):
            return k.location_rules[index].location, _location_reasons(k)[index]
    raise AssertionError("locations.yaml ends with a default rule; checked at load")


def hubs_for(location: str, answers: Answers, k: Knowledge) -> list[Hub]:
    """Hubs the documents name for this location and home region; those known for the function first."""
    fitting = [h for h in k.hubs if h.location == location and answers.home_region in h.serves]
    fitting.sort(key=lambda h: answers.function not in h.known_for)  # stable: hubs.yaml order breaks ties
    entries = _hub_entries(k)
    return [entries[h.id, answers.function in h.known_for] for h in fitting]
