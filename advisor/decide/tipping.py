"""Tipping points and the what-if grid: for every answer, the changes that would put another model first.

Enumerated answers are tried value by value. A number can only change the result where a rule
compares it with a threshold, so trying one value on each side of each threshold finds the
nearest change in each direction exactly: between two thresholds every value scores the same.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import (
    FIELDS,
    INTEGER_FIELDS,
    NUMBER_FIELDS,
    SCORED,
    UNKNOWN,
    answers_with,
    decode,
    encode,
    enum_values,
    label,
    number_words,
    value_words,
)
from ..inputs.money import USD, Currency
from ..rules.loader import Knowledge
from .scorer import NO_FIT, Blocks, changed_columns, cut_points, firsts, leaders, variant_tallies, variant_winners


@dataclass(frozen=True)
class TippingPoint:
    field: str
    value: Any
    recommendation: str | None  # None: the change rules every model out


def bounds(field: str) -> tuple[float, float]:
    info = FIELDS[field]
    return float(info.low if info.low is not None else -math.inf), float(
        info.high if info.high is not None else math.inf
    )


def _just_below(field: str, t: float) -> float:
    return float(math.ceil(t) - 1) if field in INTEGER_FIELDS else math.nextafter(t, -math.inf)


def _from(field: str, t: float) -> float:
    return float(math.ceil(t)) if field in INTEGER_FIELDS else t


@functools.cache  # keyed by the immutable knowledge base (compared by identity): no user data
def _sides(field: str, k: Knowledge) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per threshold of a number field: the first value at or above it, and the last value below it."""
    cuts = cut_points(field, k)
    return tuple(_from(field, t) for t in cuts), tuple(_just_below(field, t) for t in cuts)


def _number_candidates(field: str, current: float | None, k: Knowledge) -> tuple[list[float], list[float]]:
    """One value per threshold on each side of the current value, nearest first. Unknown (null)
    values are approached from the top and from the bottom of the allowed range."""
    low, high = bounds(field)
    starts, ends = _sides(field, k)
    if current is None:
        down, up = list(reversed(ends)), list(starts)
    else:
        up = [v for v in starts if v > current]
        down = [e for s, e in zip(reversed(starts), reversed(ends)) if s <= current]
    return [v for v in up if low <= v <= high], [v for v in down if low <= v <= high]


def _variants(answers: Answers, k: Knowledge) -> list[tuple[str, Any, list[float]]]:
    """(field, code or codes, ...) groups: every other enum value, each regulation toggled, numbers."""
    groups: list[tuple[str, Any, list[float]]] = []
    for field in SCORED:
        current = getattr(answers, field)
        if field in NUMBER_FIELDS:
            for direction in _number_candidates(field, current, k):
                groups.append((field, "nearest", direction))
        elif FIELDS[field].kind == "choices":
            mask = int(encode(field, current))
            groups.append((field, "each", [mask ^ (1 << i) for i in range(len(enum_values(field)))]))
        else:
            codes = enumerate(FIELDS[field].values)  # a choice's code is its option's index, as `encode` gives it
            others: list[float] = [code for code, value in codes if value != current]
            groups.append((field, "each", others))
    return groups


def _flips(answers: Answers, current: int, k: Knowledge, every: bool = False) -> list[tuple[str, int, Any, int, int]]:
    """Every single-answer change that changes which model comes first (`current`, an index into the model
    order, -1 for no fit), or whether one does:
    (field, group, code, first model index or -1 for no fit, that model's points), in field order. For a
    number, the nearest such value in each direction (group), or with `every` all of them, nearest first."""
    groups = [g for g in _variants(answers, k) if g[2]]
    won, scores = variant_winners(answers, [(field, values) for field, _, values in groups], k)
    first, points = won.tolist(), scores.tolist()
    found, start = [], 0
    for group, (field, mode, values) in enumerate(groups):
        block = range(start, start + len(values))
        start += len(values)
        flips = [(v, first[r], points[r][first[r]]) for v, r in zip(values, block) if first[r] != current]
        for value, model, pts in flips[:1] if mode == "nearest" and not every else flips:
            found.append((field, group, value, model, pts))
    return found


def tipping_points(answers: Answers, winner: str | None, k: Knowledge) -> list[TippingPoint]:
    """Single changes that put another model first, or that rule every model out (recommendation None)."""
    kept = _kept_tipping_points(_typical(answers, k), winner, k)
    return list(kept) if kept is not None else _tipping_points(answers, winner, k)


@functools.lru_cache(maxsize=1024)  # keyed by cells, choices and whether numbers are known: no user text
def _kept_tipping_points(key: Typical, winner: str | None, k: Knowledge) -> tuple[TippingPoint, ...] | None:
    """`tipping_points` of all answers with this key, when the rules alone decide them (`_untied`)."""
    typical = _typical_answers(key, k)
    blocks = [(field, values) for field, _, values in _variants(typical, k) if values]
    return tuple(_tipping_points(typical, winner, k)) if _untied(typical, blocks, k) else None


def _tipping_points(answers: Answers, winner: str | None, k: Knowledge) -> list[TippingPoint]:
    models: list[str] = list(k.scoring.model_order)
    current = models.index(winner) if winner else -1
    return [
        TippingPoint(field, _plain(decode(field, value), field), models[model] if model >= 0 else None)
        for field, _, value, model, _ in _flips(answers, current, k)
    ]


def few_people(now: float, value: float, k: Knowledge) -> bool:
    """Whether a change of headcount is by "a few people": fewer than `few_people`, or less than
    `few_share` of the team (scoring.yaml `ways_out`). Such a change is never offered as a way out."""
    change = abs(value - now)
    return change < k.scoring.ways_out.few_people or change < k.scoring.ways_out.few_share * now


def openings(answers: Answers, k: Knowledge) -> list[TippingPoint]:
    """When no model fits: the single changes that open one. Changes of the answers in the user's hands
    come first (scoring.yaml `ways_out`), then the facts of the work; the best-fitting opened model first
    within each. A headcount change by a few people is never one of them: the nearest headcount in
    each direction that opens a model and is not a few people away."""
    models: list[str] = list(k.scoring.model_order)
    hands = k.scoring.ways_out.in_your_hands
    found, seen = [], set()
    for way, model in _opened(answers, k):
        if way.field in NUMBER_FIELDS and way.group in seen:
            continue
        if way.field == "headcount" and few_people(answers.headcount, way.code, k):
            continue
        seen.add(way.group)
        found.append((way, model))
    found.sort(key=lambda f: (f[0].field not in hands, -f[0].points))  # stable: field order among equals
    return [
        way.point if way.point is not None else TippingPoint(way.field, way.value, models[model])
        for way, model in found
    ]


@dataclass(frozen=True)
class _Opening:
    """A single change that opens a model when none fits, as the rules decide it."""

    field: str
    group: int  # which of `_variants`' groups (a number's direction) it is in
    code: float  # the changed answer's code, and its value
    value: Any
    model: int  # the model it puts first (an index into the model order); -1: several are level at the top
    points: int  # that model's points
    tallies: tuple[tuple[int, ...], tuple[bool, ...]]  # points and exclusions per model, for a tie-break
    point: TippingPoint | None  # the change as `openings` gives it, when the rules alone decide the model


def _opened(answers: Answers, k: Knowledge) -> list[tuple[_Opening, int]]:
    """`_flips(answers, -1, k, every=True)` for answers no model fits, those that open a model, as pairs of the
    change and the model it puts first: from the changes kept per combination of cells, and where several
    models are level at the top, the first by the tie-break keys of the changed answers."""
    ways = _openings_of(k.tables.combinations(answers.__dict__), k)
    tied = [way for way in ways if way.model < 0]
    if not tied:
        return [(way, way.model) for way in ways]
    points, excluded = (np.array([way.tallies[i] for way in tied]) for i in (0, 1))
    won = iter(firsts(points, excluded, changed_columns(answers, [(w.field, [w.code]) for w in tied]), k).tolist())
    return [(way, way.model if way.model >= 0 else next(won)) for way in ways]


@functools.lru_cache(maxsize=1024)  # keyed by the cells of answers no model fits: no user text, no raw value
def _openings_of(cells: tuple[int, ...], k: Knowledge) -> tuple[_Opening, ...]:
    """Every single change that opens a model for answers in these cells, none of which fits, in `_flips`
    order. Any answers in them have the same changes (a number's candidates lie on the rules' thresholds)
    and score each alike; only which of several level models comes first reads the answers' raw values."""
    answers = answers_with(k.tables.cell_values(cells))
    groups = [g for g in _variants(answers, k) if g[2]]
    points, excluded = variant_tallies(answers, [(field, values) for field, _, values in groups], k)
    first, level = leaders(points, excluded)
    rows = [(field, group, code) for group, (field, _, codes) in enumerate(groups) for code in codes]
    models = k.scoring.model_order
    return tuple(
        _Opening(
            field,
            group,
            code,
            value := _plain(decode(field, code), field),
            model if level[row] == 1 else -1,
            int(points[row, model]),
            (tuple(points[row].tolist()), tuple(excluded[row].tolist())),
            TippingPoint(field, value, models[model]) if level[row] == 1 else None,
        )
        for row, ((field, group, code), model) in enumerate(zip(rows, first.tolist()))
        if model >= 0
    )


def change_words(field: str, value: Any, currency: Currency = USD) -> str:
    """A single change of answer in words: 'Headcount: 100 people'."""
    if FIELDS[field].numeric:
        shown = UNKNOWN.get(field, "unknown") if value is None else number_words(field, value, currency)
        return f"{label(field)}: {shown}"
    return f"{label(field)}: {value_words(field, value)}"


def _plain(value: Any, field: str) -> Any:
    if isinstance(value, (float, np.floating)) and field in INTEGER_FIELDS:
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


@dataclass(frozen=True)
class WhatIfCell:
    """One value (or stretch of values) of an answer and the model that would then come first."""

    value: Any  # a choice's value; for a number the first value of the stretch, None for unknown
    until: float | None  # for a number: the first value of the next stretch (None: to the top)
    model: str
    current: bool


@dataclass(frozen=True)
class WhatIfRow:
    field: str
    cells: list[WhatIfCell]


def _number_cells(
    field: str, current: float | None, k: Knowledge
) -> tuple[list[float], list[float | None], list[bool]]:
    """The first value of each stretch between rule thresholds, where the stretch ends, and which holds the answer."""
    low, _ = bounds(field)
    cuts = cut_points(field, k)
    starts = [float(low), *cuts]
    ends: list[float | None] = [*cuts, None]
    here = [current is not None and s <= current and (e is None or current < e) for s, e in zip(starts, ends)]
    if field in UNKNOWN:
        starts.append(math.nan)
        ends.append(None)
        here.append(current is None)
    return starts, ends, here


def what_if(answers: Answers, k: Knowledge) -> list[WhatIfRow]:
    """For every answer that can change the result: which model wins at each of its values (all
    answers' values ranked in one vectorised pass)."""
    kept = _kept_what_if(_typical(answers, k), k)
    return list(kept) if kept is not None else _what_if(answers, k)


@functools.lru_cache(maxsize=1024)  # keyed by cells, choices and whether numbers are known: no user text
def _kept_what_if(key: Typical, k: Knowledge) -> tuple[WhatIfRow, ...] | None:
    """`what_if` of all answers with this key, when the rules alone decide it (`_untied`)."""
    typical = _typical_answers(key, k)
    blocks = [(field, codes) for field, *_, codes in _grids(typical, k)]
    return tuple(_what_if(typical, k)) if _untied(typical, blocks, k) else None


def _what_if(answers: Answers, k: Knowledge) -> list[WhatIfRow]:
    models = k.scoring.model_order
    grids = _grids(answers, k)
    won, _ = variant_winners(answers, [(field, codes) for field, *_, codes in grids], k)
    firsts = [models[w] if w >= 0 else NO_FIT for w in won.tolist()]
    rows, start = [], 0
    for field, values, ends, here, codes in grids:
        mine = firsts[start : start + len(codes)]
        start += len(codes)
        if len(set(mine)) > 1:
            rows.append(WhatIfRow(field, [WhatIfCell(v, e, m, c) for v, e, m, c in zip(values, ends, mine, here)]))
    return rows


Grid = tuple[str, list[Any], list[float | None], list[bool], list[float]]  # answer, values, ends, here, codes


def _grids(answers: Answers, k: Knowledge) -> list[Grid]:
    """Per answer that can change the result: its values (stretches of a number), where each ends, which
    holds the answer, and their codes."""
    grids = []
    for field in SCORED:
        if FIELDS[field].kind == "choices":
            continue
        current = getattr(answers, field)
        if field in NUMBER_FIELDS:
            starts, ends, here = _number_cells(field, current, k)
            values: list[Any] = [None if math.isnan(v) else v for v in starts]
            codes: list[float] = starts
        else:
            values = list(enum_values(field))
            ends, here = [None] * len(values), [v == current for v in values]
            codes = [float(i) for i in range(len(values))]
        if len(codes) > 1:
            grids.append((field, values, ends, here, codes))
    return grids


# What the rules decide for a set of answers and for each single change of it, as `Typical` keys it: the cells
# of the answers rules read, the other choices as they are, and of the other numbers only whether they are
# known (no rule reads them, so they have no thresholds and no single change of them is tried).
Typical = tuple[tuple[int, ...], tuple[Any, ...]]


def _typical(answers: Answers, k: Knowledge) -> Typical:
    values = answers.__dict__
    return k.tables.combinations(values), tuple(_kept_value(f, values[f]) for f in _unread(k))


@functools.cache  # keyed by the immutable knowledge base: no user data
def _unread(k: Knowledge) -> tuple[str, ...]:
    """The scored answers no rule reads."""
    return tuple(f for f in SCORED if f not in k.tables.cells)


def _kept_value(field: str, value: Any) -> Any:
    if FIELDS[field].numeric:
        return value is not None
    return tuple(value) if isinstance(value, list) else value


def _typical_answers(key: Typical, k: Knowledge) -> Answers:
    """Answers that stand for all answers with this key."""
    cells, others = key
    values = k.tables.cell_values(cells)
    for field, kept in zip(_unread(k), others):
        low = FIELDS[field].low
        number = (low if low is not None else 0.0) if kept else None
        values[field] = number if FIELDS[field].numeric else list(kept) if isinstance(kept, tuple) else kept
    return answers_with(values)


def _untied(answers: Answers, blocks: Blocks, k: Knowledge) -> bool:
    """Whether no single change among `blocks` leaves two models level at the top: then the rules alone decide
    which model each puts first, and not the tie-break keys, which read the answers' raw numbers."""
    if not blocks:
        return True
    return bool((leaders(*variant_tallies(answers, blocks, k))[1] <= 1).all())
