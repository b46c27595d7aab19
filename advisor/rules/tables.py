"""The rule set as lookup tables, built once at load so that no answer pays for evaluating conditions.

A rule compares each answer with fixed values only: a choice with its options, a number with its
thresholds (below / at least) or with "known". So every answer falls into one of a few cells (a choice's
option, a list's set of options, the stretch of numbers between two thresholds, or unknown) and every
value in a cell reads the same to every rule. The rules that read the same answers form a group; each
group's table says, for every combination of its answers' cells, which of its rules fire and what they
give each model. Scoring one set of answers is then one lookup per group; scoring many is one array
lookup per group. The tables are built by evaluating each compiled condition on one value of each cell,
so they cannot disagree with the conditions.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import FIELDS, decode
from .grammar import Columns, Predicate, comparisons, thresholds


@dataclass(frozen=True)
class Cells:
    """How one answer falls into cells. Numbers: cell i holds the values from the i-th threshold (cell 0:
    below the first) up to the next; the last cell is unknown (null). Choices: the option's index;
    lists: the bit mask of the options given."""

    field: str
    numeric: bool
    size: int  # how many cells
    cuts: tuple[float, ...]  # a number's thresholds, ascending; empty for a choice or a list
    options: Mapping[str, int]  # a choice's or a list's options and their indexes

    def of(self, value: Any) -> int:
        """The cell of one answer value."""
        if self.numeric:
            return self.size - 1 if value is None else bisect.bisect_right(self.cuts, value)
        if isinstance(value, list):
            return sum(1 << self.options[v] for v in set(value))
        return self.options[value]

    def column(self, codes: np.ndarray) -> np.ndarray:
        """The cells of a column of answer codes (as scorer columns hold them: NaN for unknown)."""
        if not self.numeric:
            return codes.astype(np.int64)
        cells = np.searchsorted(np.asarray(self.cuts), codes, side="right")
        return np.where(np.isnan(codes), self.size - 1, cells)

    def value(self, cell: int) -> Any:
        """One answer value in a cell: what the table is built from."""
        if not self.numeric:
            return decode(self.field, cell)
        if cell == self.size - 1:
            return None
        return self.cuts[cell - 1] if cell else (self.cuts[0] - 1 if self.cuts else 0.0)


@dataclass(frozen=True)
class RuleGroup:
    """The rules that read exactly these answers, tabled over every combination of their cells."""

    cells: tuple[Cells, ...]
    strides: tuple[int, ...]
    rules: tuple[int, ...]  # indexes into the rule set, ascending
    fired: tuple[tuple[int, ...], ...]  # per table index: the rules that fire
    points: tuple[tuple[int, ...], ...]  # per table index: their points per model
    excluded: tuple[int, ...]  # per table index: the models they rule out, as a bit mask over the model order
    matrix: np.ndarray  # table index x this group's rules: 1 where the rule fires

    def index(self, values: Mapping[str, Any]) -> int:
        """The table index of one set of answers (their `__dict__`)."""
        if len(self.cells) == 1:  # most rules read one answer
            return self.cells[0].of(values[self.cells[0].field])
        return sum(c.of(values[c.field]) * s for c, s in zip(self.cells, self.strides))

    def column(self, cols: Columns) -> np.ndarray:
        """The table index of each row of columns."""
        index = np.zeros(len(cols[self.cells[0].field]), dtype=np.int64)
        for c, s in zip(self.cells, self.strides):
            index += c.column(cols[c.field]) * s
        return index


@dataclass(frozen=True)
class RuleTables:
    groups: tuple[RuleGroup, ...]
    rules: int
    models: int

    def outcome(self, answers: Answers) -> tuple[list[int], list[int], int]:
        """(indexes of the rules that fire, ascending; points per model; models ruled out as a bit mask)."""
        values = answers.__dict__
        fired: list[int] = []
        rows = []
        excluded = 0
        for group in self.groups:
            at = group.index(values)
            fired += group.fired[at]
            rows.append(group.points[at])
            excluded |= group.excluded[at]
        fired.sort()
        return fired, [sum(column) for column in zip(*rows)], excluded

    def fired_matrix(self, cols: Columns) -> np.ndarray:
        """Which rules fire per row of columns (rows x rules, 0 or 1)."""
        rows = len(next(iter(cols.values())))
        out = np.zeros((rows, self.rules), dtype=np.int64)
        for group in self.groups:
            out[:, group.rules] = group.matrix[group.column(cols)]
        return out


def _cells(field: str, conditions: Sequence[Any]) -> Cells:
    info = FIELDS[field]
    cuts = tuple(sorted({t for c in conditions for t in thresholds(c, field)}))
    size = len(cuts) + 2 if info.numeric else 1 << len(info.values) if info.kind == "choices" else len(info.values)
    return Cells(field, info.numeric, size, cuts, {v: i for i, v in enumerate(info.values)})


def _group(
    rules: Sequence[int],
    fields: Sequence[str],
    conditions: Sequence[Any],
    predicates: Sequence[Predicate],
    points: np.ndarray,
    excludes: np.ndarray,
) -> RuleGroup:
    cells = tuple(_cells(f, [conditions[i] for i in rules]) for f in fields)
    strides = tuple(math.prod(c.size for c in cells[i + 1 :]) for i in range(len(cells)))
    fired, totals, masks, matrix = [], [], [], []
    for combination in itertools.product(*(range(c.size) for c in cells)):
        answers = Answers.model_construct(**{c.field: c.value(cell) for c, cell in zip(cells, combination)})
        holds = [i for i in rules if predicates[i](answers)]
        fired.append(tuple(holds))
        totals.append(tuple(int(x) for x in points[holds].sum(axis=0)))
        masks.append(sum(1 << int(m) for m in np.nonzero(excludes[holds].any(axis=0))[0]))
        matrix.append([i in holds for i in rules])
    return RuleGroup(
        cells, strides, tuple(rules), tuple(fired), tuple(totals), tuple(masks), np.array(matrix, dtype=np.int64)
    )


def rule_tables(
    conditions: Sequence[Any], predicates: Sequence[Predicate], points: np.ndarray, excludes: np.ndarray
) -> RuleTables:
    """The tables of a rule set: its conditions, their compiled predicates, and its points and exclusions
    (rules x models)."""
    by_fields: dict[tuple[str, ...], list[int]] = {}
    for i, condition in enumerate(conditions):
        read = {c.field for c in comparisons(condition)}
        by_fields.setdefault(tuple(f for f in FIELDS if f in read), []).append(i)
    groups = tuple(
        _group(rules, fields, conditions, predicates, points, excludes) for fields, rules in by_fields.items()
    )
    return RuleTables(groups, len(conditions), points.shape[1])
