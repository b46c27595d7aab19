"""The server's own CPU time per new session and per answer change, read from /proc while several
Chromium sessions use one `streamlit run` process at once. Prints numbers; asserts nothing.

    python -m benchmarks.server_cpu [sessions] [changes per session]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_process, wait_ready

ROOT = Path(__file__).resolve().parent.parent

HEADCOUNT = "How many full-time people does the work need?"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main(sessions: int = 4, changes: int = 6) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, streamlit_process() as (url, proc, _):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = browser.new_page()  # the first session of a process also pays for imports: not counted
        warm.goto(url)
        wait_ready(warm)
        warm.close()
        pages = [browser.new_context(viewport={"width": 1440, "height": 1000}).new_page() for _ in range(sessions)]
        before = cpu_seconds(proc.pid)
        for page in pages:  # the browsers load one after another, the server serves them all
            page.goto(url)
        for page in pages:
            wait_ready(page, timeout=120_000)
            page.get_by_label(HEADCOUNT, exact=True).wait_for(timeout=120_000)
        first = (cpu_seconds(proc.pid) - before) / sessions
        before = cpu_seconds(proc.pid)
        values = ["5", "250", "80", "400", "33", "120"]
        for i in range(changes):
            for page in pages:
                box = page.get_by_label(HEADCOUNT, exact=True)
                box.fill(values[i % len(values)])
                box.press("Enter")
            for page in pages:
                page.wait_for_timeout(100)
                wait_ready(page, timeout=120_000)
        pages[0].wait_for_timeout(1000)  # let the last runs finish before reading the clock
        change = (cpu_seconds(proc.pid) - before) / (sessions * changes)
        browser.close()
    print(f"server CPU per new session ({sessions} sessions at once): {first * 1e3:6.0f} ms  (target <= 250 ms)")
    print(f"server CPU per answer change ({sessions * changes} changes):    {change * 1e3:6.0f} ms  (target <= 40 ms)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
