"""How likely each model is to come first when some answers are uncertain.

The chance
that each model comes first is computed exactly by enumerating every combination when that is
small, and by vectorised sampling with a fixed seed otherwise, so the same input always gives
the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import INTEGER_FIELDS, NUMBER_FIELDS, encode
from ..inputs.uncertain import Range, Uncertain
from ..rules.loader import Knowledge
from .scorer import NO_FIT, columns, cut_points, winners

EXACT_LIMIT: Final = 20_000  # combinations enumerated exactly; above this, sample
SAMPLES: Final = 10_000
SEED: Final = 20261122


def atoms(field: str, spec: tuple[Any, ...] | Range, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Possible codes of a field and their probabilities. A range is cut where rules change, so
    every value in a piece scores the same and the piece's share of the range is exact."""
    if isinstance(spec, tuple):
        codes = np.array([encode(field, v) for v in spec], dtype=np.float64)
        return codes, np.full(len(spec), 1 / len(spec))
    cuts = cut_points(field, k)
    if field in INTEGER_FIELDS:
        bounds = (
            [spec.low] + [float(math.ceil(t)) for t in cuts if spec.low < math.ceil(t) <= spec.high] + [spec.high + 1]
        )
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


def spread(answers: Answers, uncertain: Uncertain, k: Knowledge) -> Spread:
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
    models = [*k.scoring.model_order, NO_FIT]
    first = winners(cols, k)
    first = np.where(first < 0, len(models) - 1, first)  # no fit is an outcome with its own chance
    overall = np.bincount(first, weights=weights, minlength=len(models))
    importance = {f: _importance(picks[i], len(parts[i][0]), first, weights, overall) for i, f in enumerate(fields)}
    probabilities = _rounded(dict(zip(models, (overall / overall.sum()).tolist())))
    if probabilities[NO_FIT] == 0:
        del probabilities[NO_FIT]
    return Spread(
        probabilities=probabilities,
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
