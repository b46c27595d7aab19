"""What the loader builds once from the rules, so that no answer ever pays for it again: each rule's
contributions and reason as the engine returns them, and the whole rule set as arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict

from .grammar import VectorPredicate
from .schemas import ModelId, RuleKind, Source


class Out(BaseModel):
    """A result value: frozen, and built without re-validation (its parts are checked at load)."""

    model_config = ConfigDict(frozen=True)


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
