"""Per-session limit on PDF builds. Each build costs 0.5-1.4 s of server CPU, so one tab (or a script
replaying its requests) must not be able to keep a replica busy for everyone else."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ..present.fonts import missing_font_warning

PDF_BUILDS_VAR, PDF_WINDOW_VAR = "ADVISOR_PDF_BUILDS", "ADVISOR_PDF_WINDOW_MINUTES"
DEFAULT_PDF_BUILDS, DEFAULT_PDF_WINDOW_MINUTES = 5, 10


def _setting(name: str, default: int) -> int:
    """A positive whole number from the environment; a bad value is logged and the default used."""
    raw = os.environ.get(name, "")
    if raw.strip().isdigit() and int(raw) > 0:
        return int(raw)
    if raw:
        logging.getLogger(__name__).warning("%s must be a positive whole number; using %d", name, default)
    return default


class PdfLimitReached(Exception):
    pass


@dataclass
class PdfBudget:
    """The moments of this session's recent PDF builds. It lives in st.session_state, so it is per session;
    the download callable runs outside the script run (in a server thread), hence the lock."""

    builds: int
    window_s: float
    started: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait_s(self, now: float) -> float:
        """Seconds until the next build is allowed (0: now)."""
        with self.lock:
            self.started[:] = [t for t in self.started if now - t < self.window_s]
            return 0.0 if len(self.started) < self.builds else self.started[0] + self.window_s - now

    def take(self, now: float) -> None:
        """Count one build, or raise PdfLimitReached."""
        if self.wait_s(now) > 0:
            raise PdfLimitReached(f"at most {self.builds} PDF builds per {self.window_s / 60:g} minutes")
        with self.lock:
            self.started.append(now)

    def message(self, now: float) -> str | None:
        wait = self.wait_s(now)
        if wait <= 0:
            return None
        minutes = max(1, round(wait / 60))
        return (
            f"You have built {self.builds} PDF report{'s' * (self.builds != 1)} in the last {self.window_s / 60:g} "
            "minutes, the most one "
            f"session may. The next one can be built in about {minutes} minute{'s' * (minutes != 1)}; "
            "your answers are kept."
        )


def pdf_budget() -> PdfBudget:
    budget = st.session_state.get("pdf_budget")
    if not isinstance(budget, PdfBudget):
        budget = PdfBudget(
            _setting(PDF_BUILDS_VAR, DEFAULT_PDF_BUILDS), 60.0 * _setting(PDF_WINDOW_VAR, DEFAULT_PDF_WINDOW_MINUTES)
        )
        st.session_state["pdf_budget"] = budget
    return budget


def now() -> float:
    return time.monotonic()


def pdf_button(slot: Any, label: str, build: Callable[[], bytes], texts: Iterable[str] = (), **button: Any) -> None:
    """A PDF download button under the session's PDF budget: built on click; disabled, with a message saying
    when the next is possible, once the budget is spent; a replayed request past it is refused. `texts`, the
    user's text the PDF prints, gets a warning beside the button when this server has no font for its script."""
    budget = pdf_budget()
    message = budget.message(now())

    def limited() -> bytes:
        budget.take(now())
        return build()

    slot.download_button(label, limited, mime="application/pdf", disabled=message is not None, **button)
    if message:
        slot.info(message, icon=":material/hourglass_top:")
    font = missing_font_warning(*texts)
    if font:
        slot.warning(font, icon=":material/translate:")
