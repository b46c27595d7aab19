"""What an upload may cost: each hostile file of tests/support/hostile.py, and the largest portfolio the app
accepts, read in a fresh process whose peak memory (RSS) is measured. Each child is capped at 3 GB of address
space and 120 s, so a regression fails here instead of taking the machine down."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from .support.hostile import HOSTILE
from .support.paths import ROOT

HOSTILE_MB = 64  # what any hostile file may add to the process's peak memory
PORTFOLIO_MB = 250  # what the largest upload the app takes (50,000 rows) may add; README "Security"

CHILD = r"""
import resource, sys
from advisor.inputs.table import APP_MAX_ROWS, TableError, read_table
from advisor.decide.portfolio import assess
from advisor.present.portfolio import results_table
raw = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    table = read_table(raw, sys.argv[1], APP_MAX_ROWS)
    frame = results_table(table, assess([r.answers for r in table.valid]))
    outcome = f"read {len(frame)} rows, {len(table.problems)} problems"
except TableError as exc:
    outcome = "refused: " + " ".join(exc.problems)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{(peak - before) / 1024:.1f}")
print(outcome)
"""


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def _read(path) -> tuple[float, str]:
    """The growth of the child's peak RSS (MB) while reading the file as the app does, and the outcome."""
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, timeout=120, preexec_fn=_cap, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    grown, outcome = run.stdout.decode().strip().split("\n", 1)
    return float(grown), outcome


EXPECTED = {  # how each hostile file ends: refused with a message naming the bound, or read in bounded form
    "empty rows": "more than 100,000 empty rows",
    "empty rows, all numbered 3": "more than 100,000 empty rows",
    "formatted empty cells": "a row has more than 1,024 cells",
    "row 30,000,000": "beyond Excel's last row",
    "column HZZZZZ": "beyond Excel's last column",
    "column ZZZZZZZZZZZZ": "beyond Excel's last column",
    "workbook.xml inflated": "xl/workbook.xml inflates to more than 1 MB",
    "CSV header of 1,000,000 columns": "longer than 65,536 characters",
    "CSV row of 5,000,000 fields": "longer than 65,536 characters",
    "50,000 rows, every cell wrong": "read 50000 rows, 58000 problems",  # 10,000 in detail, then one per row
}


def test_every_hostile_file_is_expected() -> None:
    assert set(EXPECTED) == set(HOSTILE)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_bounded(name: str, tmp_path) -> None:
    file, make = HOSTILE[name]
    path = tmp_path / file
    path.write_bytes(make())
    grown, outcome = _read(path)
    assert EXPECTED[name] in outcome, outcome
    bound = PORTFOLIO_MB if outcome.startswith("read 50000") else HOSTILE_MB  # as many rows as the app takes
    assert grown < bound, f"{name}: +{grown:.0f} MB ({outcome})"


def test_the_largest_portfolio_the_app_takes_is_bounded(tmp_path) -> None:
    from benchmarks.portfolio import as_csv, generated

    path = tmp_path / "portfolio.csv"
    path.write_bytes(as_csv(generated(50_000)))
    grown, outcome = _read(path)
    assert outcome.startswith("read 50000 rows"), outcome
    assert grown < PORTFOLIO_MB, f"+{grown:.0f} MB"


def test_a_column_past_the_portfolio_width_is_refused(tmp_path) -> None:
    from .support.hostile import far_column

    path = tmp_path / "wide.xlsx"
    path.write_bytes(far_column("ABC"))  # within Excel (column 731), past any portfolio
    assert "a portfolio has at most 256 columns" in _read(path)[1]
