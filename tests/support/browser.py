"""A real `streamlit run` server and Debian's Chromium, for the browser tests and the app benchmark."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .paths import ROOT

CHROMIUM = os.environ.get("ADVISOR_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOGS: dict[int, Path] = {}  # server pid -> its output file; only this test process's own servers
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(args: list[str], env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.Popen[bytes]:
    """A server process whose output goes to a temporary file (a pipe nobody reads would fill up and
    block it); `output(proc)` reads it back for error messages."""
    log = tempfile.NamedTemporaryFile(prefix="advisor-server-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, **kwargs)
    LOGS[proc.pid] = Path(log.name)
    log.close()
    return proc


def output(proc: subprocess.Popen[bytes]) -> str:
    path = LOGS.get(proc.pid)
    return path.read_text(errors="replace") if path and path.exists() else ""


def start_streamlit(
    port: int, env: dict[str, str] | None = None, launcher: str = "streamlit"
) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` on 127.0.0.1:port (launcher "advisor.ui.logs": as deploy/Dockerfile starts it)."""
    return spawn(
        [
            sys.executable,
            "-m",
            launcher,
            *(["run"] if launcher == "streamlit" else []),
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        env,
        cwd=ROOT,
    )


def wait_healthy(url: str, proc: subprocess.Popen[bytes], what: str = "streamlit", timeout: float = 60) -> None:
    """Poll url until it answers 200; fail with the process's output if it dies or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(f"{what} did not become healthy at {url}:\n{output(proc)}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    path = LOGS.pop(proc.pid, None)
    if path:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None) -> Iterator[tuple[str, float]]:
    """Start the app; yield its URL and the moment its health check first answered."""
    with streamlit_process(env) as (url, _, healthy_at):
        yield url, healthy_at


@contextlib.contextmanager
def streamlit_process(env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """Start the app; yield its URL, the server process and the moment its health check first answered."""
    port = free_port()
    proc = start_streamlit(port, env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc)
        yield url, proc, time.monotonic()
    finally:
        stop(proc)


def wait_ready(page, timeout: float = 30_000) -> None:
    page.wait_for_selector(READY, timeout=timeout)


def section(page: Any, name: str) -> Any:
    """A choice under "Look deeper" on the recommendation page (ui/recommendation.py `_deep_dive`)."""
    return page.get_by_role("radiogroup", name="Look deeper").get_by_role("radio", name=name, exact=True)


def open_section(page: Any, name: str) -> None:
    """Choose a section under "Look deeper" and wait until it is drawn in place of the hint."""
    from playwright.sync_api import expect

    section(page, name).click()
    expect(section(page, name)).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("Choose a section:")).to_have_count(0)
    wait_ready(page)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
