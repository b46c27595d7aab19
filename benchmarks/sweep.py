"""A random sweep: 100,000 answer sets through the vectorised scorer (the same `rank` the engine uses).
Prints the share of each model coming first, of close calls and of no fit, how many depend on the
method's weighting, and the count of rows that break an invariant of tests/invariants.py (documented gates,
winner never ruled out, no fit only when every model is, never decided by display order), which must be 0.

python benchmarks/sweep.py [rows] [seed]
python benchmarks/sweep.py --write   # rewrites knowledge/checks.yaml (scenarios and the sweep, as the method
                                     # page and the report print them); tests/test_checks.py fails when stale
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests/

from advisor.decide.portfolio import assess_columns
from advisor.decide.scorer import ranked
from advisor.rules.loader import knowledge
from tests.checks import write
from tests.invariants import SWEEP_ROWS, SWEEP_SEED, check, random_columns


def main(rows: int = SWEEP_ROWS, seed: int = SWEEP_SEED) -> int:
    k = knowledge()
    check(random_columns(1, np.random.default_rng(0)), k)  # warm
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
    return 0 if broken.total == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        print(f"wrote {write()}")
        sys.exit(0)
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
