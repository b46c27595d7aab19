"""Capacity under load, measured at the protocol level and end to end.

Protocol level: N simulated sessions speak Streamlit's own websocket protocol (tests/support/protocol.py: the
BackMsg/ForwardMsg protobufs of the installed streamlit) to one `streamlit run` process, as the browser
does. They join over a ramp (first load), then each changes an answer (a widget state) every few seconds
(rerun). The server's CPU time and memory are read from /proc/<pid>. End to end: a few Chromium contexts
load the page, change five answers and download the PDF. On the replica set (tests/support/replicas.py): a room
of sessions through HAProxy, the busiest replica killed mid-run, every answer checked after reconnecting.

    python -m benchmarks.load                                  # N = 10, 50, 100, then 6 browsers
    python -m benchmarks.load --sessions 50 --duration 60 --browsers 0
    python -m benchmarks.load --sessions --browsers 0 --replicas 31

Targets on the 2-core machine: 50 sessions, one answer change each every 5 s, rerun p95 <= 1 s, 0 errors,
<= 20 MB per session. Loopback only; every wait has a time-out; it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed

from tests.support.browser import free_port, start_streamlit, stop, wait_healthy
from tests.support.protocol import ProtocolError, Session

ROOT = Path(__file__).resolve().parent.parent

HEADCOUNTS = (7, 80, 250, 1200, 40, 15)  # each crosses a band of the rules, so every change redraws
TICK = os.sysconf("SC_CLK_TCK")
SERVER_ENV = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}  # as deployed: no reload when a file changes


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _proc_rss(pid: int) -> float:
    """Resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@dataclass
class Tally:
    first_load: list[float] = field(default_factory=list)
    rerun: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reconnect: list[float] = field(default_factory=list)  # seconds from a dropped connection to the answer back
    lost: list[str] = field(default_factory=list)  # answers a session gave that the server no longer had
    survive_crash: bool = False  # a dropped connection is a replica killed on purpose: reconnect, as a tab does


async def _join(s: Session, tally: Tally) -> bool:
    start = time.perf_counter()
    try:
        await s.open()
        await s.run()
    except Exception as exc:  # every failure is counted and named, none stops the run
        tally.errors.append(f"first load: {type(exc).__name__}: {exc}"[:200])
        return False
    tally.first_load.append(time.perf_counter() - start)
    return True


async def _change_answers(s: Session, tally: Tally, every: float, until: float, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, every))  # the room does not click in step
    n = rng.randrange(len(HEADCOUNTS))
    while time.monotonic() + 0.5 < until:
        n += 1
        value = HEADCOUNTS[n % len(HEADCOUNTS)]
        start = time.perf_counter()
        try:
            s.set_int("w:headcount" if s.page == "join" else "q:headcount", value)
            await s.run()
            tally.rerun.append(time.perf_counter() - start)
            if not s.page and not s.link_holds(value):  # the share link holds the answer just given
                raise ProtocolError(f"answer {value} not applied: {s.query[:30]}")
            s.last = value
        except (ConnectionClosed, OSError) as exc:
            if not tally.survive_crash or not await _reconnect(s, tally, value):
                tally.errors.append(f"rerun: {type(exc).__name__}: {exc}"[:200])
                return
        except Exception as exc:
            tally.errors.append(f"rerun: {type(exc).__name__}: {exc}"[:200])
            return
        await asyncio.sleep(max(0.0, every - (time.perf_counter() - start)))


async def _reconnect(s: Session, tally: Tally, value: int) -> bool:
    """What a tab does when its replica dies: reconnect through the load balancer (same cookies) and rerun
    with the widget states it holds. The answer it gave last must come back (in the share link)."""
    start = time.perf_counter()
    if not await _reconnect_page(s):
        return False
    tally.reconnect.append(time.perf_counter() - start)
    s.last = value
    if not s.page and not s.link_holds(value):
        tally.lost.append(f"headcount {value}: server has {s.query[:30]}")
    return True


async def _reconnect_page(s: Session) -> bool:
    for _ in range(20):  # bounded: about 30 s
        await asyncio.sleep(1.5)
        with contextlib.suppress(Exception):  # the old socket is dead already
            await s.close()
        try:
            await s.open()
            await s.run()
            return True
        except Exception:
            continue
    return False


async def _room_joins(room: list[Session], tally: Tally, ramp: float = 5.0) -> tuple[list[Session], Counter[str], str]:
    """The room joins over `ramp` s; returns who joined, how many landed on each replica, and the busiest."""
    from tests.support.replicas import COOKIE

    async def staggered(i: int, s: Session) -> bool:
        await asyncio.sleep(ramp * i / len(room))
        return await _join(s, tally)

    joined = await asyncio.gather(*(staggered(i, s) for i, s in enumerate(room)))
    live = [s for s, ok in zip(room, joined, strict=True) if ok]
    landed = Counter(s.cookies.get(COOKIE, "?") for s in live)
    return live, landed, landed.most_common(1)[0][0]


async def _crash(rs: Any, victim: str, after: float) -> None:
    await asyncio.sleep(after)
    rs.kill(victim)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def latency(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: none"
    return (
        f"{name} (n={len(values)}): p50 {pct(values, 50) * 1e3:6.0f} ms  p95 {pct(values, 95) * 1e3:6.0f} ms  "
        f"p99 {pct(values, 99) * 1e3:6.0f} ms  max {max(values) * 1e3:6.0f} ms"
    )


@contextmanager
def one_server() -> Iterator[tuple[str, int]]:
    port = free_port()
    proc = start_streamlit(port, SERVER_ENV)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc)
        yield url, proc.pid
    finally:
        stop(proc)


async def protocol_run(url: str, pid: int, sessions: int, ramp: float, every: float, duration: float) -> dict[str, Any]:
    """Warm up with one session, then N join over the ramp, then each changes an answer every `every` s."""
    warm = Session(url)
    await warm.open()
    await warm.run()
    await warm.close()
    await asyncio.sleep(1)
    rss0, cpu0, client0 = _proc_rss(pid), _proc_cpu(pid), time.process_time()
    tally, rng = Tally(), random.Random(14)
    room = [Session(url) for _ in range(sessions)]
    live, _, _ = await _room_joins(room, tally, ramp)
    rss1, cpu1 = _proc_rss(pid), _proc_cpu(pid)
    until = time.monotonic() + duration
    await asyncio.gather(*(_change_answers(s, tally, every, until, rng) for s in live))
    rss2, cpu2 = _proc_rss(pid), _proc_cpu(pid)
    await asyncio.gather(*(s.close() for s in room), return_exceptions=True)
    return {
        "tally": tally,
        "rss": (rss0, rss1, rss2),
        "cpu_first": (cpu1 - cpu0) / max(1, len(tally.first_load)),
        "cpu_rerun": (cpu2 - cpu1) / max(1, len(tally.rerun)),
        "client_cpu": time.process_time() - client0,
    }


def report_protocol(sessions: int, every: float, ramp: float, duration: float, r: dict[str, Any]) -> None:
    tally: Tally = r["tally"]
    rss0, rss1, rss2 = r["rss"]
    print(
        f"\n== {sessions} protocol sessions on one process: join over {ramp:g} s, "
        f"one answer change each every {every:g} s for {duration:g} s"
    )
    print(latency("first load", tally.first_load))
    print(latency("rerun     ", tally.rerun))
    print(f"errors: {len(tally.errors)}" + "".join(f"\n  {e}" for e in sorted(set(tally.errors))[:5]))
    print(
        f"server CPU per first page {r['cpu_first'] * 1e3:.0f} ms, per answer change {r['cpu_rerun'] * 1e3:.0f} ms "
        f"(client's own CPU {r['client_cpu']:.1f} s on the same 2 cores)"
    )
    print(
        f"server RSS {rss0:.0f} MB before, {rss1:.0f} MB with {sessions} sessions loaded, "
        f"{rss2:.0f} MB after the changes: {(rss2 - rss0) / sessions:.2f} MB per session"
    )
    verdict = (
        pct(tally.rerun, 95) <= 1.0 and not tally.errors and (rss2 - rss0) / sessions <= 20
        if sessions == 50 and every == 5
        else None
    )
    if verdict is not None:
        print(f"target (rerun p95 <= 1 s, 0 errors, <= 20 MB per session): {'met' if verdict else 'NOT met'}")


def browsers(count: int) -> None:
    """End to end: `count` Chromium contexts at once load the page, change five answers, download the PDF."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, wait_ready

    first, changes, pdfs, errors = [], [], [], []
    with sync_playwright() as p, one_server() as (url, pid):
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cpu0 = _proc_cpu(pid)
        pages = [b.new_context(viewport={"width": 1440, "height": 1000}).new_page() for _ in range(count)]
        starts = []
        for page in pages:  # all tabs open at once, as a room does
            starts.append(time.perf_counter())
            page.goto(url, wait_until="commit")
        for page, start in zip(pages, starts, strict=True):
            try:
                page.locator("h2#result").wait_for(timeout=120_000)
                first.append(time.perf_counter() - start)
            except Exception as exc:
                errors.append(f"first load: {type(exc).__name__}")
        cpu1 = _proc_cpu(pid)
        for page in pages:
            try:
                _five_changes(page, changes, wait_ready)
                start = time.perf_counter()
                with page.expect_download(timeout=120_000) as download:
                    page.get_by_role("button", name="Download PDF report").click()
                if not Path(download.value.path()).read_bytes().startswith(b"%PDF"):
                    errors.append("PDF: not a PDF")
                pdfs.append(time.perf_counter() - start)
            except Exception as exc:
                errors.append(f"changes/PDF: {type(exc).__name__}: {str(exc)[:120]}")
        cpu2 = _proc_cpu(pid)
        rss = _proc_rss(pid)
        b.close()
    print(f"\n== {count} Chromium contexts against one process (page, five answer changes, PDF)")
    print(latency("first load       ", first))
    print(latency("answer change    ", changes))
    print(latency("PDF download     ", pdfs))
    print(f"errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:5]))
    print(
        f"server CPU: {(cpu1 - cpu0) / max(1, len(first)) * 1e3:.0f} ms per first page; "
        f"{(cpu2 - cpu1) * 1e3:.0f} ms for {len(changes)} changes and {len(pdfs)} PDFs; RSS {rss:.0f} MB"
    )


def _five_changes(page: Any, changes: list[float], wait_ready: Any) -> None:
    box = page.get_by_label("How many full-time people does the work need?", exact=True)
    steps = (
        ("5", "Keep it in-house"),
        ("80", "ITES/BPO"),
        ("6", "Keep it in-house"),
        ("90", "ITES/BPO"),
        ("4", "Keep"),
    )
    for target, expected in steps:
        box.fill(target)
        start = time.perf_counter()
        box.press("Enter")
        page.locator("h2#result", has_text=expected).wait_for(timeout=60_000)
        changes.append(time.perf_counter() - start)
        wait_ready(page, timeout=60_000)


async def _room(rs: Any, sessions: int, every: float, duration: float) -> tuple[Tally, Counter[str], str, int]:
    """`sessions` tabs through HAProxy; a third of the way through, the replica holding most of them is killed."""
    from tests.support.replicas import COOKIE

    tally, rng = Tally(survive_crash=True), random.Random(14)
    room = [Session(rs.url) for _ in range(sessions)]
    live, landed, victim = await _room_joins(room, tally)
    until = time.monotonic() + duration
    await asyncio.gather(
        _crash(rs, victim, duration / 3), *(_change_answers(s, tally, every, until, rng) for s in live)
    )
    moved = sum(1 for s in live if s.cookies.get(COOKIE) != victim)
    await asyncio.gather(*(s.close() for s in room), return_exceptions=True)
    return tally, landed, victim, moved


def replica_room(sessions: int, every: float, duration: float) -> None:
    """A room on the replica set (PostgreSQL, three replicas, HAProxy with deploy/haproxy.cfg)."""
    from tests.support.replicas import replica_set

    with replica_set(3, SERVER_ENV) as rs:
        tally, landed, victim, moved = asyncio.run(_room(rs, sessions, every, duration))
    print(
        f"\n== {sessions} protocol sessions through HAProxy on three replicas, one answer change each every "
        f"{every:g} s for {duration:g} s; the replica with most sessions killed (SIGKILL) at {duration / 3:.0f} s"
    )
    print("sessions per replica: " + ", ".join(f"{k} {v}" for k, v in sorted(landed.items())) + f"; killed {victim}")
    print(latency("first load", tally.first_load))
    print(latency("rerun     ", tally.rerun))
    print(latency("reconnect ", tally.reconnect) + f" ({landed[victim]} sessions were on {victim})")
    print(f"sessions on a live replica at the end: {moved} of {sum(landed.values())}")
    print(f"lost answers: {len(tally.lost)}" + "".join(f"\n  {x}" for x in tally.lost[:5]))
    print(f"errors: {len(tally.errors)}" + "".join(f"\n  {e}" for e in sorted(set(tally.errors))[:5]))


async def _workshop(
    rs: Any, secret: str, tokens: list[str], every: float, duration: float
) -> tuple[Tally, str, int, dict[str, Any]]:
    """The facilitator's dashboard and every participant's page through HAProxy; the replica with most
    participants is killed a third of the way through."""
    from tests.support.replicas import COOKIE

    tally, rng = Tally(survive_crash=True), random.Random(14)
    host = Session(rs.url, query=f"f={secret}", page="facilitate")
    room = [Session(rs.url, query=f"p={t}", page="join") for t in tokens]

    await _join(host, tally)
    live, landed, victim = await _room_joins(room, tally)

    async def dashboard(until: float) -> None:  # the projector: a full rerun every 2.5 s
        while time.monotonic() + 0.5 < until:
            await asyncio.sleep(2.5)
            try:
                await host.run()
            except (ConnectionClosed, OSError):
                if host.cookies.get(COOKIE) == victim and not await _reconnect_page(host):
                    tally.errors.append("facilitator: no reconnect")
                    return

    until = time.monotonic() + duration
    await asyncio.gather(
        _crash(rs, victim, duration / 3),
        dashboard(until),
        *(_change_answers(s, tally, every, until, rng) for s in live),
    )
    await asyncio.gather(host.close(), *(s.close() for s in room), return_exceptions=True)
    gave = {t: s.last for t, s in zip(tokens, room, strict=True) if s.last is not None}
    return tally, victim, landed[victim], gave


def workshop_room(participants: int, every: float, duration: float) -> None:
    """A workshop on the replica set: 1 facilitator and `participants` through HAProxy, every answer
    checked in the database afterwards."""
    from advisor.inputs.roles import ROLES
    from advisor.rules.loader import knowledge
    from advisor.store import WorkshopStore
    from tests.support.replicas import replica_set

    with replica_set(3, SERVER_ENV) as rs:
        store = WorkshopStore(rs.database_url, knowledge().start_answers)
        created = store.create("Load test workshop")
        roles = list(ROLES)
        tokens = [
            store.join(created.workshop.code, f"Participant {i + 1}", roles[i % len(roles)], f"load-{i}")[2]
            for i in range(participants)
        ]
        tally, victim, on_victim, gave = asyncio.run(_workshop(rs, created.secret, tokens, every, duration))
        stored = {t: store.me(t)[1].answers.get("headcount") for t in tokens}
    print(
        f"\n== workshop through HAProxy on three replicas: 1 facilitator and {participants} participants, one "
        f"answer change each every {every:g} s for {duration:g} s; {victim} ({on_victim} participants) killed"
    )
    print(latency("first load", tally.first_load))
    print(latency("rerun     ", tally.rerun))
    print(latency("reconnect ", tally.reconnect))
    print(f"errors: {len(tally.errors)}" + "".join(f"\n  {e}" for e in sorted(set(tally.errors))[:5]))
    lost = [t for t, value in gave.items() if stored[t] != value]  # the database against each page's last answer
    print(f"answers checked in the database: {len(gave)} participants; lost answers: {len(lost)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 50, 100], help="protocol sessions per run")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between one session's answer changes")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of answer changes per run (max 600)")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions join")
    parser.add_argument("--browsers", type=int, default=6, help="Chromium contexts for the end-to-end check (0: none)")
    parser.add_argument(
        "--replicas", type=int, default=0, help="then this many sessions (e.g. 31) through HAProxy on the replica set"
    )
    parser.add_argument(
        "--workshop", type=int, default=0, help="then a workshop: 1 facilitator and this many participants (e.g. 30)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped from outside: still stop the servers
    duration = min(args.duration, 600.0)
    for n in args.sessions:
        with one_server() as (url, pid):
            result = asyncio.run(protocol_run(url, pid, n, args.ramp, args.every, duration))
        report_protocol(n, args.every, args.ramp, duration, result)
    if args.browsers:
        browsers(min(args.browsers, 10))
    if args.replicas:
        replica_room(min(args.replicas, 200), args.every, duration)
    if args.workshop:
        workshop_room(min(args.workshop, 200), args.every, duration)


if __name__ == "__main__":
    main()
