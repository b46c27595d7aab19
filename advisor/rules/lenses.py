"""Stakeholder lenses (knowledge/lenses.yaml): what each workshop role weighs, cited, and which
parts of the analysis answer it. Loaded and cross-checked once per knowledge base."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from ..inputs.roles import Role
from .loader import Knowledge, KnowledgeError, default_directory, knowledge, read_entries
from .schemas import Id, Source, StrictModel, Text

View = Literal["cost", "payback", "cfo_test", "steady_state", "risks", "compliance", "pricing"]


class Weighs(StrictModel):
    text: Text
    source: Source


class Lens(StrictModel):
    role: Role
    title: Text
    weighs: Annotated[list[Weighs], Field(min_length=1)]
    shows: Annotated[list[View], Field(min_length=1)]
    risks: list[Id]
    compliance: list[Id]


def load_lenses(path: Path, k: Knowledge) -> dict[str, Lens]:
    lenses = read_entries(path, "lenses", Lens, k.cost_model.horizon)
    risk_ids, compliance_ids = {r.id for r in k.risks}, {c.id for c in k.compliance}
    documents = {d.file for d in k.documents}
    for lens in lenses:
        unknown = [r for r in lens.risks if r not in risk_ids] + [c for c in lens.compliance if c not in compliance_ids]
        if unknown:
            raise KnowledgeError(f"{path.name}: entry `{lens.role}`: names unknown risk or compliance `{unknown[0]}`")
        for w in lens.weighs:
            if w.source.document not in documents:
                raise KnowledgeError(f"{path.name}: entry `{lens.role}`: document `{w.source.document}` is not listed")
    roles = [lens.role for lens in lenses]
    if len(set(roles)) != len(roles):
        raise KnowledgeError(f"{path.name}: a role has more than one lens")
    return {lens.role: lens for lens in lenses}


@functools.cache
def lenses() -> dict[str, Lens]:
    """The shipped lenses, by role (the role `other` has none: it may pick any)."""
    return load_lenses(default_directory() / "lenses.yaml", knowledge())
