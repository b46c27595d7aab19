"""Score many variants of the answers at once with numpy: the same rules, compiled to arrays.

Tipping points and uncertainty both ask "which model comes first if this answer were that?"
for dozens to thousands of variants; one vectorised pass answers them all. A property test
checks that this path and `engine.recommend` always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from .answers import NUMBER_FIELDS, Answers, enum_values
from .conditions import AllOf, AnyOf, Comparison, Condition, Not, thresholds
from .knowledge import Knowledge

Columns = Mapping[str, np.ndarray]
VectorPredicate = Callable[[Columns], np.ndarray]


def encode(field: str, value: Any) -> float | int:
    """One answer value as the number its column holds."""
    if field in NUMBER_FIELDS:
        return np.nan if value is None else float(value)
    if field == "regulations":
        return sum(1 << enum_values(field).index(v) for v in set(value))
    return enum_values(field).index(value)


def decode(field: str, code: float | int) -> Any:
    if field in NUMBER_FIELDS:
        return None if np.isnan(code) else code
    values = enum_values(field)
    if field == "regulations":
        return [v for i, v in enumerate(values) if int(code) & (1 << i)]
    return values[int(code)]


def cut_points(field: str, k: Knowledge) -> list[float]:
    """Every threshold a rule compares a number field with, ascending: between two of them
    every value scores the same."""
    return sorted({t for rule in k.rules for t in thresholds(rule.when, field)})


def scored_fields() -> tuple[str, ...]:
    """Fields a rule may read: everything but the free text."""
    return tuple(f for f in Answers.model_fields if f not in ("company", "notes"))


def columns(base: Answers, rows: int, varied: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """`rows` copies of the answers as columns, with some fields replaced by given arrays."""
    varied = varied or {}
    out = {}
    for field in scored_fields():
        if field in varied:
            out[field] = varied[field]
        else:
            dtype = np.float64 if field in NUMBER_FIELDS else np.int64
            out[field] = np.full(rows, encode(field, getattr(base, field)), dtype=dtype)
    return out


def compile_vector(condition: Condition) -> VectorPredicate:
    if isinstance(condition, AllOf):
        parts = [compile_vector(c) for c in condition.all]
        return lambda cols: np.logical_and.reduce([p(cols) for p in parts])
    if isinstance(condition, AnyOf):
        parts = [compile_vector(c) for c in condition.any]
        return lambda cols: np.logical_or.reduce([p(cols) for p in parts])
    if isinstance(condition, Not):
        inner = compile_vector(condition.not_)
        return lambda cols: ~inner(cols)
    return _compile_comparison(condition)


def _compile_comparison(cmp: Comparison) -> VectorPredicate:
    name, op, operand = cmp.field, cmp.operator, cmp.operand
    if op == "equals":
        code = encode(name, operand)
        return lambda cols: cols[name] == code
    if op == "one_of":
        codes = np.array([encode(name, v) for v in operand])
        return lambda cols: np.isin(cols[name], codes)
    if op == "includes":
        bit = encode(name, [operand])
        return lambda cols: (cols[name] & bit) != 0
    if op == "below":
        return lambda cols: cols[name] < operand  # NaN (unknown) compares False
    if op == "at_least":
        return lambda cols: cols[name] >= operand
    return lambda cols: ~np.isnan(cols[name]) == operand


@dataclass(frozen=True)
class Scorer:
    """The rule set as arrays: one predicate per rule, and its points and exclusions per model."""

    predicates: tuple[VectorPredicate, ...]
    points: np.ndarray  # rules x models
    excludes: np.ndarray  # rules x models, bool
    models: tuple[str, ...]

    def winners(self, cols: Columns) -> np.ndarray:
        """Index (into `models`) of the model that comes first, per row."""
        rows = len(next(iter(cols.values())))
        fired = np.empty((rows, len(self.predicates)), dtype=bool)
        for i, predicate in enumerate(self.predicates):
            fired[:, i] = predicate(cols)
        points = fired.astype(np.int64) @ self.points
        excluded = (fired.astype(np.int64) @ self.excludes.astype(np.int64)) > 0
        # Same order as engine.order_models: not excluded, more points, earlier in model_order.
        key = np.where(excluded, -(10**9), points * len(self.models)) - np.arange(len(self.models))
        return np.argmax(key, axis=1)


def scorer(k: Knowledge) -> Scorer:
    models = tuple(k.scoring.model_order)
    points = np.zeros((len(k.rules), len(models)), dtype=np.int64)
    excludes = np.zeros((len(k.rules), len(models)), dtype=bool)
    for i, rule in enumerate(k.rules):
        for model, effect in rule.effect.items():
            if effect == "exclude":
                excludes[i, models.index(model)] = True
            else:
                points[i, models.index(model)] = effect
    return Scorer(tuple(compile_vector(r.when) for r in k.rules), points, excludes, models)
