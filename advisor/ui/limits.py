"""Who is asking, and how much they may: the client's address as the trusted proxy saw it, and the PDF limits.

Each PDF build costs 0.5-1.4 s of server CPU, so one client (however many sessions it opens, however it
replays requests) may build ADVISOR_PDF_BUILDS per window, and all clients together ADVISOR_PDF_BUILDS_ALL:
counted in the database (store/limits.py), so every replica sees the same counts and a new session resets
nothing.

The address: Streamlit sees the proxy in front of it, not the browser. Each trusted proxy appends the address
it saw to X-Forwarded-For, so with ADVISOR_TRUSTED_PROXIES = N the client is the N-th entry from the right;
whatever a client wrote into the header itself stands further left and is never read.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

import streamlit as st

from ..present.fonts import missing_font_warning
from ..store import limits
from .on_click import clicked_now, download_on_click
from .workshop import store

TRUSTED_PROXIES_VAR: Final = "ADVISOR_TRUSTED_PROXIES"
PDF_BUILDS_VAR, PDF_WINDOW_VAR, PDF_ALL_VAR = (
    "ADVISOR_PDF_BUILDS",
    "ADVISOR_PDF_WINDOW_MINUTES",
    "ADVISOR_PDF_BUILDS_ALL",
)
DEFAULT_PDF_BUILDS, DEFAULT_PDF_WINDOW_MINUTES, DEFAULT_PDF_ALL = 10, 10, 100
MAX_PROXIES: Final = 5


def _setting(name: str, default: int, low: int = 1, high: int = 100_000) -> int:
    """A whole number from the environment within [low, high]; a bad value is logged and the default used."""
    raw = os.environ.get(name, "").strip()
    if raw.isdigit() and len(raw) < 12 and low <= int(raw) <= high:
        return int(raw)
    if raw:
        logging.getLogger(__name__).warning(
            "%s must be a whole number from %d to %d; using %d", name, low, high, default
        )
    return default


def address_seen(forwarded: list[str], peer: str | None, proxies: int) -> str:
    """The client's address: with `proxies` trusted proxies in front, the one the outermost of them saw
    (the `proxies`-th X-Forwarded-For entry from the right); with none, the connection's own peer."""
    entries = [e.strip() for line in forwarded for e in line.split(",") if e.strip()]
    if proxies and entries:
        return entries[-proxies] if len(entries) >= proxies else entries[0]
    return peer or "local"


def client_address() -> str:
    headers: Any = st.context.headers
    forwarded = list(headers.get_all("X-Forwarded-For")) if headers is not None else []
    peer = st.context.ip_address
    return address_seen(forwarded, peer if isinstance(peer, str) else None, trusted_proxies())


def trusted_proxies() -> int:
    return _setting(TRUSTED_PROXIES_VAR, 0, low=0, high=MAX_PROXIES)


class PdfLimitReached(Exception):
    pass


@dataclass(frozen=True)
class PdfLimits:
    per_client: int
    everyone: int
    window: dt.timedelta

    def wait(self, client: str) -> tuple[float, str]:
        """Seconds until this client may build the next PDF (0: now), and which limit holds it back."""
        own, everyone = store().limiter.waits(
            [(limits.bucket("pdf", client), self.per_client), (limits.bucket("pdf"), self.everyone)], self.window
        )
        return (own, "client") if own else (everyone, "everyone")

    def take(self, client: str) -> None:
        """Count one build for the client, then for everyone; raise PdfLimitReached at the first limit reached
        (a client held back by its own limit never uses up everyone's)."""
        limiter = store().limiter
        if limiter.take(limits.bucket("pdf", client), self.per_client, self.window):
            raise PdfLimitReached(f"at most {self.per_client} PDF builds per client")
        if limiter.take(limits.bucket("pdf"), self.everyone, self.window):
            raise PdfLimitReached(f"at most {self.everyone} PDF builds in all")

    def message(self, client: str) -> str | None:
        wait, which = self.wait(client)
        if not wait:
            return None
        minutes = max(1, round(wait / 60))
        window = f"{self.window.total_seconds() / 60:g} minutes"
        if which == "client":
            done = f"{self.per_client} PDF report{'s were' if self.per_client != 1 else ' was'} built from this network"
        else:
            done = f"this server has built {self.everyone} PDF reports for everyone"
        return (
            f"{done[0].upper()}{done[1:]} in the last {window}, the most allowed. The next one can be built in about "
            f"{minutes} minute{'s' * (minutes != 1)}; your answers are kept."
        )


def pdf_limits() -> PdfLimits:
    return PdfLimits(
        _setting(PDF_BUILDS_VAR, DEFAULT_PDF_BUILDS),
        _setting(PDF_ALL_VAR, DEFAULT_PDF_ALL),
        dt.timedelta(minutes=_setting(PDF_WINDOW_VAR, DEFAULT_PDF_WINDOW_MINUTES, high=24 * 60)),
    )


def pdf_button(
    slot: Any, label: str, build: Callable[[], bytes], key: str, texts: Iterable[str] = (), **button: Any
) -> None:
    """A PDF button under the PDF limits, built by the click's own run (ui/on_click.py). That run counts the
    build, so a spent budget shows at once: the button disabled, with a message saying when the next is
    possible; a click past a limit (a forged one: the button is disabled) builds nothing. `texts`, the user's
    text the PDF prints, gets a warning beside the button when this server has no font for its script."""
    rules, client = pdf_limits(), client_address()
    refused = False
    if clicked_now(key):
        try:
            rules.take(client)
        except PdfLimitReached:
            refused = True
    message = rules.message(client)
    font = missing_font_warning(*texts)
    box = download_on_click(
        slot, label, build, key, mime="application/pdf", refused=refused, disabled=message is not None, **button
    )
    if message:
        box.info(message, icon=":material/hourglass_top:")
    if font:
        box.warning(font, icon=":material/translate:")
