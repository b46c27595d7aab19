"""PDF speed: a report with its charts in a warm process, and the whole `advisor report` command.

python -m benchmarks.report
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from advisor import build_report, validate_answers

ANSWERS = {
    "headcount": 400,
    "process_stability": "stable",
    "data_regulation": "regulated",
    "worker_control": "team",
    "ip_sensitivity": "high",
    "work_type": "mixed",
    "ownership_goal": "now",
    "setup_budget_usd": 5e6,
    "months_to_start": 18,
    "management_bandwidth": "high",
    "regulations": ["gdpr", "hipaa"],
    "home_region": "europe",
    "company": 'Zażółć Ελλάδα Россия #read("/etc/passwd")',
    "notes": ("Max-length notes with *markup*. " * 200)[:5000],
}


def main() -> None:
    answers = validate_answers(ANSWERS)
    build_report(answers)
    warm = []
    for _ in range(10):
        start = time.perf_counter()
        build_report(answers)
        warm.append(time.perf_counter() - start)
    print(
        f"report with charts, warm process: median {statistics.median(warm) * 1e3:6.0f} ms, max "
        f"{max(warm) * 1e3:6.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "answers.json"
        source.write_text(json.dumps(ANSWERS))
        whole = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "advisor", "report", str(source), "-o", str(Path(tmp) / "r.pdf")], check=True
            )
            whole.append(time.perf_counter() - start)
    print(f"`advisor report` command, fresh process: median {statistics.median(whole):.2f} s, max {max(whole):.2f} s")


if __name__ == "__main__":
    main()
