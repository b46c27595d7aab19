"""Engine and analysis speed, in one warm process. Prints numbers; asserts nothing.

python -m benchmarks.engine
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from advisor import recommend
from advisor.decide.analysis import analyse
from advisor.decide.uncertainty import SAMPLES

CASES = sorted((Path(__file__).resolve().parent.parent / "tests" / "scenarios").glob("*.json"))
ANSWERS = [json.loads(p.read_text())["answers"] for p in CASES]


def rate(label: str, work: Callable[[dict], object], seconds: float = 2.0) -> None:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for answers in ANSWERS:
            work(answers)
        done += len(ANSWERS)
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {done / elapsed:>10,.0f} per second ({elapsed / done * 1e6:,.1f} µs each)")


def timing(label: str, work: Callable[[], object], repeat: int = 30) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:<58} median {statistics.median(times) * 1e3:7.1f} ms   max {max(times) * 1e3:7.1f} ms")


def main() -> None:
    recommend(ANSWERS[0])  # load the knowledge base once
    rate("recommend(dict): validation + scoring + explanation", recommend)
    rate("... and the contract JSON (model_dump)", lambda a: recommend(a).model_dump(mode="json"))
    base = ANSWERS[1]
    two = {**base, "headcount": {"min": 20, "max": 400}, "process_stability": ["stable", "evolving"]}
    timing("full analysis, certain answers", lambda: analyse(base).to_json())
    timing("full analysis, two uncertain answers", lambda: analyse(two).to_json())
    many = {
        **base,
        **{f: ["low", "medium", "high"] for f in ("ip_sensitivity", "management_bandwidth")},
        "process_stability": ["stable", "evolving", "volatile"],
        "worker_control": ["outcomes", "team", "individuals"],
        "work_type": ["rules_based", "mixed", "knowledge_intensive"],
        "ownership_goal": ["none", "eventual", "now"],
        "home_region": ["north_america", "europe", "uk", "asia_pacific", "latin_america", "other"],
        "location_preference": ["any", "onshore", "nearshore", "offshore"],
        "headcount": {"min": 1, "max": 2000},
        "months_to_start": {"min": 1, "max": 36},
    }
    timing(f"full analysis, {SAMPLES:,} samples (10 uncertain answers)", lambda: analyse(many).to_json())


if __name__ == "__main__":
    main()
