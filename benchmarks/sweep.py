"""A random sweep: 100,000 answer sets through the vectorised scorer (the same `rank` the engine uses).
Prints the share of each model coming first, of close calls and of no fit, the share of each kind of
advice (keep in-house among them), and the count of rows that break an invariant of tests/invariants.py
(documented gates, stated choices never contradicted, winner never ruled out, no fit only when every
model is, never decided by display order), which must be 0; and two counts of issue 17 that must be 0
as well: recommendations that cost more than today even at their low end without the headline saying
so, and no-fit results whose first way out is a headcount change of a few people.

python benchmarks/sweep.py [rows] [seed]
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests/invariants.py

from advisor import validate_answers
from advisor.decide.advice import KINDS, advice_kinds
from advisor.decide.portfolio import assess_columns
from advisor.decide.scorer import columns, ranked
from advisor.decide.tipping import few_people, openings
from advisor.inputs.fields import FIELDS, NUMBER_FIELDS, SCORED, column_dtype, decode, enum_values
from advisor.rules.loader import Knowledge, knowledge
from tests.invariants import check


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


def main(rows: int = 100_000, seed: int = 9) -> int:
    k = knowledge()
    check(
        columns(
            validate_answers(
                {
                    "headcount": 1,
                    "process_stability": "stable",
                    "data_regulation": "none",
                    "worker_control": "outcomes",
                    "ip_sensitivity": "low",
                }
            ),
            1,
        ),
        k,
    )  # warm
    start = time.perf_counter()
    cols = random_columns(rows, np.random.default_rng(seed))
    first, broken = check(cols, k)
    order, points, excluded = ranked(cols, k)
    elapsed = time.perf_counter() - start
    scale = k.scoring.score_scale_points
    scores = 100 / (1 + np.exp(-points / scale))
    top = np.arange(rows)
    second = order[:, 1]
    close = (
        (first >= 0)
        & ~excluded[top, second]
        & (scores[top, order[:, 0]] - scores[top, second] < k.scoring.close_call_margin)
    )
    weak = (first >= 0) & (points[top, np.maximum(first, 0)] < 0)
    print(f"{rows:,} random answer sets (seed {seed}) in {elapsed:.2f} s")
    for i, model in enumerate(k.scoring.model_order):
        print(f"  {k.model_name(model):<40} {np.mean(first == i):7.2%}")
    print(f"  {'no fit':<40} {np.mean(first < 0):7.2%}")
    print(f"close calls {np.mean(close):.2%}, weak fits {np.mean(weak):.2%}")
    costly, kind = costly_without_saying(cols, k)
    print("advice: " + ", ".join(f"{name.replace('_', ' ')} {np.mean(kind == i):.2%}" for i, name in enumerate(KINDS)))
    print(f"keep in-house outcomes: {np.mean(kind == KINDS.index('keep_in_house')):.2%}")
    print(f"broken invariants: {broken.total}  {broken}")
    print(f"stated-choice contradictions: {sum(broken.choices.values())}")
    print(f"costing more than today at the low end without the headline saying so: {costly}")
    few, checked = few_people_ways_out(cols, first < 0, k, limit=2_000)
    print(f"no-fit results whose first way out is a headcount change of a few people: {few} (of {checked:,} checked)")
    return 0 if broken.total == 0 and costly == 0 and few == 0 else 1


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
