"""A random sweep: 100,000 answer sets through the vectorised scorer (the same `rank` the engine uses).
Prints the share of each model coming first, of close calls and of no fit, the share of each kind of
advice (keep in-house among them), and the count of rows that break an invariant of tests/support/invariants.py
(documented gates, stated choices never contradicted, winner never ruled out, no fit only when every
model is, never decided by display order), which must be 0; and two more counts that must be 0
as well: recommendations that cost more than today even at their low end without the headline saying
so, and no-fit results whose first way out is a headcount change of a few people; and how many
recommendations depend on the method's weighting.

python -m benchmarks.sweep [rows] [seed]
python -m benchmarks.sweep --write   # rewrites knowledge/checks.yaml (scenarios and the sweep, as the method
                                     # page and the report print them); tests/test_checks.py fails when stale
"""

from __future__ import annotations

import sys
import time

import numpy as np

from advisor import validate_answers
from advisor.decide.advice import KINDS
from advisor.decide.portfolio import assess_columns
from advisor.decide.scorer import columns, ranked
from advisor.rules.loader import knowledge
from tests.support.checks import write
from tests.support.invariants import (
    FEW_PEOPLE_LIMIT,
    SWEEP_ROWS,
    SWEEP_SEED,
    check,
    costly_without_saying,
    few_people_ways_out,
    random_columns,
)


def main(rows: int = SWEEP_ROWS, seed: int = SWEEP_SEED) -> int:
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
    start = time.perf_counter()
    share = assess_columns(cols, k).weights_share
    threshold = k.scoring.weights_check.threshold
    print(
        f"weights: {np.mean(share < 1):.2%} of recommendations change under some weighting, "
        f"{np.mean(share < threshold):.2%} depend on it (first under fewer than {threshold:.0%}); "
        f"{np.mean(share[close] < threshold):.2%} of close calls "
        f"({time.perf_counter() - start:.2f} s through the portfolio)"
    )
    print(f"broken invariants: {broken.total}  {broken}")
    print(f"stated-choice contradictions: {sum(broken.choices.values())}")
    print(f"costing more than today at the low end without the headline saying so: {costly}")
    few, checked = few_people_ways_out(cols, first < 0, k, limit=FEW_PEOPLE_LIMIT)
    print(f"no-fit results whose first way out is a headcount change of a few people: {few} (of {checked:,} checked)")
    return 0 if broken.total == 0 and costly == 0 and few == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        print(f"wrote {write()}")
        sys.exit(0)
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
