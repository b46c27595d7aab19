"""Engine and analysis speed, in one warm process. Prints numbers and ratios; asserts nothing.

    python -m benchmarks.engine

Each line sets the call as the app makes it (answers seen before in this process: the result is kept,
keyed by the answers without company or notes) beside the uncached computation of the same answers,
measured in the same run, so that the ratio holds on a busy machine. The uncached recommend is also
given per kind of answers (a model fits; two models are level, so their tie-break keys are costed; no
model fits, so every single change is tried for a way out). Targets: `recommend()` at least 50,000
single calls per second, `analyse()` at most 0.5 ms for certain answers.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor import recommend
from advisor.decide import analysis, engine
from advisor.decide.analysis import analyse
from advisor.decide.uncertainty import SAMPLES
from advisor.inputs.parse import validate_answers
from advisor.rules.loader import knowledge

CASES = sorted((Path(__file__).resolve().parent.parent / "tests" / "scenarios").glob("*.json"))
ANSWERS = [json.loads(p.read_text())["answers"] for p in CASES]


def rate(
    work: Callable[[dict[str, Any]], object], seconds: float = 2.0, answers: list[dict[str, Any]] = ANSWERS
) -> float:
    """Calls per second over the scenario files' answers (or some of them)."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for one in answers:
            work(one)
        done += len(answers)
    return done / (time.perf_counter() - start)


def kinds() -> dict[str, list[dict[str, Any]]]:
    """The scenario files' answers by what the engine does for them: a model fits and no two models are level;
    two models are level (their tie-break keys are costed); no model fits (every single change is tried)."""
    out: dict[str, list[dict[str, Any]]] = {"a model fits, none level": [], "two models level": [], "no model fits": []}
    for answers in ANSWERS:
        result = recommend(answers)
        pairs = [(r.excluded, r.points) for r in result.ranking]
        kind = "no model fits" if result.recommendation is None else "two models level"
        if result.recommendation is not None and len(set(pairs)) == len(pairs):
            kind = "a model fits, none level"
        out[kind].append(answers)
    return out


def median_ms(work: Callable[[], object], repeat: int = 30) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def uncached_recommend(answers: dict[str, Any]) -> object:
    return engine._recommend(validate_answers(answers), knowledge())


def uncached_analyse(data: dict[str, Any]) -> analysis.Analysis:
    analysis._cached.cache_clear()
    engine._cached.cache_clear()
    return analyse(data)


def main() -> None:
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    recommend(ANSWERS[0])  # load the knowledge base once
    cold, warm = rate(uncached_recommend), rate(recommend)
    print(f"recommend(dict), uncached (every call computed)     {cold:>9,.0f} per second ({1e6 / cold:7.1f} µs)")
    print(
        f"recommend(dict), as called (answers seen before)    {warm:>9,.0f} per second ({1e6 / warm:7.1f} µs)"
        f"   {warm / cold:5.1f}x uncached; {warm / 50_000:4.2f}x the target of 50,000"
    )
    for kind, some in kinds().items():
        part = rate(uncached_recommend, 1.0, some)
        print(f"   uncached, {kind:<25} ({len(some):>2} files) {part:>9,.0f} per second ({1e6 / part:7.1f} µs)")
    dump = rate(lambda a: recommend(a).model_dump(mode="json"))
    print(f"... and the contract JSON (model_dump)              {dump:>9,.0f} per second ({1e6 / dump:7.1f} µs)")
    base = ANSWERS[1]
    two = {**base, "headcount": {"min": 20, "max": 400}, "process_stability": ["stable", "evolving"]}
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
    for label, data, target in (
        ("certain answers", base, 0.5),
        ("two uncertain answers", two, None),
        (f"{SAMPLES:,} samples (10 uncertain answers)", many, None),
    ):
        fresh, kept = median_ms(lambda d=data: uncached_analyse(d)), median_ms(lambda d=data: analyse(d))
        json_ms = median_ms(lambda d=data: analyse(d).to_json())
        goal = f"; {kept / target:4.2f}x the target of {target} ms" if target else ""
        print(
            f"analyse, {label:<40} uncached {fresh:6.2f} ms, as called {kept:6.3f} ms "
            f"({fresh / kept:5.0f}x faster{goal}); with to_json {json_ms:5.2f} ms"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
