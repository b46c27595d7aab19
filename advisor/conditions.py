"""The closed condition grammar rules are written in: all / any / not over field comparisons.

A condition is parsed by pydantic from YAML, checked against the answers' fields, and compiled
once into a plain Python predicate. Nothing is evaluated from text; no name from a file is looked
up with getattr.
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from .answers import NUMBER_FIELDS, Answers, enum_values

Scalar = Union[str, int, float]
Predicate = Callable[[Answers], bool]

_OPERATORS = ("equals", "one_of", "below", "at_least", "includes", "known")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Comparison(_Strict):
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
        given = [op for op in _OPERATORS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(f"a comparison needs exactly one of {', '.join(_OPERATORS)}; got {given or 'none'}")
        return self

    @property
    def operator(self) -> str:
        return next(op for op in _OPERATORS if getattr(self, op) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class Not(_Strict):
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
    Union[
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[Not, Tag("not")],
        Annotated[Comparison, Tag("cmp")],
    ],
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
    if cmp.field not in Answers.model_fields:
        return [f"unknown field `{cmp.field}`"]
    numeric = cmp.field in NUMBER_FIELDS
    op = cmp.operator
    if op in ("below", "at_least") and not numeric:
        return [f"`{op}` needs a number field, `{cmp.field}` is not one"]
    if op == "known" and not numeric:
        return [f"`known` applies to optional number fields, not `{cmp.field}`"]
    if op in ("equals", "one_of", "includes"):
        values = enum_values(cmp.field)
        if values is None:
            return [f"`{op}` needs a field with fixed values, `{cmp.field}` has none"]
        if (op == "includes") != (cmp.field == "regulations"):
            return [f"`includes` is for the list field `regulations`; use equals/one_of for `{cmp.field}`"]
        wanted = [cmp.operand] if op != "one_of" else cmp.operand
        return [f"`{cmp.field}` has no value `{v}` (allowed: {', '.join(values)})" for v in wanted if v not in values]
    return []


def compile_condition(condition: Condition) -> Predicate:
    """Turn a checked condition into a predicate over answers."""
    if isinstance(condition, AllOf):
        parts = [compile_condition(c) for c in condition.all]
        return lambda a: all(p(a) for p in parts)
    if isinstance(condition, AnyOf):
        parts = [compile_condition(c) for c in condition.any]
        return lambda a: any(p(a) for p in parts)
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_)
        return lambda a: not inner(a)
    return _compile_comparison(condition)


def _compile_comparison(cmp: Comparison) -> Predicate:
    name, op, operand = cmp.field, cmp.operator, cmp.operand
    read: Callable[[Answers], Any] = lambda a: a.__dict__[name]  # noqa: E731 - field checked at load
    if op == "equals":
        return lambda a: read(a) == operand
    if op == "one_of":
        options = frozenset(operand)
        return lambda a: read(a) in options
    if op == "below":
        return lambda a: (v := read(a)) is not None and v < operand
    if op == "at_least":
        return lambda a: (v := read(a)) is not None and v >= operand
    if op == "includes":
        return lambda a: operand in read(a)
    return lambda a: (read(a) is not None) == operand


_WORDS = {"below": "below", "at_least": "at least"}


def describe(condition: Condition) -> str:
    """A condition in plain words, for the method page and the report."""
    if isinstance(condition, AllOf):
        return " and ".join(_group(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_group(c) for c in condition.any)
    if isinstance(condition, Not):
        return f"not ({describe(condition.not_)})"
    field = condition.field.replace("_", " ")
    op, operand = condition.operator, condition.operand
    if op == "equals":
        return f"{field} is {operand}"
    if op == "one_of":
        return f"{field} is {' or '.join(operand)}"
    if op == "includes":
        return f"regulations include {operand}"
    if op == "known":
        return f"{field} is {'given' if operand else 'not given'}"
    return f"{field} {_WORDS[op]} {operand:,g}"


def _group(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def thresholds(condition: Condition, field: str) -> set[float]:
    """The numbers a condition compares `field` with: where a number answer can flip a rule."""
    return {float(c.operand) for c in comparisons(condition) if c.field == field and c.operator in _WORDS}
