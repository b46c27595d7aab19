"""A cost sweep: random answer sets through the recommendation and its cost analysis (the scalar path the
app, the PDF and the JSON use). Prints, per delivery location, the share of results whose recommended or
runner-up model carries a cost warning (a saving outside a documented range), the share that names the
documents' rate disagreement, and the share whose recommended model costs more than today even at its low
end; with today's cost left empty (the suggested default) and typed (log-uniform $20,000-250,000).

python -m benchmarks.cost_sweep [rows] [seed]
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter

import numpy as np

from advisor import validate_answers
from advisor.decide.costs import cost_analysis
from advisor.decide.engine import recommend
from advisor.inputs.fields import SCORED, decode
from advisor.rules.loader import knowledge
from tests.support.invariants import random_columns


def main(rows: int = 3_000, seed: int = 9) -> int:
    k = knowledge()
    cols = random_columns(rows, np.random.default_rng(seed))
    start = time.perf_counter()
    for typed in (False, True):
        tally: Counter[str] = Counter()
        for i in range(rows):
            answers = {f: decode(f, cols[f][i]) for f in SCORED}
            if not typed:
                answers.pop("onshore_cost_per_fte_usd")  # left empty: the suggested default
            valid = validate_answers(answers)
            r = recommend(valid, k)
            if r.recommendation is None:
                tally["no fit"] += 1
                continue
            cost = cost_analysis(valid, r.delivery_location, [h.id for h in r.hubs], k)
            place = r.delivery_location
            tally[place] += 1
            shown = {r.recommendation, r.runner_up}
            if any(w.model in shown for w in cost.warnings):
                tally[f"{place} warned"] += 1
            if r.recommendation == "ites_bpo":
                tally[f"{place} ites"] += 1
                tally[f"{place} ites warned"] += any(w.model == "ites_bpo" for w in cost.warnings)
            if cost.notes:
                tally[f"{place} disagreement named"] += 1
            if cost.models[r.recommendation].total[0] > cost.baseline[-1]:
                tally[f"{place} dearer at low end"] += 1
        print(f"today's cost {'typed' if typed else 'left empty (suggested default)'}: {rows:,} random answer sets")
        for place in ("onshore", "nearshore", "offshore"):
            n, ites = tally[place] or math.nan, tally[f"{place} ites"] or math.nan
            print(
                f"  {place:<9} {tally[place]:>6,} results: cost warning {tally[f'{place} warned'] / n:6.1%}, "
                f"rate disagreement named {tally[f'{place} disagreement named'] / n:6.1%}, "
                f"dearer than today at the low end {tally[f'{place} dearer at low end'] / n:6.1%}; "
                f"ITES/BPO first {tally[f'{place} ites']:,}, warned {tally[f'{place} ites warned'] / ites:6.1%}"
            )
        print(f"  no fit {tally['no fit']:,}")
    print(f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
