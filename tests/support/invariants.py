"""The documented gates and the stated choices as invariants, written from the issues and the documents
independently of rules.yaml and choices.yaml, and checked over columns of many answers at once: by the
hypothesis tests and by benchmarks/sweep.py. Each gate: a name, the passage, which rows it applies to,
the models it closes (a gate: ruled out; a choice: never the recommendation)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from advisor import validate_answers
from advisor.decide.advice import KINDS, advice_kinds
from advisor.decide.costs import tie_keys
from advisor.decide.portfolio import assess_columns
from advisor.decide.scorer import columns, first_of, named_keys, rank, scored
from advisor.decide.tipping import few_people, openings
from advisor.inputs.fields import FIELDS, NUMBER_FIELDS, SCORED, column_dtype, decode, encode, enum_values
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
        "onshore-only data",
        "004: GCC from a lower-cost geography; BOT offshore captive centers",
        _is("data_regulation", "onshore_only"),
        ("gcc", "bot"),
    ),
    Gate(
        "volatile process",
        "000: the ITES team will constantly be in retraining mode; any provider's team retrains alike",
        _is("process_stability", "volatile"),
        ("ites_bpo", "bot", "kpo"),
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
)

# The user's stated choices: a model that contradicts one is never the recommendation.
CHOICES = (
    Gate(
        "never own the center",
        "004: a GCC is a wholly-owned subsidiary; BOT transfers ownership, assets, and employees to the client",
        _is("ownership_goal", "none"),
        ("gcc", "bot"),
    ),
    Gate(
        "own the center eventually",
        "004: BOT for GCC control without upfront setup complexity; outsourcing without a transfer loses control",
        _is("ownership_goal", "eventual"),
        ("gcc", "ites_bpo", "kpo"),
    ),
    Gate(
        "own the center from the start",
        "004: BOT transfers after 2-5 years; a provider's center is a third-party vendor's",
        _is("ownership_goal", "now"),
        ("bot", "ites_bpo", "kpo"),
    ),
    Gate(
        "pick and manage individuals",
        "000: you want an EOR or direct hiring model, not ITES; the provider decides who works on your account",
        _is("worker_control", "individuals"),
        ("ites_bpo", "kpo", "bot"),
    ),
    Gate(
        "a provider runs the people",
        "000: EOR for hires you manage directly; 004: a GCC is under direct management",
        _is("worker_control", "outcomes"),
        ("eor", "gcc"),
    ),
    Gate(
        "the work stays onshore",
        "004: a GCC works from a lower-cost geography; BOT is a structured offshore engagement model",
        _is("location_preference", "onshore"),
        ("gcc", "bot"),
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
FEW_PEOPLE_LIMIT: Final = 2_000  # no-fit answer sets whose ways out are worked out one by one


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
    choices: dict[str, int]  # rows whose recommendation contradicts this stated choice
    winner_ruled_out: int
    no_fit_with_a_model_open: int
    decided_by_display_order: int

    @property
    def total(self) -> int:
        return (
            sum(self.gates.values())
            + sum(self.choices.values())
            + self.winner_ruled_out
            + self.no_fit_with_a_model_open
            + self.decided_by_display_order
        )


def check(cols: Columns, k: Knowledge) -> tuple[np.ndarray, Broken]:
    """Rank every row and count the rows that break an invariant; returns the winners (-1: no fit) too."""
    models = list(k.scoring.model_order)
    points, excluded = scored(cols, k)
    named = named_keys(cols, k)
    cost, steady = tie_keys(cols, k)
    order = rank(points, excluded, named, cost, steady)
    first = first_of(order, excluded)
    rows = np.arange(len(first))
    gates = {
        g.name: int(sum(np.count_nonzero(g.applies(cols) & ~excluded[:, models.index(m)]) for m in g.closes))
        for g in GATES
    }
    choices = {
        c.name: int(sum(np.count_nonzero(c.applies(cols) & (first == models.index(m))) for m in c.closes))
        for c in CHOICES
    }
    open_first = first >= 0
    winner_ruled_out = int(np.count_nonzero(open_first & excluded[rows, np.maximum(first, 0)]))
    no_fit_open = int(np.count_nonzero(~open_first & ~excluded.all(axis=1)))
    # the same ranking with the display order reversed must give the same winner, unless the first two
    # are equal on every documented key (a genuine tie, reported as such)
    flip = slice(None, None, -1)
    reversed_order = rank(points[:, flip], excluded[:, flip], named[:, flip], cost[:, flip], steady[:, flip])
    first_reversed = first_of(reversed_order, excluded[:, flip])
    first_reversed = np.where(first_reversed >= 0, len(models) - 1 - first_reversed, -1)
    second = order[:, 1]
    genuine = (
        (points[rows, order[:, 0]] == points[rows, second])
        & (named[rows, order[:, 0]] == named[rows, second])
        & (np.round(cost[rows, order[:, 0]], 2) == np.round(cost[rows, second], 2))
        & (steady[rows, order[:, 0]] == steady[rows, second])
        & ~excluded[rows, second]
    )
    by_order = int(np.count_nonzero((first != first_reversed) & ~genuine))
    return first, Broken(gates, choices, winner_ruled_out, no_fit_open, by_order)


# ---- two more counts that must be 0 (benchmarks/sweep.py prints them; knowledge/checks.yaml states them)


def row_answers(cols: dict[str, np.ndarray], row: int) -> dict[str, object]:
    return {field: decode(field, cols[field][row]) for field in SCORED}


def costly_without_saying(cols: dict[str, np.ndarray], k: Knowledge) -> tuple[int, np.ndarray]:
    """Rows whose recommendation costs more than today even at its low end while the advice is still to
    take it up with no stated choice asking for it (the headline would not say so); and each row's kind."""
    a = assess_columns(cols, k)
    kind, _, asked, _ = advice_kinds(a.recommendation, a.location, a.cost_low, a.cost_high, a.today, cols, k)
    dearer = (a.recommendation >= 0) & (a.cost_low > a.today)
    taken_up = np.isin(kind, [KINDS.index("recommend"), KINDS.index("weigh_cost")]) & ~asked
    return int(np.count_nonzero(dearer & taken_up)), kind


def few_people_ways_out(cols: dict[str, np.ndarray], no_fit: np.ndarray, k: Knowledge, limit: int) -> tuple[int, int]:
    """No-fit rows (at most `limit`) whose first way out is a headcount change of a few people."""
    found, checked = 0, 0
    for row in np.flatnonzero(no_fit)[:limit]:
        answers = validate_answers(row_answers(cols, int(row)))
        ways = openings(answers, k)
        checked += 1
        first = ways[0] if ways else None
        if first is not None and first.field == "headcount" and few_people(answers.headcount, first.value, k):
            found += 1
    return found, checked
