"""The page against a bare Streamlit page, side by side in one run. Prints ratios; asserts nothing.

    python -m benchmarks.page [--sessions 3] [--rounds 10]

Four `streamlit run` processes from the project root (so all have its .streamlit/config.toml): this app,
benchmarks/bare_page.py (one number box and a headline) and the two floor pages below. Chromium (Playwright) opens
`--sessions` tabs on each at once and changes the headcount in all of them at once, round after round, the
servers taking turns; most rounds give answers the app has not seen yet, so its kept results do not
flatter it (the other tabs then find them kept, as a workshop room does). Measured per side:

- answer change to new headline and visible chart: from Enter until the headline shows the new answer's
  result and (the app) the score chart holds the new scores, timed inside each page (p50, p95);
- the server's CPU per answer change and per new session (psutil on the server process; a first session
  warms each process up and is not counted).

Targets: time at most 1.5x the bare page's (p50 and p95); CPU per change at most 3x, per new session 1.5x.

A third server runs benchmarks/floor_page.py: the app's own questionnaire with only the headline and the score
bars in its live fragment, the least any version of this page does on an answer change. Its ratio to the bare
page is what Streamlit costs with this questionnaire on the page; the app's ratio to it, what the rest of the
result adds.
A fourth runs benchmarks/component_floor.py: that floor with the questionnaire as one element of native HTML
controls, the way out measured (what the page would cost drawing its own form).

Last, with the browsers closed, one session per server speaks Streamlit's own protocol and changes the answer
sixty times, the servers taking turns three times: the server's CPU per change without browsers on the same
cores or runs overlapping, the steadiest measure of what the server itself does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from advisor.rules.loader import knowledge
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, free_port, spawn, stop, wait_healthy, wait_ready
from tests.support.protocol import Session

ROOT = Path(__file__).resolve().parent.parent

HEADCOUNT = "How many full-time people does the work need?"
FORM_START = {"company": "", "notes": ""} | dict(knowledge().start_answers)  # as the component floor's form sends


def step(i: int) -> tuple[str, str]:
    """The i-th answer change: the headline and the scores flip every time, and most changes give answers the
    server has not seen yet (as a user's do), so kept results do not flatter the app."""
    return (str(4 + i // 2 % 3), "Keep it in-house") if i % 2 == 0 else (str(80 + 5 * (i // 2)), "ITES/BPO")


SCORES = ".score-chart"  # the result's score bars (advisor/ui/charts.py score_chart); their scores in data-scores
# Started just before Enter: polls every frame until the headline says `expected` and, where the page has a
# score chart, the chart is drawn with other scores than before; keeps the time in window.__done.
WATCH = """([expected, chart, before]) => {
  window.__start = performance.now(); window.__done = undefined; window.__head = undefined;
  const check = () => {
    const h = document.querySelector('h2#result');
    let ok = h !== null && h.textContent.includes(expected);
    if (ok && window.__head === undefined) window.__head = performance.now() - window.__start;
    if (ok && chart) {
      const plot = document.querySelector(chart);
      ok = plot !== null && plot.dataset.scores !== before;
    }
    if (ok) window.__done = performance.now() - window.__start; else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""
DRAWN = "(chart) => { const p = document.querySelector(chart); return p ? p.dataset.scores : ''; }"


@dataclass
class Side:
    name: str
    script: Path
    chart: str | None  # the selector of the chart that must show the new answer's result, if any
    form: str = ""  # the key of the page's own form component, if it has one instead of Streamlit's widgets
    url: str = ""
    proc: psutil.Process | None = None
    pages: list[Any] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    heads: list[float] = field(default_factory=list)  # until the headline alone shows the new result
    cpu_session: float = 0.0
    cpu_change: float = 0.0

    def cpu(self) -> float:
        assert self.proc is not None
        t = self.proc.cpu_times()
        return t.user + t.system


@contextlib.contextmanager
def server(side: Side) -> Iterator[Side]:
    port = free_port()
    args = [sys.executable, "-m", "streamlit", "run", str(side.script), "--server.port", str(port)]
    proc = spawn([*args, "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT)
    side.url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{side.url}/_stcore/health", proc)
        side.proc = psutil.Process(proc.pid)
        yield side
    finally:
        stop(proc)


def open_sessions(browser: Any, side: Side, sessions: int) -> None:
    """A warm-up session, then `sessions` tabs at once; CPU per new session from the second lot."""
    warm = browser.new_page()
    warm.goto(side.url)
    warm.locator("h2#result").wait_for(timeout=120_000)
    wait_ready(warm, timeout=120_000)
    warm.close()
    time.sleep(1)
    side.pages = [browser.new_context(viewport={"width": 1440, "height": 1000}).new_page() for _ in range(sessions)]
    before = side.cpu()
    for page in side.pages:
        page.goto(side.url, wait_until="commit")
    for page in side.pages:
        page.locator("h2#result").wait_for(timeout=120_000)
        wait_ready(page, timeout=120_000)
    time.sleep(0.5)
    side.cpu_session = (side.cpu() - before) / sessions


def change_all(side: Side, i: int) -> float:
    """One answer change in every tab at once; returns the server CPU it took."""
    value, expected = step(i)
    before = side.cpu()
    for page in side.pages:
        box = page.get_by_label(HEADCOUNT, exact=True)
        box.fill(value)
        drawn = page.evaluate(DRAWN, side.chart) if side.chart else ""
        page.evaluate(WATCH, [expected, side.chart, drawn])
    for page in side.pages:
        page.get_by_label(HEADCOUNT, exact=True).press("Enter")
    for page in side.pages:
        page.wait_for_function("() => window.__done !== undefined", timeout=120_000)
        done, head = page.evaluate("() => [window.__done, window.__head]")
        side.times.append(done / 1e3)
        side.heads.append(head / 1e3)
        wait_ready(page, timeout=120_000)
    time.sleep(0.3)  # the last runs' bookkeeping
    return side.cpu() - before


def protocol_cpu(side: Side, changes: int) -> float:
    """Server CPU per answer change for one session speaking Streamlit's own protocol (tests/support/protocol.py),
    one change after another: no browser shares the two cores and no two runs overlap, so it moves little
    between runs (the browsers' measure moves by a third)."""

    async def changes_made() -> float:
        tab = Session(side.url)
        await tab.open()
        await tab.run()
        before = side.cpu()
        for i in range(changes):
            headcount = int(step(i)[0])
            if side.form:  # the component floor: its form sends every answer at once
                tab.set_json(side.form, {"answers": FORM_START | {"headcount": headcount}})
            else:
                tab.set_int("q:headcount", headcount)
            await tab.run()
        used = side.cpu() - before
        await tab.close()
        return used / changes

    return asyncio.run(changes_made())


def protocol_report(sides: tuple[Side, ...], passes: int, changes: int) -> None:
    """The protocol measure, the sides taking turns `passes` times; medians."""
    used: dict[str, list[float]] = {side.name: [] for side in sides}
    for _ in range(passes):
        for side in sides:
            used[side.name].append(protocol_cpu(side, changes))
    app, bare, floor, component = (statistics.median(used[side.name]) for side in sides)
    print(
        f"\nserver CPU per answer change, one protocol session ({passes} x {changes} changes, no browser): "
        f"this app {app * 1e3:.1f} ms, bare page {bare * 1e3:.1f} ms ({app / bare:.2f}x, target <= 3.0x), "
        f"floor page {floor * 1e3:.1f} ms ({floor / bare:.2f}x the bare page), "
        f"component floor {component * 1e3:.1f} ms ({component / bare:.2f}x)"
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(app: Side, bare: Side, rounds: int, sessions: int) -> None:
    print(f"\n{sessions} sessions at once per server, {rounds} answer changes each ({len(app.times)} per side)")
    print(f"{'':44}{'this app':>10}{'bare page':>11}{'ratio':>8}{'target':>9}")
    rows = [
        ("answer change -> headline and chart, p50", pct(app.times, 50), pct(bare.times, 50), "s", 1.5),
        ("answer change -> headline and chart, p95", pct(app.times, 95), pct(bare.times, 95), "s", 1.5),
        ("server CPU per answer change", app.cpu_change, bare.cpu_change, "ms", 3.0),
        ("server CPU per new session", app.cpu_session, bare.cpu_session, "ms", 1.5),
    ]
    for label, mine, base, unit, target in rows:
        shown = (f"{mine:.2f} s", f"{base:.2f} s") if unit == "s" else (f"{mine * 1e3:.0f} ms", f"{base * 1e3:.0f} ms")
        ratio = mine / base if base else float("inf")
        verdict = "met" if ratio <= target else "NOT met"
        print(f"{label:44}{shown[0]:>10}{shown[1]:>11}{ratio:>7.2f}x{'<= ' + str(target) + 'x':>9}  {verdict}")
    print(
        f"this app: headline alone p50 {pct(app.heads, 50):.2f} s, p95 {pct(app.heads, 95):.2f} s; "
        f"with the chart: median {statistics.median(app.times):.2f} s, max {max(app.times):.2f} s"
    )


def floor_report(app: Side, bare: Side, floor: Side, component: Side) -> None:
    """The floor pages beside the two: what Streamlit with this questionnaire costs at least, what the rest of the
    result adds to it, and the floor with the questionnaire drawn as one element of its own."""
    print(f"\n{'':44}{'floor':>10}{'/ bare':>11}{'app / floor':>13}{'component':>11}{'/ bare':>9}")
    for label, measure in (
        ("answer change -> headline and chart, p50", lambda s: pct(s.times, 50)),
        ("answer change -> headline and chart, p95", lambda s: pct(s.times, 95)),
        ("server CPU per answer change", lambda s: s.cpu_change),
        ("server CPU per new session", lambda s: s.cpu_session),
    ):
        mine, base, least, own = (measure(side) for side in (app, bare, floor, component))
        shown = [f"{v:.2f} s" if "change ->" in label else f"{v * 1e3:.0f} ms" for v in (least, own)]
        print(f"{label:44}{shown[0]:>10}{least / base:>10.2f}x{mine / least:>12.2f}x{shown[1]:>11}{own / base:>8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=3, help="tabs at once on each server")
    parser.add_argument("--rounds", type=int, default=10, help="answer changes per tab")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    app = Side("this app", ROOT / "app.py", SCORES)
    bare = Side("bare page", ROOT / "benchmarks" / "bare_page.py", None)
    floor = Side("floor page", ROOT / "benchmarks" / "floor_page.py", SCORES)
    component = Side("component floor", ROOT / "benchmarks" / "component_floor.py", SCORES, form="form")
    sides = (app, bare, floor, component)
    with server(app), server(bare), server(floor), server(component):
        with sync_playwright() as p:  # its own event loop, closed before the protocol's runs
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for side in sides:
                open_sessions(browser, side, args.sessions)
            used = dict.fromkeys((side.name for side in sides), 0.0)
            for i in range(args.rounds):
                for side in sides[i % len(sides) :] + sides[: i % len(sides)]:  # taking turns: all see the same machine
                    used[side.name] += change_all(side, i)
            for side in sides:
                side.cpu_change = used[side.name] / (args.rounds * args.sessions)
            browser.close()
        report(app, bare, args.rounds, args.sessions)
        floor_report(app, bare, floor, component)
        protocol_report(sides, passes=3, changes=60)
    print(f"load average (1, 5, 15 min) after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
