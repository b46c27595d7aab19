"""Rank the models, for one set of answers or for many variants of them at once.

`rank` sets the one ordering of models: tipping points, the what-if grid, uncertainty and portfolios
rank thousands of rows with it in one vectorised pass, and the engine sorts its one row by the same
keys in plain Python (`plain_order`, `level_order`). Both score from the rule tables (rules/tables.py). Property
tests check that the two paths agree, and that the tables agree with the rules' conditions.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Final

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import SCORED, column_dtype, encode, encode_column
from ..rules.grammar import Columns, thresholds
from ..rules.loader import Knowledge
from .costs import tie_keys

NO_FIT: Final = "no_fit"  # the outcome where every model is ruled out, where an outcome is named


def score(points: int, k: Knowledge) -> float:
    """Points to a 0-100 score on the logistic curve set in scoring.yaml, as a whole number: the one
    rounding every page, chart, file and margin uses."""
    return float(round(100.0 / (1.0 + math.exp(-points / k.scoring.score_scale_points))))


def rank(
    points: np.ndarray, excluded: np.ndarray, named: np.ndarray, cost: np.ndarray, steady: np.ndarray
) -> np.ndarray:
    """Model indexes best first, per row (rows x models in, rows x models out): not ruled out (or set
    aside) before ruled out, then more points; an exact tie in points goes first to a model the
    documents name for the work, then (between models they treat alike) to the lower mid-range cost
    over the horizon, then to the shorter time to steady state (scoring.yaml `tie_break`). Only models
    equal on all of these keep the model order, and such a tie is reported as one."""
    position = np.broadcast_to(np.arange(points.shape[-1]), points.shape)
    return np.lexsort((position, steady, np.round(cost, 2), -named, -points, excluded), axis=-1)


def named_keys(cols: Columns, k: Knowledge) -> np.ndarray:
    """Per row and model: 1 where the documents name the model for this work or define it by it
    (named.yaml), else 0 (rows x models)."""
    rows = len(next(iter(cols.values())))
    models = k.scoring.model_order
    out = np.zeros((rows, len(models)), dtype=np.int64)
    for entry, vector in zip(k.named, k.named_vectors):
        holds = np.asarray(vector(cols), dtype=bool)
        for model in entry.models:
            out[holds, models.index(model)] = 1
    return out


@functools.cache  # keyed by the immutable knowledge base (compared by identity): no user data
def cut_points(field: str, k: Knowledge) -> tuple[float, ...]:
    """Every threshold a rule compares a number field with, ascending: between two of them
    every value scores the same."""
    return tuple(sorted({t for rule in k.rules for t in thresholds(rule.when, field)}))


def columns(base: Answers, rows: int, varied: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """`rows` copies of the answers as columns, with some fields replaced by given arrays."""
    varied = varied or {}
    return {
        field: varied[field]
        if field in varied
        else np.full(rows, encode(field, getattr(base, field)), dtype=column_dtype(field))
        for field in SCORED
    }


class LazyColumns(Mapping[str, np.ndarray]):
    """`columns(answers, rows)`, each column built when first read: one row's advice reads a few of them."""

    def __init__(self, answers: Answers, rows: int = 1) -> None:
        self._answers, self._rows = answers, rows
        self._built: dict[str, np.ndarray] = {}

    def __getitem__(self, field: str) -> np.ndarray:
        if field not in self._built:
            if field not in SCORED:
                raise KeyError(field)
            code = encode(field, getattr(self._answers, field))
            self._built[field] = np.full(self._rows, code, dtype=column_dtype(field))
        return self._built[field]

    def __iter__(self) -> Iterator[str]:
        return iter(SCORED)

    def __len__(self) -> int:
        return len(SCORED)


def fired_matrix(cols: Columns, k: Knowledge) -> np.ndarray:
    """Which rules fire per row (rows x rules, 0 or 1)."""
    matrix = k.matrix
    rows = len(next(iter(cols.values())))
    fired = np.empty((rows, len(matrix.predicates)), dtype=np.int64)
    for i, predicate in enumerate(matrix.predicates):
        fired[:, i] = predicate(cols)
    return fired


def scored(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Points and exclusions per row and model (rows x models each), from the rule tables."""
    return k.tables.scored(k.tables.rows(cols))


def tally(fired: np.ndarray, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Points and exclusions per row and model from which rules fired (rows x rules, 0 or 1)."""
    return fired @ k.matrix.points, (fired @ k.matrix.excludes.astype(np.int64)) > 0


def tie_break_keys(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The keys `rank` breaks a tie in points by: named for the work, cost, time (rows x models each)."""
    return named_keys(cols, k), *tie_keys(cols, k)


def ranked(cols: Columns, k: Knowledge) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order best first, points, exclusions) per row: everything the engine and the sweeps rank by."""
    points, excluded = scored(cols, k)
    return rank(points, excluded, *tie_break_keys(cols, k)), points, excluded


TieKeys = tuple[Sequence[int], Sequence[float], Sequence[float]]  # named for the work, cost, steady state


def plain_order(points: Sequence[int], excluded: Sequence[bool]) -> list[int] | None:
    """`rank` for one row whose points and exclusions are already known (from the rule tables), in plain
    Python: model indexes best first. None when two models are level (ruled out alike, same points): then
    `level_order` sorts by the tie-break keys too, which read the answers' raw values."""
    keys = [(out, -p) for out, p in zip(excluded, points)]
    if len(set(keys)) < len(keys):
        return None
    return sorted(range(len(keys)), key=keys.__getitem__)


def level_order(points: Sequence[int], excluded: Sequence[bool], tie_keys: TieKeys) -> list[int]:
    """`rank` for one row, by the same keys in the same order (cost to the cent, rounded as `rank` rounds it;
    the model order last, as a stable sort keeps it)."""
    named, cost, steady = tie_keys
    keys = [  # cost to the cent as `np.round(cost, 2)` rounds it: times 100, to even, back
        (out, -p, -n, round(c * 100) / 100, s) for out, p, n, c, s in zip(excluded, points, named, cost, steady)
    ]
    return sorted(range(len(keys)), key=keys.__getitem__)


def winners(cols: Columns, k: Knowledge) -> np.ndarray:
    """Index (into the model order) of the model that comes first per row, or -1 where every model
    is ruled out (no fit)."""
    return firsts(*scored(cols, k), lambda rows: {field: column[rows] for field, column in cols.items()}, k)


def leaders(points: np.ndarray, excluded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: a model not ruled out with the most points (-1 where every model is ruled out), and how many
    models not ruled out have that many (more than one: the tie-break keys decide which comes first)."""
    shown = np.where(excluded, np.iinfo(np.int64).min, points)
    top = shown.max(axis=1, keepdims=True)
    level = ((shown == top) & ~excluded).sum(axis=1)
    return np.where(level == 0, -1, shown.argmax(axis=1)), level


def firsts(
    points: np.ndarray, excluded: np.ndarray, rows_columns: Callable[[np.ndarray], Columns], k: Knowledge
) -> np.ndarray:
    """The first model per row as `rank` orders it, or -1 where every model is ruled out. Where one model
    not ruled out has the most points it comes first (rank's first two keys); only the rows where several
    share the most points are ranked with the tie-break keys, from their columns (`rows_columns(rows)`)."""
    out, level = leaders(points, excluded)
    tied = np.nonzero(level > 1)[0]
    if len(tied):
        out[tied] = rank(points[tied], excluded[tied], *tie_break_keys(rows_columns(tied), k))[:, 0]
    return out


Blocks = Sequence[tuple[str, Sequence[float]]]  # (answer, codes): variants that change that one answer


def variant_winners(answers: Answers, blocks: Blocks, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """`winners` and the points per model of variants of one set of answers, block by block, each changing
    one answer to each of the given codes: scored from the answers' own tallies, changing only the rule
    groups that read the changed answer."""
    points, excluded = variant_tallies(answers, blocks, k)
    return firsts(points, excluded, changed_columns(answers, blocks), k), points


def variant_tallies(answers: Answers, blocks: Blocks, k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """Points and exclusions per model of the variants of `variant_winners` (rows x models each): from the
    rules alone, so alike for any answers with the same cells."""
    tallies = k.tables.variants(answers, blocks)
    models = tallies.shape[1] // 2
    return tallies[:, :models], tallies[:, models:] > 0


def changed_columns(answers: Answers, blocks: Blocks) -> Callable[[np.ndarray], Columns]:
    """The columns of some of the variants of `variant_winners` (`rows` of them): what their tie-break reads."""
    changes = [(field, code) for field, codes in blocks for code in codes]

    def rows_columns(rows: np.ndarray) -> Columns:
        cols = LazyColumns(answers, len(rows))
        for i, row in enumerate(rows):
            field, code = changes[row]
            cols[field][i] = code
        return cols

    return rows_columns


def first_of(order: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """The first model per row of a ranking, or -1 where it is ruled out (then every model is)."""
    first = order[:, 0]
    return np.where(excluded[np.arange(len(first)), first], -1, first)


def answers_columns(answers: Sequence[Answers]) -> dict[str, np.ndarray]:
    """Many sets of answers as columns, one row each."""
    return {field: encode_column(field, [a.__dict__[field] for a in answers]) for field in SCORED}
