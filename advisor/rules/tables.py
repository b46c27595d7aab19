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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import FIELDS, decode
from .grammar import Columns, Predicate, comparisons, thresholds

MAX_COMBINATIONS: Final = 100_000  # rows of one group's table: the rules reading several answers together


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

    def of_code(self, code: float) -> int:
        """The cell of one answer code (as columns hold it: NaN for unknown)."""
        if self.numeric:
            return self.size - 1 if math.isnan(code) else bisect.bisect_right(self.cuts, code)
        return int(code)

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
    """The rules that read exactly these answers, tabled over every combination of their cells: the
    table's rows `offset` onwards, one per combination."""

    cells: tuple[Cells, ...]
    strides: tuple[int, ...]
    offset: int  # the group's first row in the rule tables
    fired: tuple[tuple[int, ...], ...]  # per combination: the rules that fire, ascending
    points: tuple[tuple[int, ...], ...]  # per combination: their points per model
    excluded: tuple[int, ...]  # per combination: the models they rule out, as a bit mask over the model order

    def index(self, values: Mapping[str, Any]) -> int:
        """The combination of one set of answers (their `__dict__`)."""
        if len(self.cells) == 1:  # most rules read one answer
            return self.cells[0].of(values[self.cells[0].field])
        return sum(c.of(values[c.field]) * s for c, s in zip(self.cells, self.strides))


@dataclass(frozen=True)
class RuleTables:
    """Every group's table, one row per combination of cells, stacked: which rules fire, and their points
    and exclusions per model."""

    cells: Mapping[str, Cells]  # per answer that a rule reads
    groups: tuple[RuleGroup, ...]
    tallies: np.ndarray  # table rows x (points per model, then how many rules rule out each model)
    readers: Mapping[str, tuple[tuple[int, int], ...]]  # per answer: (group, stride) of each group that reads it
    lookups: tuple[Lookup, ...]  # per group: how `combinations` finds its combination

    def variants(self, answers: Answers, blocks: Sequence[tuple[str, Sequence[float]]]) -> np.ndarray:
        """The tallies of variants of one set of answers (rows x `tallies` columns): block by block, one answer
        changed to each of the given codes (as columns hold them). Each row is the answers' own tally, with
        the table row of each group that reads the changed answer swapped for the one of its new cell."""
        values = answers.__dict__
        at = [group.offset + group.index(values) for group in self.groups]
        rows: list[int] = []  # per swap: the variant's row,
        moved: list[int] = []  # the group's table row for the variant's cell,
        stayed: list[int] = []  # and its table row for the answers' own cell
        start = 0
        for field, codes in blocks:
            for g, stride in self.readers.get(field, ()):
                cells = self.cells[field]
                now = cells.of(values[field])
                rows += range(start, start + len(codes))
                moved += [at[g] + (cells.of_code(code) - now) * stride for code in codes]
                stayed += [at[g]] * len(codes)
            start += len(codes)
        out = np.tile(self.tallies[at].sum(axis=0), (start, 1))
        np.add.at(out, rows, self.tallies[moved] - self.tallies[stayed])  # a row may swap two groups
        return out

    def outcome(self, answers: Answers) -> tuple[list[int], list[int], int]:
        """(indexes of the rules that fire, ascending; points per model; models ruled out as a bit mask)."""
        return self.outcome_of(self.combinations(answers.__dict__))

    def combinations(self, values: Mapping[str, Any]) -> tuple[int, ...]:
        """Each group's combination of cells for one set of answers (their `__dict__`): every rule reads
        the same for any answers with the same combinations, so they key what depends on the rules alone.
        (A group of several answers sums a list: a generator costs more for two or three items.)"""
        return tuple(
            [
                of(values[field]) if stride is None else sum([lookup(values[f]) * s for f, lookup, s in together])
                for field, of, stride, together in self.lookups
            ]
        )

    def cell_values(self, combinations: Sequence[int]) -> dict[str, Any]:
        """One value of each answer a rule reads, in the cells of these combinations: answers with these
        values and any others of the same combinations score, and change by one answer, alike."""
        out = {}
        for group, at in zip(self.groups, combinations):
            for cells, stride in zip(group.cells, group.strides):
                out[cells.field] = cells.value(at // stride % cells.size)
        return out

    def outcome_of(self, combinations: Sequence[int]) -> tuple[list[int], list[int], int]:
        """`outcome` from each group's combination (`combinations`)."""
        fired: list[int] = []
        rows = []
        excluded = 0
        for group, at in zip(self.groups, combinations):
            fired += group.fired[at]
            rows.append(group.points[at])
            excluded |= group.excluded[at]
        fired.sort()
        return fired, [sum(column) for column in zip(*rows)], excluded

    def rows(self, cols: Columns) -> np.ndarray:
        """Each row of columns' table row in each group (rows x groups)."""
        cells = {field: c.column(cols[field]) for field, c in self.cells.items()}
        out = np.empty((len(next(iter(cols.values()))), len(self.groups)), dtype=np.int64)
        for g, group in enumerate(self.groups):
            out[:, g] = group.offset
            for c, stride in zip(group.cells, group.strides):
                out[:, g] += cells[c.field] * stride
        return out

    def scored(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points and exclusions per row and model from the table rows (`rows`), group by group."""
        total = self.tallies[rows[:, 0]]
        for g in range(1, rows.shape[1]):
            total += self.tallies[rows[:, g]]
        models = total.shape[1] // 2
        return total[:, :models], total[:, models:] > 0


def _cells(field: str, conditions: Sequence[Any]) -> Cells:
    info = FIELDS[field]
    cuts = tuple(sorted({t for c in conditions for t in thresholds(c, field)}))
    size = len(cuts) + 2 if info.numeric else 1 << len(info.values) if info.kind == "choices" else len(info.values)
    return Cells(field, info.numeric, size, cuts, {v: i for i, v in enumerate(info.values)})


def _group(
    ids: Sequence[str],
    rules: Sequence[int],
    cells: Sequence[Cells],
    offset: int,
    predicates: Sequence[Predicate],
    points: np.ndarray,
    excludes: np.ndarray,
) -> tuple[RuleGroup, np.ndarray]:
    """A group's table, and which of all rules fire in each of its rows (combinations x rules)."""
    strides = tuple(math.prod(c.size for c in cells[i + 1 :]) for i in range(len(cells)))
    if strides[0] * cells[0].size > MAX_COMBINATIONS:
        raise ValueError(
            f"rules {', '.join(ids[i] for i in rules)} read {', '.join(c.field for c in cells)} together: "
            f"more than {MAX_COMBINATIONS:,} combinations of their values to table; split the condition"
        )
    fired, totals, masks = [], [], []
    for combination in itertools.product(*(range(c.size) for c in cells)):
        answers = Answers.model_construct(**{c.field: c.value(cell) for c, cell in zip(cells, combination)})
        holds = [i for i in rules if predicates[i](answers)]
        fired.append(tuple(holds))
        totals.append(tuple(int(x) for x in points[holds].sum(axis=0)))
        masks.append(sum(1 << int(m) for m in np.nonzero(excludes[holds].any(axis=0))[0]))
    fires = np.zeros((len(fired), len(predicates)), dtype=np.int64)
    for row, rules_fired in enumerate(fired):
        fires[row, list(rules_fired)] = 1
    return RuleGroup(tuple(cells), strides, offset, tuple(fired), tuple(totals), tuple(masks)), fires


def rule_tables(
    ids: Sequence[str],
    conditions: Sequence[Any],
    predicates: Sequence[Predicate],
    points: np.ndarray,
    excludes: np.ndarray,
) -> RuleTables:
    """The tables of a rule set: its rules' ids, conditions and compiled predicates, and its points and
    exclusions (rules x models). Raises ValueError for rules that read too many answers together to table."""
    by_fields: dict[tuple[str, ...], list[int]] = {}
    for i, condition in enumerate(conditions):
        read = {c.field for c in comparisons(condition)}
        by_fields.setdefault(tuple(f for f in FIELDS if f in read), []).append(i)
    cells = {f: _cells(f, conditions) for f in FIELDS if any(f in fields for fields in by_fields)}
    groups, fires, offset = [], [], 0
    for fields, rules in by_fields.items():
        group, table = _group(ids, rules, [cells[f] for f in fields], offset, predicates, points, excludes)
        groups.append(group)
        fires.append(table)
        offset += len(table)
    stacked = np.concatenate(fires)
    readers = {
        field: tuple(
            (g, s) for g, group in enumerate(groups) for c, s in zip(group.cells, group.strides) if c.field == field
        )
        for field in cells
    }
    tallies = np.hstack([stacked @ points, stacked @ excludes.astype(np.int64)])
    tallies.setflags(write=False)  # shared by every session: read only
    return RuleTables(cells, tuple(groups), tallies, readers, tuple(_group_lookup(group) for group in groups))


# How a group's combination is found: (answer, its cell lookup, None) for a group that reads one answer (most
# do: its combination is the answer's cell), else (_, _, 0, (answer, cell lookup, stride) per answer it reads)
Lookup = tuple[str, Callable[[Any], int], int | None, tuple[tuple[str, Callable[[Any], int], int], ...]]


def _group_lookup(group: RuleGroup) -> Lookup:
    first = group.cells[0]
    if len(group.cells) == 1:
        return first.field, _lookup(first), None, ()
    return first.field, _lookup(first), 0, tuple((c.field, _lookup(c), s) for c, s in zip(group.cells, group.strides))


def _lookup(cells: Cells) -> Callable[[Any], int]:
    """`cells.of` for one answer, in as few steps as it can (every answer pays for it): a choice's cell
    straight from its options."""
    if cells.numeric:
        cuts, unknown = cells.cuts, cells.size - 1
        return lambda value: unknown if value is None else bisect.bisect_right(cuts, value)
    if FIELDS[cells.field].kind == "choices":
        return cells.of
    return cells.options.__getitem__
