"""What the weights check costs (advisor/decide/robustness.py), measured against a baseline `recommend()`
run in the same go, since the machine may be shared: per analysis for the scenario files (clear calls,
close calls), its share of a whole `analyse()`, and the portfolio column for 10,000 and 200,000 random rows
(time and peak memory, with and without it). Prints numbers; asserts nothing.

python -m benchmarks.weights [rows ...]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from advisor import analyse, recommend, validate_answers
from advisor.decide import portfolio, robustness
from advisor.decide.scorer import columns, tie_break_keys
from advisor.rules.loader import knowledge
from tests.support.invariants import random_columns

CASES = sorted((Path(__file__).resolve().parent.parent / "tests" / "scenarios").glob("*.json"))


def per_call(work: Callable[[], object], seconds: float = 1.0) -> float:
    """Median seconds per call over rounds of about 50 ms."""
    work()
    rounds = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.05:
            work()
            n += 1
        rounds.append((time.perf_counter() - start) / n)
    return statistics.median(rounds)


def main(sizes: list[int]) -> None:
    k = knowledge()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    start = time.perf_counter()
    robustness.drawn_points(k)
    robustness._worst_leads(k)
    print(f"draws set up once per process: {(time.perf_counter() - start) * 1e3:.1f} ms")
    answers = [validate_answers(json.loads(p.read_text())["answers"]) for p in CASES]
    base = per_call(lambda: [recommend(a, k) for a in answers]) / len(answers)
    print(f"baseline recommend(): {base * 1e6:.0f} µs per call (mean over {len(answers)} scenarios)")
    # each check measured next to recommend() of the same answers, as a ratio: a shared machine's load drifts
    groups: dict[str, list[tuple[float, float]]] = {"clear call or only fit": [], "close call": [], "share below 1": []}
    for a in answers:
        result = recommend(a, k)
        own = per_call(lambda a=a: recommend(a, k), 0.2)
        cost = per_call(
            lambda a=a, r=result: robustness.weights_robustness(r, lambda: tie_break_keys(columns(a, 1), k), k), 0.2
        )
        check = robustness.weights_robustness(result, lambda a=a: tie_break_keys(columns(a, 1), k), k)
        groups["close call" if result.close_call else "clear call or only fit"].append((cost, cost / own))
        if check.share < 1:
            groups["share below 1"].append((cost, cost / own))
    for name, found in groups.items():
        costs, ratios = [c for c, _ in found], [r for _, r in found]
        print(
            f"weights check, {name:<24} ({len(found):>2}): median {statistics.median(costs) * 1e6:6.0f} µs, "
            f"{statistics.median(ratios):.2f}x its recommend() (max {max(ratios):.2f}x)"
        )
    for case in ("01-", "14-"):  # a clear call, and a close call that depends on the weights
        path = next(p for p in CASES if p.name.startswith(case))
        certain = validate_answers(json.loads(path.read_text())["answers"])
        result = recommend(certain, k)
        own = per_call(lambda certain=certain: recommend(certain, k))
        whole = per_call(lambda certain=certain: analyse(certain, k=k))
        check = per_call(
            lambda certain=certain, result=result: robustness.weights_robustness(
                result, lambda: tie_break_keys(columns(certain, 1), k), k
            )
        )
        print(
            f"analyse() of {path.stem}: {whole * 1e6:.0f} µs ({whole / own:.1f}x its recommend()), of which the "
            f"weights check {check * 1e6:.0f} µs ({check / whole:.0%}, {check / own:.2f}x recommend())"
        )
    real = portfolio.shares
    for rows in sizes:
        cols = random_columns(rows, np.random.default_rng(9))
        seconds = {}
        for label, shares in (("without", lambda f, e, t, w, k: np.ones(len(f))), ("with", real)):
            portfolio.shares = shares
            start = time.perf_counter()
            portfolio.assess_columns(cols, k)
            seconds[label] = elapsed = time.perf_counter() - start
            tracemalloc.start()
            portfolio.assess_columns(cols, k)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"portfolio of {rows:>7,} random rows, {label:<7} the weights column: {elapsed:6.2f} s "
                f"({elapsed / rows * 1e6:5.1f} µs a row), peak {peak / 1e6:4.0f} MB"
            )
        print(f"  the column costs {seconds['with'] / seconds['without']:.2f}x the portfolio's assessment without it")
        portfolio.shares = real
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 200_000])
