"""Where the work is delivered: the delivery location and the hubs the documents name for it, for one
set of answers or for columns of many (the tie-break costs each row at its own hubs)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import answers_read, reader
from ..rules.compiled import HubEntry, Reason
from ..rules.grammar import Columns, comparisons
from ..rules.loader import Knowledge
from ..rules.schemas import LOCATIONS, Hub, Location


def delivery_location(answers: Answers, k: Knowledge) -> tuple[Location, Reason]:
    """The delivery location and the rule that decided it, in words."""
    index = location_rule(answers, k)
    return k.location_rules[index].location, k.location_reasons[index]


def location_rule(answers: Answers, k: Knowledge) -> int:
    """The index of the location rule that decides: the first that holds (the last rule always holds). Kept
    per values of the answers locations.yaml reads (a few choices: few combinations, never text), since
    every new set of answers asks for it."""
    return _location_rule(_location_reader(k)(answers.__dict__), k)


@functools.cache  # keyed by the immutable knowledge base: no user data
def _location_fields(k: Knowledge) -> tuple[str, ...]:
    return tuple(sorted({c.field for r in k.location_rules if r.when is not None for c in comparisons(r.when)}))


@functools.cache  # keyed by the immutable knowledge base: no user data
def _location_reader(k: Knowledge) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    return reader(_location_fields(k))


@functools.lru_cache(maxsize=1024)  # keyed by the choices and numbers the rules read: no user text
def _location_rule(values: tuple[Any, ...], k: Knowledge) -> int:
    answers = answers_read(_location_fields(k), values)  # the conditions read only these answers
    for index, holds in enumerate(k.location_predicates):
        if holds is None or holds(answers):
            return index
    raise AssertionError("locations.yaml ends with a default rule; checked at load")


def location_codes(cols: Columns, k: Knowledge) -> np.ndarray:
    """Index into LOCATIONS of each row's delivery location: the same first-rule-that-holds as above."""
    rows = len(next(iter(cols.values())))
    out = np.full(rows, -1, dtype=np.int64)
    for rule, vector in zip(k.location_rules, k.location_vectors):
        holds = np.ones(rows, dtype=bool) if vector is None else vector(cols)
        out = np.where((out < 0) & holds, LOCATIONS.index(rule.location), out)
    return out


def suggested_hubs(location: str, home_region: str, function: str, k: Knowledge) -> list[Hub]:
    """Hubs the documents name for this location and home region; those known for the function first."""
    fitting = [h for h in k.hubs if h.location == location and home_region in h.serves]
    fitting.sort(key=lambda h: function not in h.known_for)  # stable: hubs.yaml order breaks ties
    return fitting


def hubs_for(location: str, home_region: str, function: str, k: Knowledge) -> list[HubEntry]:
    return [k.hub_entries[h.id, function in h.known_for] for h in suggested_hubs(location, home_region, function, k)]
