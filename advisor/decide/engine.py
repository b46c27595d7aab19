"""The engine: answers in, a ranked and explained recommendation out. Pure and deterministic.

Every number it returns comes from the rules that fired: the contributions list is the single
record from which scores, reasons, exclusions, charts and the report are all drawn.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..inputs.answers import Answers
from ..inputs.parse import validate_answers
from ..rules.compiled import Contribution, HubEntry, Out, Reason
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Location, ModelId
from .scorer import rank, score


class Ranked(Out):
    model: ModelId
    name: str
    score: float
    points: int
    excluded: bool


class Exclusion(Out):
    model: ModelId
    reasons: list[str]
    rules: list[str]


class Recommendation(Out):
    recommendation: ModelId
    recommendation_name: str
    ranking: list[Ranked]
    excluded: list[Exclusion]
    delivery_location: Location
    location_reason: Reason
    hubs: list[HubEntry]
    reasons: list[Reason]
    runner_up: ModelId | None
    margin: float
    close_call: bool
    close_call_margin: float
    contributions: list[Contribution]


def fired_rules(answers: Answers, k: Knowledge) -> list[int]:
    """Indexes of the rules whose condition holds."""
    return [i for i, holds in enumerate(k.predicates) if holds(answers)]


def contributions(answers: Answers, k: Knowledge) -> list[Contribution]:
    """What every rule that holds for these answers gives or takes, per model."""
    return [c for index in fired_rules(answers, k) for c in k.contributions[index]]


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
    models = k.scoring.model_order
    ranked = rank(np.array([[points[m] for m in models]]), np.array([[m in excluded for m in models]]))[0]
    order = [models[i] for i in ranked]
    ranking = [
        Ranked.model_construct(
            model=m, name=k.model_name(m), score=score(points[m], k), points=points[m], excluded=m in excluded
        )
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
            Exclusion.model_construct(
                model=m, reasons=[c.text for c in excluded[m]], rules=[c.rule for c in excluded[m]]
            )
            for m in order
            if m in excluded
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
    mine = sorted((c for c in parts if c.model == winner and c.points > 0), key=lambda c: -c.points)
    return [k.reasons[c.rule, c.model] for c in mine]


def delivery_location(answers: Answers, k: Knowledge) -> tuple[Location, Reason]:
    """The first location rule that holds decides (the last rule always holds)."""
    for index, holds in enumerate(k.location_predicates):
        if holds is None or holds(answers):
            return k.location_rules[index].location, k.location_reasons[index]
    raise AssertionError("locations.yaml ends with a default rule; checked at load")


def hubs_for(location: str, answers: Answers, k: Knowledge) -> list[HubEntry]:
    """Hubs the documents name for this location and home region; those known for the function first."""
    return hubs_at(location, answers.home_region, answers.function, k)


def hubs_at(location: str, home_region: str, function: str, k: Knowledge) -> list[HubEntry]:
    fitting = [h for h in k.hubs if h.location == location and home_region in h.serves]
    fitting.sort(key=lambda h: function not in h.known_for)  # stable: hubs.yaml order breaks ties
    return [k.hub_entries[h.id, function in h.known_for] for h in fitting]
