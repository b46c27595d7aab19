"""Rank the models, for one set of answers or for many variants of them at once.

`rank` is the one ordering of models: the engine ranks one row with it, and tipping points,
the what-if grid and uncertainty rank thousands of rows with it in one vectorised pass, so the
two paths cannot disagree. A property test checks that they do not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import SCORED, column_dtype, encode, encode_column
from ..rules.grammar import Columns, thresholds
from ..rules.loader import Knowledge


def score(points: int, k: Knowledge) -> float:
    """Points to a 0-100 score on the logistic curve set in scoring.yaml."""
    return round(100.0 / (1.0 + math.exp(-points / k.scoring.score_scale_points)), 1)


def rank(points: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """Model indexes best first, per row: not ruled out before ruled out, then more points, then
    the model order of scoring.yaml (rows x models in, rows x models out)."""
    position = np.broadcast_to(np.arange(points.shape[-1]), points.shape)
    return np.lexsort((position, -points, excluded), axis=-1)


def cut_points(field: str, k: Knowledge) -> list[float]:
    """Every threshold a rule compares a number field with, ascending: between two of them
    every value scores the same."""
    return sorted({t for rule in k.rules for t in thresholds(rule.when, field)})


def columns(base: Answers, rows: int, varied: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """`rows` copies of the answers as columns, with some fields replaced by given arrays."""
    varied = varied or {}
    return {
        field: varied[field]
        if field in varied
        else np.full(rows, encode(field, getattr(base, field)), dtype=column_dtype(field))
        for field in SCORED
    }


def points_and_exclusions(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Every model's points and whether a rule rules it out, per row (rows x models, model order)."""
    matrix = k.matrix
    rows = len(next(iter(cols.values())))
    fired = np.empty((rows, len(matrix.predicates)), dtype=np.int64)
    for i, predicate in enumerate(matrix.predicates):
        fired[:, i] = predicate(cols)
    return fired @ matrix.points, (fired @ matrix.excludes.astype(np.int64)) > 0


def winners(cols: Columns, k: Knowledge) -> np.ndarray:
    """Index (into the model order) of the model that comes first, per row."""
    points, excluded = points_and_exclusions(cols, k)
    return rank(points, excluded)[:, 0]


def answers_columns(answers: Sequence[Answers]) -> dict[str, np.ndarray]:
    """Many sets of answers as columns, one row each."""
    return {field: encode_column(field, [a.__dict__[field] for a in answers]) for field in SCORED}
