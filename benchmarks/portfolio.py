"""Portfolio speed: from file bytes to results (parse, validate, recommend, cost) for generated
portfolios of 10,000 and 100,000 rows, CSV and XLSX, with peak memory; with --app, also the time
from choosing a 10,000-row file in Chromium until the app shows its summary. Prints numbers; asserts nothing.

python -m benchmarks.portfolio [--app] [rows ...]
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from advisor.decide.analysis import analyse
from advisor.decide.portfolio import assess
from advisor.inputs.fields import FIELDS, enum_values
from advisor.inputs.table import NAME, read_table
from advisor.present.portfolio import results_table

COLUMNS = [NAME, *(f for f in FIELDS if f not in ("company", "notes"))]


def generated_row(rng: random.Random, i: int) -> list[Any]:
    """One process with answers drawn across every field's range (some unknown numbers)."""
    cells: dict[str, Any] = {NAME: f"Process {i}"}
    for field, info in FIELDS.items():
        if info.kind == "choice":
            cells[field] = rng.choice(info.values)
        elif info.kind == "choices":
            cells[field] = ";".join(rng.sample(enum_values(field), rng.randint(0, 3)))
    cells["headcount"] = rng.choice([rng.randint(1, 60), rng.randint(1, 2000)])
    cells["setup_budget_usd"] = rng.choice(["", rng.randint(0, 10_000_000)])
    cells["months_to_start"] = rng.choice(["", rng.randint(1, 60)])
    cells["onshore_cost_per_fte_usd"] = rng.randint(20_000, 200_000)
    return [cells.get(c, "") for c in COLUMNS]


def generated(rows: int, seed: int = 13) -> list[list[Any]]:
    rng = random.Random(seed)
    return [COLUMNS, *(generated_row(rng, i) for i in range(rows))]


def as_csv(grid: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(grid)
    return buffer.getvalue().encode()


def as_xlsx(grid: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Portfolio")
    for row in grid:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_to_results(raw: bytes, name: str) -> int:
    table = read_table(raw, name)
    assessed = assess([r.answers for r in table.valid if r.answers is not None])
    return len(results_table(table, assessed))


def measure(label: str, raw: bytes, name: str) -> None:
    start = time.perf_counter()
    rows = file_to_results(raw, name)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    file_to_results(raw, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34} {rows:>8,} rows  {elapsed:7.2f} s  {rows / elapsed:>9,.0f} rows/s  peak {peak / 1e6:7.1f} MB")


def main(sizes: list[int]) -> None:
    sample = [r.answers for r in read_table(as_csv(generated(50)), "warm.csv").valid]
    start = time.perf_counter()
    for answers in sample:
        analyse(answers)
    single = (time.perf_counter() - start) / len(sample)
    print(f"{'single full analysis, for scale':<34} {single * 1e3:8.1f} ms each")
    for rows in sizes:
        grid = generated(rows)
        csv_bytes = as_csv(grid)
        measure(f"CSV  {len(csv_bytes) / 1e6:5.1f} MB", csv_bytes, "portfolio.csv")
        xlsx_bytes = as_xlsx(grid)
        measure(f"XLSX {len(xlsx_bytes) / 1e6:5.1f} MB", xlsx_bytes, "portfolio.xlsx")


def app_upload(rows: int = 10_000, rounds: int = 3) -> None:
    """Seconds from handing Chromium the file until the summary shows (upload included)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_ready

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with streamlit_server() as (url, _):
            for i in range(rounds):
                path = Path(folder) / f"portfolio-{i}.csv"  # a new file each round: nothing reused
                path.write_bytes(as_csv(generated(rows, seed=i)))
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto(f"{url}/portfolio")
                wait_ready(page)
                start = time.perf_counter()
                page.locator("input[type=file]").set_input_files(str(path))
                page.get_by_text("Headcount assessed").wait_for(timeout=120_000)
                print(f"app: {rows:,}-row upload until the summary shows: {time.perf_counter() - start:5.2f} s")
                page.close()
        browser.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--app"]
    main([int(a) for a in args] or [10_000, 100_000])
    if "--app" in sys.argv:
        app_upload()
