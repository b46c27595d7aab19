"""XLSX readers compared: the advisor's own streaming reader (advisor/inputs/xlsx.py), python-calamine and
openpyxl in read-only mode, on the hostile files of tests/support/hostile.py and on normal portfolios of
10,000 and 100,000 rows. Each run is a fresh subprocess capped at 3 GB of address space and 60 s; it prints
seconds, rows and the child's peak memory (RSS). Prints numbers; asserts nothing. Speed needs an idle machine.

python -m benchmarks.spreadsheets [--readers advisor,calamine,openpyxl] [--only NAME]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, resource, sys, time
raw = open(sys.argv[2], "rb").read()
reader = sys.argv[1]
start = time.perf_counter()
rows = 0
try:
    if reader == "advisor":
        from advisor.inputs.xlsx import sheet_rows
        for _ in sheet_rows(raw):
            rows += 1
    elif reader == "advisor-table":
        from advisor.inputs.table import read_table
        rows = len(read_table(raw, sys.argv[2]).rows)
    elif reader == "calamine":
        import python_calamine
        for _ in python_calamine.load_workbook(io.BytesIO(raw)).get_sheet_by_index(0).iter_rows():
            rows += 1
    elif reader == "openpyxl":
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            rows += 1
    outcome = f"{rows:,} rows"
except Exception as exc:
    outcome = f"refused: {type(exc).__name__}: {str(exc)[:70]}"
print(f"{time.perf_counter() - start:.2f}|{outcome}")
"""


def main() -> None:
    from benchmarks.portfolio import as_xlsx, generated
    from tests.support.hostile import HOSTILE

    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", default="advisor,calamine,openpyxl")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    files = {name: maker for name, (file, maker) in HOSTILE.items() if file.endswith(".xlsx")}
    files["normal, 10,000 rows"] = lambda: as_xlsx(generated(10_000))
    files["normal, 100,000 rows"] = lambda: as_xlsx(generated(100_000))
    with tempfile.TemporaryDirectory() as folder:
        for name, maker in files.items():
            if args.only and args.only not in name:
                continue
            path = Path(folder) / "file.xlsx"
            path.write_bytes(maker())
            print(f"{name} ({path.stat().st_size / 1e3:,.0f} KB)")
            for reader in args.readers.split(","):
                print(f"  {reader:<14} {measure(reader, path)}", flush=True)


def measure(reader: str, path: Path) -> str:
    """One reader on one file in a fresh process: seconds, outcome and the process's peak RSS."""
    wrapper = CHILD + "\nimport resource as _r; print('peak', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)\n"

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    proc = subprocess.Popen(
        [sys.executable, "-c", wrapper, reader, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
        cwd=ROOT,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return "  > 60 s, stopped"
    lines = out.decode().strip().splitlines()
    if proc.returncode or len(lines) < 2:
        tail = (err.decode().strip().splitlines() or ["?"])[-1]
        return f"crashed: {tail[:80]}"
    seconds, _, outcome = lines[-2].partition("|")
    peak = int(lines[-1].split()[1]) / 1024
    return f"{float(seconds):7.2f} s  peak {peak:6.0f} MB  {outcome}"


if __name__ == "__main__":
    main()
