"""The engine: answers in, a ranked and explained recommendation out. Pure and deterministic.

Every number it returns comes from the rules that fired: the contributions list is the single
record from which scores, reasons, exclusions, charts and the report are all drawn. The rules that
fire come from the rule tables built at load (rules/tables.py); the order of the models from
`scorer.plain_order` and `level_order`, by the keys of `scorer.rank`, which ranks thousands of answers at once.

Results are kept at two levels, neither holding user text: whole recommendations by the scored answers, and
what the rules alone decide (contributions, ranking, reasons, exclusions) by the answers' cells, every rule
reading all answers in the same cells alike. So a new headcount inside a known band costs only the parts
that read raw values: the hubs, the order of level models, borderline values and the ways out of no fit.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from ..inputs.answers import Answers
from ..inputs.fields import (
    DISPLAY_FIELDS,
    FIELDS,
    NUMBER_FIELDS,
    SCORED,
    answers_read,
    built,
    checked_answers,
    reader,
)
from ..inputs.money import money
from ..inputs.parse import validate_answers
from ..rules.compiled import Contribution, HubEntry, Out, Reason
from ..rules.grammar import comparisons
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import Location, ModelId, Named, RuleKind, Source
from .costs import tie_keys_of
from .kept import Kept
from .place import hubs_for, location_rule
from .scorer import TieKeys, level_order, plain_order, score
from .tipping import TippingPoint, change_words, openings


class Ranked(Out):
    """A model's place. A model ruled out or set aside has no score (0): its `points` stay for the record."""

    model: ModelId
    name: str
    score: float
    points: int
    excluded: bool
    set_aside: bool  # excluded only because it contradicts a stated choice, not by a document


class Exclusion(Out):
    """Why a model is not the answer: each rule that closed it, and its kind ("rule": a document rules
    it out; "choice": it contradicts what the user said)."""

    model: ModelId
    reasons: list[str]
    rules: list[str]
    kinds: list[RuleKind]

    @property
    def set_aside(self) -> bool:
        return all(kind == "choice" for kind in self.kinds)


class Borderline(Out):
    """An answer between two documented bands: the rule keeps its penalty and the result says so."""

    rule: str
    field: str
    value: Any
    band: str
    models: list[ModelId]
    text: str
    source: Source


class TieBreak(Out):
    """Two models with exactly the same points, and what put one first."""

    models: list[ModelId]
    decided_by: str  # "named for the work", "cost", "time to steady state" or "nothing: a genuine tie"
    text: str
    source: Source | None = None  # the passage that names the first model for the work, when that decided


class Closed(Out):
    model: ModelId
    rules: list[str]
    reasons: list[str]


class NoFit(Out):
    """Every model ruled out or set aside: what closed each one, and the single changes that open one
    (`openings`, those in the user's hands first; `nearest` is the first of them)."""

    closed: list[Closed]
    nearest: TippingPoint | None
    openings: list[TippingPoint]
    text: str


class Recommendation(Out):
    recommendation: ModelId | None
    recommendation_name: str | None
    recommendation_label: str | None  # the name as shown: onshore ITES/BPO is domestic (onshore) BPO
    ranking: list[Ranked]
    excluded: list[Exclusion]
    delivery_location: Location
    location_reason: Reason
    hubs: list[HubEntry]
    reasons: list[Reason]
    reasons_against: list[Reason]
    runner_up: ModelId | None
    margin: float
    close_call: bool
    close_call_margin: float
    weak_fit: bool
    tie_break: TieBreak | None
    borderline: list[Borderline]
    no_fit: NoFit | None
    contributions: list[Contribution]


CACHE_SIZE: Final = 2048  # recommendations kept per process (about 13 kB each: 26 MB at most)

Key = tuple[Any, ...]


KEYED: Final = (*SCORED, *sorted(DISPLAY_FIELDS))  # how money is shown changes the words, so it keys them too
_KEYED: Final = operator.itemgetter(*KEYED)
_LIST: Final = KEYED.index("regulations")
_NUMBERS: Final = operator.itemgetter(*(name for name in KEYED if name in NUMBER_FIELDS))
_UNKEYED: Final = {name: info.default for name, info in FIELDS.items() if name not in KEYED}  # no company or notes
_TEXT: Final = operator.itemgetter(*_UNKEYED)  # the company and the notes (empty: "")


def answers_key(answers: Answers) -> Key:
    """What a result depends on: every scored answer and the currency, then the numbers' types (so that 100 and
    100.0 stay apart, as their JSON does; the other answers are text or lists of text). Never the company or the
    notes: a cache keyed by it holds no user text. Short, since every new answers hash it three times."""
    given = answers.__dict__
    values = _KEYED(given)
    return (*values[:_LIST], tuple(values[_LIST]), *values[_LIST + 1 :], *map(type, _NUMBERS(given)))


def key_answers(key: Key) -> Answers:
    """The answers a key stands for (validated already; no company or notes)."""
    values = dict(zip(KEYED, key)) | _UNKEYED  # every field in order: KEYED is the fields' order without the text
    values["regulations"] = list(values["regulations"])
    return checked_answers(values)


def recommend(data: Answers | dict[str, Any], k: Knowledge | None = None) -> Recommendation:
    """Score the five models for these answers and explain the result. The same answers give the same
    (immutable) result, so it is computed once per process: workshops, portfolios and every first page
    ask for the same answers again and again."""
    answers = validate_answers(data)
    k = k or knowledge()
    key = (answers_key(answers), k)
    kept = _kept.get(key)
    return _kept.put(key, _recommend(without_text(answers), k)) if kept is None else kept


_kept: Final = Kept[tuple[Key, Knowledge], Recommendation](CACHE_SIZE)  # keyed by scored answers: no user text


def without_text(answers: Answers) -> Answers:
    """The answers without the company and the notes (the same answers when they have none): what a kept result
    is worked out from, so that no user text can reach it."""
    values = answers.__dict__
    if not any(_TEXT(values)):
        return answers
    return checked_answers(values | _UNKEYED)  # a new dict, in the fields' order


CELL_CACHE_SIZE: Final = 4096  # rule outcomes and results per combination of cells kept per process (a few MB)


def _recommend(answers: Answers, k: Knowledge) -> Recommendation:
    """The recommendation from its parts that the rules decide, kept per combination of cells (`_Body`), and
    the parts that read the answers' raw values, worked out per call: the hubs, the order of two level
    models and its tie-break, borderline values, and the ways out when no model fits."""
    cells = k.tables.combinations(answers.__dict__)
    at = location_rule(answers, k)
    location = k.location_rules[at].location
    scored = _scored(cells, k)
    keys, order = None, scored.order
    if order is None:  # two models level: their tie-break keys, read once, order them and say which decided
        keys = _tie_keys(answers, location, k)
        order = tuple(level_order(scored.points, scored.excluded, keys))
    body = _body(cells, at, order, k)
    first, second = body.level or (None, None)
    fields = body.fields.copy()  # (its dict's copy; `dict(proxy)` reads key by key) and the fields left empty:
    fields["hubs"] = _hubs(location, answers.home_region, answers.function, k)
    if first and second:
        fields["tie_break"] = _tie_break(first, second, answers, keys or _tie_keys(answers, location, k), k)
    fields["borderline"] = _borderline(answers, body.borderline, k) if body.borderline else []
    fields["no_fit"] = None if body.fields["recommendation"] else _no_fit(answers, body.closed, k)
    return built(Recommendation, fields)  # every field, in order (`_body` made them so): `of_dict` need not check


@dataclass(frozen=True)
class _Scored:
    """What the rules give for one combination of cells: the rules that fire, points and exclusions per
    model, and the order of the models when no two are level (None: the tie-break keys decide it)."""

    fired: tuple[int, ...]
    points: tuple[int, ...]
    excluded: tuple[bool, ...]
    order: tuple[int, ...] | None


@functools.lru_cache(maxsize=CELL_CACHE_SIZE)  # keyed by cells of the answers: no user text, no raw value
def _scored(cells: tuple[int, ...], k: Knowledge) -> _Scored:
    fired, points, shut = k.tables.outcome_of(cells)
    excluded = tuple(bool(shut >> i & 1) for i in range(len(points)))
    order = plain_order(points, excluded)
    return _Scored(tuple(fired), tuple(points), excluded, None if order is None else tuple(order))


@dataclass(frozen=True)
class _Body:
    """The parts of a recommendation decided by the cells, the location rule and the order of the models."""

    fields: MappingProxyType[str, Any]  # the Recommendation's fields, in order; those read per call hold None
    level: tuple[ModelId, ModelId] | None  # the first two models when they have the same points: a tie-break
    borderline: tuple[int, ...]  # the fired rules between two bands (their answers' values are read per call)
    closed: tuple[Closed, ...]  # when no model fits: what closed each one


@functools.lru_cache(maxsize=CELL_CACHE_SIZE)  # keyed by cells, a rule index and model indexes: no user text
def _body(cells: tuple[int, ...], at: int, order: tuple[int, ...], k: Knowledge) -> _Body:
    scored = _scored(cells, k)
    parts = [c for index in scored.fired for c in k.contributions[index]]
    models = k.scoring.model_order
    location = k.location_rules[at].location
    points = dict(zip(models, scored.points))
    gates = [c for c in parts if c.excludes]
    excluded = {m: [c for c in gates if c.model == m] for m, out in zip(models, scored.excluded) if out}
    ranking = [
        Ranked.of(
            model=models[i],
            name=k.model_name(models[i]),
            score=0.0 if models[i] in excluded else score(points[models[i]], k),
            points=points[models[i]],
            excluded=models[i] in excluded,
            set_aside=models[i] in excluded and all(c.kind == "choice" for c in excluded[models[i]]),
        )
        for i in order
    ]
    eligible = [r for r in ranking if not r.excluded]
    winner = eligible[0].model if eligible else None
    runner_up = eligible[1] if len(eligible) > 1 else None
    margin = round(eligible[0].score - runner_up.score, 1) if runner_up else 100.0
    exclusions = [
        Exclusion.of(
            model=r.model,
            reasons=[c.text for c in excluded[r.model]],
            rules=[c.rule for c in excluded[r.model]],
            kinds=[c.kind for c in excluded[r.model]],
        )
        for r in ranking
        if r.excluded
    ]
    fields = dict(
        recommendation=winner,
        recommendation_name=k.model_name(winner) if winner else None,
        recommendation_label=_label(winner, location, k) if winner else None,
        ranking=ranking,
        excluded=exclusions,
        delivery_location=location,
        location_reason=k.location_reasons[at],
        hubs=None,
        reasons=_reasons(parts, winner, k, positive=True),
        reasons_against=_reasons(parts, winner, k, positive=False),
        runner_up=runner_up.model if runner_up else None,
        margin=margin,
        close_call=runner_up is not None and margin < k.scoring.close_call_margin,
        close_call_margin=k.scoring.close_call_margin,
        weak_fit=winner is not None and points[winner] < 0,
        tie_break=None,
        borderline=None,
        no_fit=None,
        contributions=parts,
    )
    level = (eligible[0].model, runner_up.model) if runner_up and runner_up.points == eligible[0].points else None
    borderline = tuple(index for index in scored.fired if k.rules[index].borderline)
    closed = () if winner else tuple(Closed.of(model=e.model, rules=e.rules, reasons=e.reasons) for e in exclusions)
    return _Body(MappingProxyType(fields), level, borderline, closed)


@functools.lru_cache(maxsize=CELL_CACHE_SIZE)  # keyed by a location and two choices: no user text
def _hubs(location: Location, home_region: str, function: str, k: Knowledge) -> list[HubEntry]:
    return hubs_for(location, home_region, function, k)


def _label(model: str, location: str, k: Knowledge) -> str:
    info = k.models[model]
    return info.onshore_name if location == "onshore" and info.onshore_name else info.name


def _reasons(parts: list[Contribution], winner: str | None, k: Knowledge, positive: bool) -> list[Reason]:
    """The winner's contributions for (positive) or against it, strongest first (stable for equal points)."""
    sign = 1 if positive else -1
    mine = sorted((c for c in parts if c.model == winner and sign * c.points > 0), key=lambda c: -sign * c.points)
    return [k.reasons[c.rule, c.model] for c in mine]


def _borderline(answers: Answers, rules: tuple[int, ...], k: Knowledge) -> list[Borderline]:
    """Each borderline rule that fired, with the answer's value: all else is the rule's own (`_borderline_of`)."""
    out = []
    for index in rules:
        known = _borderline_of(index, k)
        fields = known.copy()  # a dict's own copy: `{**known}` and `dict(known)` read a proxy key by key
        fields["value"] = answers.__dict__[known["field"]]
        fields["models"] = list(known["models"])  # a list each
        out.append(built(Borderline, fields))  # every field, in order (`_borderline_of` made them so)
    return out


@functools.lru_cache(maxsize=CELL_CACHE_SIZE)  # keyed by a rule index: no user data
def _borderline_of(index: int, k: Knowledge) -> MappingProxyType[str, Any]:
    """A borderline rule's fields of `Borderline`, in order; the value is the answers' (None here)."""
    rule = k.rules[index]
    return MappingProxyType(
        dict(
            rule=rule.id,
            field=k.contributions[index][0].factor,
            value=None,
            band=rule.borderline,
            models=tuple(m for m in k.scoring.model_order if m in rule.effect),
            text=rule.says,
            source=rule.source,
        )
    )


def named_for(answers: Answers, k: Knowledge) -> dict[str, list[Named]]:
    """The models the documents name for this work or define by it, with the entries that name them."""
    out: dict[str, list[Named]] = {}
    for entry, holds in zip(k.named, k.named_predicates):
        if holds(answers):
            for model in entry.models:
                out.setdefault(model, []).append(entry)
    return out


def named_flags(answers: Answers, k: Knowledge) -> tuple[int, ...]:
    """Per model: 1 if the documents name it for this work (`named_for`), else 0; kept per values of the
    answers named.yaml reads (choices and numbers, never text)."""
    return _named_flags(_named_reader(k)(answers.__dict__), k)


@functools.cache  # keyed by the immutable knowledge base: no user data
def _named_fields(k: Knowledge) -> tuple[str, ...]:
    return tuple(sorted({c.field for entry in k.named for c in comparisons(entry.when)}))


@functools.cache  # keyed by the immutable knowledge base: no user data
def _named_reader(k: Knowledge) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    return reader(_named_fields(k))


@functools.lru_cache(maxsize=CELL_CACHE_SIZE)  # keyed by choices and numbers: no user text
def _named_flags(values: tuple[Any, ...], k: Knowledge) -> tuple[int, ...]:
    named = named_for(answers_read(_named_fields(k), values), k)  # the conditions read only these answers
    return tuple(int(m in named) for m in k.scoring.model_order)


def _tie_keys(answers: Answers, location: Location, k: Knowledge) -> TieKeys:
    """The keys `rank` breaks a tie in points by, per model: named for the work, cost, time to steady state."""
    return named_flags(answers, k), *tie_keys_of(answers, location, k)


def _tie_break(first: ModelId, second: ModelId, answers: Answers, keys: TieKeys, k: Knowledge) -> TieBreak:
    """Why the first of two models with the same points comes first (`keys`: the keys `rank` sorted by)."""
    flags, cost, steady = keys
    a, b = k.scoring.model_order.index(first), k.scoring.model_order.index(second)
    names = f"{k.model_name(first)} and {k.model_name(second)} have exactly the same points"
    if flags[a] != flags[b]:  # one is named for the work: the entry that names it says why
        entry = named_for(answers, k)[first][0]
        return TieBreak.of(
            models=[first, second],
            decided_by="named for the work",
            text=f"{names}; {k.model_name(first)} comes first because the documents name it for this work "
            f"({entry.says.rstrip('.')}), not {k.model_name(second)}: cost decides only between models the "
            "documents treat alike.",
            source=entry.source,
        )
    if round(cost[a], 2) != round(cost[b], 2):
        currency = k.currency(answers)
        return TieBreak.of(
            models=[first, second],
            decided_by="cost",
            text=f"{names}, and the documents treat them alike for this work; {k.model_name(first)} comes first "
            f"for its lower mid-range {k.cost_model.horizon.adjective} cost "
            f"({money(cost[a], currency)} against {money(cost[b], currency)}).",
        )
    if steady[a] != steady[b]:
        return TieBreak.of(
            models=[first, second],
            decided_by="time to steady state",
            text=f"{names} and cost; {k.model_name(first)} comes first for its shorter time to steady state.",
        )
    return TieBreak.of(
        models=[first, second],
        decided_by="nothing: a genuine tie",
        text=f"{names}, cost and time to steady state: a genuine tie; weigh both.",
    )


def _no_fit(answers: Answers, closed: Sequence[Closed], k: Knowledge) -> NoFit:
    found = openings(answers, k)
    nearest = found[0] if found else None
    text = "Every model is ruled out by a documented rule or set aside by a choice you stated."
    if nearest is not None:
        text += (
            f" The first way out: {change_words(nearest.field, nearest.value, k.currency(answers))}, "
            f"which gives {k.model_name(nearest.recommendation or '')}."
        )
    return NoFit.of(
        closed=list(closed),
        nearest=nearest,
        openings=found,
        text=text,
    )
