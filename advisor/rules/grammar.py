"""The closed condition grammar rules are written in: all / any / not over field comparisons.

A condition is parsed by pydantic from YAML and checked against the answers' fields. One table of
operators says, for each operator, which fields it applies to, how it tests one answer, how it
tests a numpy column of many answers, and how it reads in words; compiling, vectorising and
describing a condition all walk that table. Nothing is evaluated from text; no name from a file
is looked up with getattr.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final

import numpy as np
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from ..inputs.answers import Answers
from ..inputs.fields import FIELDS, INTEGER_FIELDS, encode, label, number_words, value_words

Predicate = Callable[[Answers], bool]
Columns = Mapping[str, np.ndarray]
VectorPredicate = Callable[[Columns], np.ndarray]


@dataclass(frozen=True)
class Operator:
    """One comparison operator: where it applies, and its three readings."""

    kinds: frozenset[str]  # field kinds it compares
    scalar: Callable[[Any, Any], bool]  # (answer value, operand) -> holds
    vector: Callable[[np.ndarray, Any], np.ndarray]  # (column of codes, operand as code) -> holds per row
    words: Callable[[str, Any], str]  # (field, operand) -> the condition in words
    code: Callable[[str, Any], Any] = lambda field, operand: operand  # the operand as its columns hold it


def _below_words(field: str, operand: float) -> str:
    if field in INTEGER_FIELDS:
        return f"{label(field)}: {number_words(field, math.ceil(operand) - 1)} or fewer"
    return f"{label(field)}: under {number_words(field, operand)}"


def _choice_words(field: str, values: list[str]) -> str:
    words = [value_words(field, v) for v in values]
    return (
        f"{label(field)}: {', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else f"{label(field)}: {words[0]}"
    )


def _choice_table(field: str, values: list[str]) -> np.ndarray:
    """Per option code of a choice field: whether it is one of `values`."""
    table = np.zeros(len(FIELDS[field].values), dtype=bool)
    table[[int(encode(field, v)) for v in values]] = True
    return table


_NUMBERS: Final = frozenset({"integer", "number"})
OPERATORS: Final[dict[str, Operator]] = {
    "equals": Operator(
        frozenset({"choice"}),
        lambda v, x: v == x,
        lambda c, x: c == x,
        lambda f, x: _choice_words(f, [x]),
        lambda f, x: encode(f, x),
    ),
    "one_of": Operator(
        frozenset({"choice"}),
        lambda v, x: v in x,
        lambda c, x: x[c.astype(np.intp, copy=False)],  # a table lookup: np.isin cost 20 times more
        _choice_words,
        lambda f, x: _choice_table(f, x),
    ),
    "includes": Operator(
        frozenset({"choices"}),
        lambda v, x: x in v,
        lambda c, x: (c & x) != 0,
        lambda f, x: f"{label(f)} include {value_words(f, [x])}",
        lambda f, x: encode(f, [x]),
    ),
    "below": Operator(
        _NUMBERS,
        lambda v, x: v is not None and v < x,
        lambda c, x: c < x,  # NaN (unknown) compares False
        _below_words,
    ),
    "at_least": Operator(
        _NUMBERS,
        lambda v, x: v is not None and v >= x,
        lambda c, x: c >= x,
        lambda f, x: f"{label(f)}: {number_words(f, math.ceil(x) if f in INTEGER_FIELDS else x)} or more",
    ),
    "known": Operator(
        _NUMBERS,
        lambda v, x: (v is not None) == x,
        lambda c, x: ~np.isnan(c) == x,
        lambda f, x: f"{label(f)} {'given' if x else 'not given'}",
    ),
}
_KIND_WORDS: Final = {"choice": "fixed-value", "choices": "list", "integer": "number", "number": "number"}
THRESHOLD_OPERATORS: Final = ("below", "at_least")  # where a number answer can flip a rule


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Comparison(StrictModel):
    """One field compared with one operator: `{field: headcount, below: 30}`."""

    field: str
    equals: str | None = None
    one_of: list[str] | None = None
    below: float | None = None
    at_least: float | None = None
    includes: str | None = None
    known: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Comparison:
        given = [op for op in OPERATORS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(f"a comparison needs exactly one of {', '.join(OPERATORS)}; got {given or 'none'}")
        return self

    @property
    def operator(self) -> str:
        return next(op for op in OPERATORS if getattr(self, op) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)


class AllOf(StrictModel):
    all: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    any: list[Condition] = Field(min_length=1)


class Not(StrictModel):
    not_: Condition = Field(alias="not")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "cmp"
    for key, attr in (("all", AllOf), ("any", AnyOf), ("not", Not)):
        if isinstance(value, attr):
            return key
    return "cmp"


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Comparison, Tag("cmp")],
    Discriminator(_kind),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def comparisons(condition: Condition) -> list[Comparison]:
    """Every comparison inside a condition, in order."""
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, Not):
        return comparisons(condition.not_)
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    return [c for part in parts for c in comparisons(part)]


def check(condition: Condition) -> list[str]:
    """Problems with a condition's fields and values, as messages (empty when sound)."""
    problems = []
    for cmp in comparisons(condition):
        problems += _check_comparison(cmp)
    return problems


def _check_comparison(cmp: Comparison) -> list[str]:
    info = FIELDS.get(cmp.field)
    if info is None or info.kind == "text":
        return [f"unknown field `{cmp.field}`"]
    op = OPERATORS[cmp.operator]
    if info.kind not in op.kinds:
        return [f"`{cmp.operator}` needs a {_KIND_WORDS[min(op.kinds)]} field, `{cmp.field}` is not one"]
    if info.values:
        wanted = cmp.operand if isinstance(cmp.operand, list) else [cmp.operand]
        return [
            f"`{cmp.field}` has no value `{v}` (allowed: {', '.join(info.values)})"
            for v in wanted
            if v not in info.values
        ]
    return []


def _walk(
    condition: Condition,
    leaf: Callable[[Comparison], Any],
    both: Callable[[list[Any]], Any],
    either: Callable[[list[Any]], Any],
    negate: Callable[[Any], Any],
) -> Any:
    """Fold a condition: `leaf` for each comparison, then combine with all / any / not."""
    if isinstance(condition, AllOf):
        return both([_walk(c, leaf, both, either, negate) for c in condition.all])
    if isinstance(condition, AnyOf):
        return either([_walk(c, leaf, both, either, negate) for c in condition.any])
    if isinstance(condition, Not):
        return negate(_walk(condition.not_, leaf, both, either, negate))
    return leaf(condition)


def compile_condition(condition: Condition) -> Predicate:
    """A checked condition as a predicate over one set of answers."""

    def leaf(cmp: Comparison) -> Predicate:
        name, test, operand = cmp.field, OPERATORS[cmp.operator].scalar, cmp.operand
        return lambda a: test(a.__dict__[name], operand)  # field checked at load

    predicate: Predicate = _walk(
        condition,
        leaf,
        lambda parts: lambda a: all(p(a) for p in parts),
        lambda parts: lambda a: any(p(a) for p in parts),
        lambda inner: lambda a: not inner(a),
    )
    return predicate


def compile_vector(condition: Condition) -> VectorPredicate:
    """A checked condition as a predicate over columns of encoded answers, one row per variant."""

    def leaf(cmp: Comparison) -> VectorPredicate:
        op = OPERATORS[cmp.operator]
        name, test, code = cmp.field, op.vector, op.code(cmp.field, cmp.operand)
        return lambda cols: test(cols[name], code)

    vector: VectorPredicate = _walk(
        condition,
        leaf,
        lambda parts: lambda cols: np.logical_and.reduce([p(cols) for p in parts]),
        lambda parts: lambda cols: np.logical_or.reduce([p(cols) for p in parts]),
        lambda inner: lambda cols: ~inner(cols),
    )
    return vector


def describe(condition: Condition) -> str:
    """A condition in plain words, for the method page and the report."""

    def group(parts: list[tuple[str, bool]], joint: str) -> tuple[str, bool]:
        return joint.join(f"({text})" if compound else text for text, compound in parts), True

    text, _ = _walk(
        condition,
        lambda cmp: (OPERATORS[cmp.operator].words(cmp.field, cmp.operand), False),
        lambda parts: group(parts, " and "),
        lambda parts: group(parts, " or "),
        lambda inner: (f"not ({inner[0]})", False),
    )
    return str(text)


def thresholds(condition: Condition, field: str) -> set[float]:
    """The numbers a condition compares `field` with: where a number answer can flip a rule."""
    return {float(c.operand) for c in comparisons(condition) if c.field == field and c.operator in THRESHOLD_OPERATORS}
