"""The documented gates as invariants, written from the issue and the documents independently of
rules.yaml, and checked over columns of many answers at once: by the hypothesis tests and by
benchmarks/sweep.py. Each gate: a name, the passage, which rows it applies to, the models it closes."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from advisor import validate_answers
from advisor.decide.costs import tie_keys
from advisor.decide.scorer import columns, first_of, rank, scored
from advisor.inputs.fields import FIELDS, NUMBER_FIELDS, SCORED, column_dtype, encode, enum_values
from advisor.rules.loader import Knowledge

Columns = Mapping[str, np.ndarray]


def _is(field: str, value: str) -> Callable[[Columns], np.ndarray]:
    code = encode(field, value)
    return lambda c: c[field] == code


@dataclass(frozen=True)
class Gate:
    name: str
    passage: str
    applies: Callable[[Columns], np.ndarray]
    closes: tuple[str, ...]


GATES = (
    Gate(
        "captive below 100 people",
        "004: BPO for <100 FTEs, GCC for 200+ FTEs",
        lambda c: c["headcount"] < 100,
        ("gcc", "bot"),
    ),
    Gate(
        "no ownership wanted",
        "004: GCC wholly-owned; BOT transfers ownership",
        _is("ownership_goal", "none"),
        ("gcc", "bot"),
    ),
    Gate(
        "onshore-only data",
        "004: GCC from a lower-cost geography; BOT offshore captive centers",
        _is("data_regulation", "onshore_only"),
        ("gcc", "bot"),
    ),
    Gate(
        "volatile process",
        "000: the ITES team will constantly be in retraining mode",
        _is("process_stability", "volatile"),
        ("ites_bpo", "bot"),
    ),
    Gate(
        "EOR far beyond 1-20", "000: 1-20 employees; 004: GCC for 200+ FTEs", lambda c: c["headcount"] >= 200, ("eor",)
    ),
    Gate(
        "KPO for rules-based work",
        "004: KPO is highly specialized, knowledge-intensive",
        _is("work_type", "rules_based"),
        ("kpo",),
    ),
    Gate(
        "outsourcing core work",
        "000: Keep strategic work in-house",
        _is("strategic", "core"),
        ("ites_bpo", "kpo", "bot"),
    ),
    Gate("ITES below 30 people", "000: fewer than 30-50 workers", lambda c: c["headcount"] < 30, ("ites_bpo",)),
    Gate(
        "ITES for chosen individuals",
        "000: pick specific people ... not ITES",
        _is("worker_control", "individuals"),
        ("ites_bpo",),
    ),
)


# The checks beyond the gates, in words (knowledge/checks.yaml and the method page print them).
OTHER_INVARIANTS: Final = {
    "winner_ruled_out": "The recommended model is never one that a rule rules out.",
    "no_fit_with_a_model_open": "No fit only when every model is ruled out.",
    "decided_by_display_order": "The order the models are listed in never decides the result.",
}
SWEEP_ROWS: Final = 100_000
SWEEP_SEED: Final = 9


def random_columns(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random valid answers as columns: log-uniform headcount 1-100,000, every choice uniform, budgets
    and deadlines unknown a quarter of the time."""
    base = validate_answers(
        {
            "headcount": 1,
            "process_stability": "stable",
            "data_regulation": "none",
            "worker_control": "outcomes",
            "ip_sensitivity": "low",
        }
    )
    cols = columns(base, rows)
    cols["headcount"] = np.floor(np.exp(rng.uniform(0, math.log(100_001), rows))).clip(1, 100_000)
    cols["onshore_cost_per_fte_usd"] = np.exp(rng.uniform(math.log(20_000), math.log(250_000), rows))
    budget = np.exp(rng.uniform(math.log(1e5), math.log(5e7), rows))
    cols["setup_budget_usd"] = np.where(rng.random(rows) < 0.25, np.nan, budget)
    cols["months_to_start"] = np.where(rng.random(rows) < 0.25, np.nan, rng.integers(1, 121, rows).astype(float))
    for field in SCORED:
        if field in NUMBER_FIELDS:
            continue
        options = len(enum_values(field))
        if FIELDS[field].kind == "choices":
            cols[field] = rng.integers(0, 1 << options, rows).astype(column_dtype(field))
        else:
            cols[field] = rng.integers(0, options, rows).astype(column_dtype(field))
    return cols


@dataclass(frozen=True)
class Broken:
    """How many rows break each invariant."""

    gates: dict[str, int]
    winner_ruled_out: int
    no_fit_with_a_model_open: int
    decided_by_display_order: int

    @property
    def total(self) -> int:
        return (
            sum(self.gates.values())
            + self.winner_ruled_out
            + self.no_fit_with_a_model_open
            + self.decided_by_display_order
        )


def check(cols: Columns, k: Knowledge) -> tuple[np.ndarray, Broken]:
    """Rank every row and count the rows that break an invariant; returns the winners (-1: no fit) too."""
    models = list(k.scoring.model_order)
    points, excluded = scored(cols, k)
    cost, steady = tie_keys(cols, k)
    order = rank(points, excluded, cost, steady)
    first = first_of(order, excluded)
    rows = np.arange(len(first))
    gates = {
        g.name: int(sum(np.count_nonzero(g.applies(cols) & ~excluded[:, models.index(m)]) for m in g.closes))
        for g in GATES
    }
    open_first = first >= 0
    winner_ruled_out = int(np.count_nonzero(open_first & excluded[rows, np.maximum(first, 0)]))
    no_fit_open = int(np.count_nonzero(~open_first & ~excluded.all(axis=1)))
    # the same ranking with the display order reversed must give the same winner, unless the first two
    # are equal on every documented key (a genuine tie, reported as such)
    flip = slice(None, None, -1)
    reversed_order = rank(points[:, flip], excluded[:, flip], cost[:, flip], steady[:, flip])
    first_reversed = first_of(reversed_order, excluded[:, flip])
    first_reversed = np.where(first_reversed >= 0, len(models) - 1 - first_reversed, -1)
    second = order[:, 1]
    genuine = (
        (points[rows, order[:, 0]] == points[rows, second])
        & (np.round(cost[rows, order[:, 0]], 2) == np.round(cost[rows, second], 2))
        & (steady[rows, order[:, 0]] == steady[rows, second])
        & ~excluded[rows, second]
    )
    by_order = int(np.count_nonzero((first != first_reversed) & ~genuine))
    return first, Broken(gates, winner_ruled_out, no_fit_open, by_order)
