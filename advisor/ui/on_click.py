"""Files built on click from what the screen shows at the click, even when a box was still being typed in.

A text or number box sends its value when it loses focus, so clicking a download button straight after typing
sends the value first, then the click. But the server builds the file the moment the click arrives, with the
function the previous run gave the button: the file would miss what was just typed (a PDF without the company
name typed a second before). So the button reruns the page, and the file is built by the function of the run
that saw the click, which read every value sent before it. A request for a file with no click behind it (a
replayed request) gets nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final

import streamlit as st

from . import page_keys

WAIT_SECONDS: Final = 5.0  # for the run that saw the click; a page run takes well under a second
WAITING_AT_ONCE: Final = 3  # requests waiting for their click's run, server-wide


@st.cache_resource(show_spinner=False)
def waiting_slots() -> threading.BoundedSemaphore:
    """One per server process, no user data. The server builds files in its shared worker threads (six on two
    cores), which also load tables' rows: requests with no click behind them must not hold them all."""
    return threading.BoundedSemaphore(WAITING_AT_ONCE)


class NoClick(Exception):
    """A file was asked for with no click seen by a run: replayed, or asked for again while the first waits."""


class LatestBuild:
    """One session's builder for one button: the latest run's function, and how many runs saw a click.

    Kept in the session's state, so no session sees another's. The server builds a clicked file in a worker
    thread while the session's run draws the button again, hence the lock."""

    def __init__(self, build: Callable[[], Any], slots: threading.BoundedSemaphore) -> None:
        self._changed = threading.Condition()
        self._build = build
        self._slots = slots
        self._clicks_seen = 0
        self._clicks_served = 0
        self._waiting = False  # one request at a time waits: replays cannot hold the server's workers

    def update(self, build: Callable[[], Any]) -> None:
        """A run is drawing the button: its function builds the file from now on."""
        with self._changed:
            self._build = build

    def clicked(self) -> None:
        """The run that drew the button last saw it clicked."""
        with self._changed:
            self._clicks_seen += 1
            self._changed.notify_all()

    def __call__(self) -> Any:
        """Build the file once the click's run has drawn the button; NoClick if none does within WAIT_SECONDS."""
        with self._changed:
            if self._clicks_seen == self._clicks_served:
                self._wait_for_click()
            self._clicks_served += 1
            build = self._build
        return build()

    def _wait_for_click(self) -> None:
        """Wait, holding the lock's condition, for the click's run; NoClick if it may not or none comes."""
        if self._waiting:
            raise NoClick("a file for this button is already being built")
        if not self._slots.acquire(blocking=False):
            raise NoClick(f"{WAITING_AT_ONCE} requests for files already wait on this server")
        self._waiting = True
        try:
            if not self._changed.wait_for(lambda: self._clicks_seen > self._clicks_served, WAIT_SECONDS):
                raise NoClick(f"no click on this button reached the page within {WAIT_SECONDS:g} s")
        finally:
            self._waiting = False
            self._slots.release()


def clicked_now(key: str) -> bool:
    """Whether this run is the click of the download button keyed `key` (before the button is drawn)."""
    return st.session_state.get(key) is True


def download_on_click(slot: Any, label: str, build: Callable[[], Any], key: str, **button: Any) -> None:
    """A download button, keyed `key`, whose file `build` makes on click from the values on screen then."""
    clicked = clicked_now(key)  # read first: a button drawn disabled (the click spent the PDF budget) says False
    latest = st.session_state.get(page_keys.builder(key))
    if isinstance(latest, LatestBuild):
        latest.update(build)
    else:
        latest = st.session_state[page_keys.builder(key)] = LatestBuild(build, waiting_slots())
    slot.download_button(label, latest, on_click="rerun", key=key, **button)
    if clicked:
        latest.clicked()
