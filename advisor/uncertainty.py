"""Uncertain answers: a list of possible values, or a {"min", "max"} range for a number.

The point recommendation uses the first listed value, or the middle of a range. The chance
that each model comes first is computed exactly by enumerating every combination when that is
small, and by vectorised sampling with a fixed seed otherwise, so the same input always gives
the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from .answers import INTEGER_FIELDS, NUMBER_FIELDS, Answers, AnswersError, validate_answers
from .batch import Scorer, columns, cut_points, encode, scored_fields
from .knowledge import Knowledge

EXACT_LIMIT: Final = 20_000  # combinations enumerated exactly; above this, sample
SAMPLES: Final = 10_000
SEED: Final = 20261122


@dataclass(frozen=True)
class Range:
    low: float
    high: float


Uncertain = dict[str, "tuple[Any, ...] | Range"]


def _is_uncertain(field: str, value: Any) -> bool:
    if field in NUMBER_FIELDS:
        return isinstance(value, dict)
    return isinstance(value, list) and field in scored_fields() and field != "regulations"


def _point(field: str, value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    low, high = value.get("min"), value.get("max")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
        return low
    middle = (low + high) / 2
    return math.floor(middle) if field in INTEGER_FIELDS else middle


def split_uncertain(data: Any) -> tuple[Answers, Uncertain]:
    """Answers for the point recommendation, and the uncertain fields with their possibilities."""
    if not isinstance(data, dict):
        return validate_answers(data), {}
    spread = {f: v for f, v in data.items() if _is_uncertain(f, v)}
    problems = [p for f, v in spread.items() for p in _shape_problems(f, v)]
    if problems:
        raise AnswersError(problems)
    point = {f: (_point(f, v) if f in spread else v) for f, v in data.items()}
    answers = validate_answers(point)
    uncertain: Uncertain = {}
    for field, value in spread.items():
        options = list(dict.fromkeys(value)) if isinstance(value, list) else [value["min"], value["max"]]
        for option in options:
            validate_answers({**point, field: option})  # names the field if an option is invalid
        if isinstance(value, list):
            if len(options) > 1:
                uncertain[field] = tuple(options)
        elif value["min"] > value["max"]:
            raise AnswersError([f"`{field}`: the range's min must not exceed its max."])
        elif value["min"] < value["max"]:
            uncertain[field] = Range(float(value["min"]), float(value["max"]))
    return answers, uncertain


def _shape_problems(field: str, value: Any) -> list[str]:
    if isinstance(value, list):
        return [] if value else [f"`{field}`: a list of possible values must not be empty."]
    if set(value) != {"min", "max"}:
        return [f"`{field}`: a range is an object with exactly `min` and `max`."]
    return []


def atoms(field: str, spec: tuple[Any, ...] | Range, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Possible codes of a field and their probabilities. A range is cut where rules change, so
    every value in a piece scores the same and the piece's share of the range is exact."""
    if isinstance(spec, tuple):
        codes = np.array([encode(field, v) for v in spec], dtype=np.float64)
        return codes, np.full(len(spec), 1 / len(spec))
    cuts = cut_points(field, k)
    if field in INTEGER_FIELDS:
        bounds = [spec.low] + [float(math.ceil(t)) for t in cuts if spec.low < math.ceil(t) <= spec.high] + [spec.high + 1]
    else:
        bounds = [spec.low] + [t for t in cuts if spec.low < t < spec.high] + [spec.high]
    starts, widths = np.array(bounds[:-1]), np.diff(bounds)
    keep = widths > 0
    return starts[keep], widths[keep] / widths[keep].sum()


@dataclass(frozen=True)
class Spread:
    probabilities: dict[str, float]
    importance: dict[str, float]
    method: str
    combinations: int


def spread(answers: Answers, uncertain: Uncertain, scorer: Scorer, k: Knowledge) -> Spread:
    """The chance each model comes first, and how much each uncertain answer moves it."""
    fields = list(uncertain)
    parts = [atoms(f, uncertain[f], k) for f in fields]
    total = math.prod(len(codes) for codes, _ in parts)
    if total <= EXACT_LIMIT:
        grids = np.meshgrid(*[np.arange(len(c)) for c, _ in parts], indexing="ij")
        picks = [g.ravel() for g in grids]
        weights = np.prod([p[1][i] for p, i in zip(parts, picks)], axis=0)
        method = "exact enumeration"
    else:
        rng = np.random.default_rng(SEED)
        picks = [rng.choice(len(c), size=SAMPLES, p=w) for c, w in parts]
        weights = np.full(SAMPLES, 1 / SAMPLES)
        method = f"{SAMPLES:,} samples (seed {SEED})"
    cols = columns(answers, len(weights), {f: parts[i][0][picks[i]] for i, f in enumerate(fields)})
    for field in fields:
        if field not in NUMBER_FIELDS:
            cols[field] = cols[field].astype(np.int64)
    first = scorer.winners(cols)
    overall = np.bincount(first, weights=weights, minlength=len(scorer.models))
    importance = {f: _importance(picks[i], len(parts[i][0]), first, weights, overall) for i, f in enumerate(fields)}
    return Spread(
        probabilities=_rounded(dict(zip(scorer.models, (overall / overall.sum()).tolist()))),
        importance=dict(sorted(importance.items(), key=lambda kv: -kv[1])),
        method=method,
        combinations=total,
    )


def _rounded(probabilities: dict[str, float]) -> dict[str, float]:
    """Six decimals that still sum to exactly 1: the rounding remainder goes to the likeliest model."""
    out = {m: round(p, 6) for m, p in probabilities.items()}
    top = max(out, key=lambda m: out[m])
    out[top] = round(1 - sum(p for m, p in out.items() if m != top), 6)
    return out


def _importance(pick: np.ndarray, options: int, first: np.ndarray, weights: np.ndarray, overall: np.ndarray) -> float:
    """Expected shift (total variation) of the first-model odds once this answer is known."""
    shift = 0.0
    for option in range(options):
        mask = pick == option
        mass = weights[mask].sum()
        if mass == 0:
            continue
        given = np.bincount(first[mask], weights=weights[mask], minlength=len(overall)) / mass
        shift += mass * 0.5 * np.abs(given - overall / overall.sum()).sum()
    return round(float(shift), 4)
