"""What the loader builds once from the rules, so that no answer ever pays for it again: each rule's
contributions and reason as the engine returns them, and the whole rule set as arrays."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
from pydantic import BaseModel, ConfigDict

from ..inputs.fields import built
from .grammar import VectorPredicate
from .schemas import ModelId, RuleKind, Source


class Out(BaseModel):
    """A result value: frozen, and built without re-validation (its parts are checked at load)."""

    model_config = ConfigDict(frozen=True)

    @classmethod
    def of(cls, **values: Any) -> Self:
        """The value built from parts checked at load, as `model_construct` builds it, without its per-field
        alias and default lookups (they cost more than the engine's own work). The fields keep their declared
        order, which is the JSON's key order; a field not given takes its default."""
        return cls.of_dict(values)

    @classmethod
    def of_dict(cls, values: dict[str, Any]) -> Self:
        """`of` from a dict of the values, which becomes the value's own (not copied)."""
        fields = _fields(cls)
        given = set(values)
        if tuple(values) != fields:
            declared = cls.__pydantic_fields__
            values = {name: values[name] if name in values else f.get_default() for name, f in declared.items()}
        return built(cls, values, given)


@functools.cache  # keyed by a result class: no user data
def _fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """A result class's field names, in declared order (asked for every value built)."""
    return tuple(cls.__pydantic_fields__)


class Contribution(Out):
    """One rule's effect on one model: points, or an exclusion. `kind` "choice": the model contradicts
    a stated choice (choices.yaml) and is set aside, rather than ruled out by a document."""

    rule: str
    model: ModelId
    points: int
    excludes: bool
    factor: str
    text: str
    source: Source
    kind: RuleKind = "rule"


class Reason(Out):
    rule: str
    text: str
    points: int
    source: Source


class HubEntry(Out):
    id: str
    name: str
    text: str
    fits_function: bool
    source: Source


@dataclass(frozen=True)
class RuleMatrix:
    """The rule set as arrays: one vector predicate per rule, and its points and exclusions per model."""

    predicates: tuple[VectorPredicate, ...]
    points: np.ndarray  # rules x models, int
    excludes: np.ndarray  # rules x models, bool
    models: tuple[str, ...]
