"""App speed: one rerun after an answer change (AppTest), and in Chromium against `streamlit run`:
first page ready after the health check, and answer changed until the new headline shows.

    python -m benchmarks.app
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_ready

ROOT = Path(__file__).resolve().parent.parent

HEADCOUNT = "How many full-time people does the work need?"


def apptest_rerun(rounds: int = 20) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    times = []
    for i in range(rounds):
        at.number_input(key="q:headcount").set_value(5 if i % 2 else 400)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return times


def browser(rounds: int = 8) -> tuple[float, list[float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # started first: not part of the timing
        with streamlit_server() as (url, healthy_at):
            return _measure(b, url, healthy_at, rounds)


def _measure(b: object, url: str, healthy_at: float, rounds: int) -> tuple[float, list[float]]:
    page = b.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(url)
    page.locator("h2#result").wait_for(timeout=30_000)
    first_ready = time.monotonic() - healthy_at
    wait_ready(page)
    box = page.get_by_label(HEADCOUNT, exact=True)
    times = []
    for i in range(rounds):
        target, expected = ("5", "Keep it in-house") if i % 2 == 0 else ("80", "ITES/BPO")
        box.fill(target)
        start = time.perf_counter()
        box.press("Enter")
        page.locator("h2#result", has_text=expected).wait_for(timeout=30_000)
        times.append(time.perf_counter() - start)
        wait_ready(page)
    return first_ready, times


def main() -> None:
    reruns = apptest_rerun()
    print(
        f"AppTest rerun after an answer change: median {statistics.median(reruns) * 1e3:6.0f} ms, max "
        f"{max(reruns) * 1e3:6.0f} ms"
    )
    first, changes = browser()
    print(f"Chromium: first page ready {first:.2f} s after the health check")
    print(
        f"Chromium: answer changed until new headline: median {statistics.median(changes) * 1e3:6.0f} "
        f"ms, max {max(changes) * 1e3:6.0f} ms"
    )


if __name__ == "__main__":
    main()
