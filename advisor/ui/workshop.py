"""What the workshop pages share: the store, links, the room built from stored answers, and presenting mode.

All shared state is in the database (the store holds only a connection pool), so any replica can
serve any request; per-session values live in st.session_state.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import segno
import streamlit as st

from ..decide.room import Member, Room, analyse_room, waiting_for
from ..inputs.parse import AnswersError
from ..inputs.uncertain import split_uncertain
from ..rules.loader import knowledge
from ..store import Participant, Settlement, WorkshopStore
from ..store.workshops import answers_of
from . import page_keys

JOIN_PATH = "join"
HOST_PATH = "facilitate"
REFRESH_SECONDS = 2.5


@st.cache_resource(show_spinner=False)
def store() -> WorkshopStore:
    """One store per server process: a connection pool, no user data."""
    return WorkshopStore(None, knowledge().start_answers)


def base_url() -> str:
    """The app's address without the page and query (as the browser sees it)."""
    url = (st.context.url or "http://localhost:8501").split("#")[0].split("?")[0].rstrip("/")
    for path in (JOIN_PATH, HOST_PATH):
        if url.endswith("/" + path):
            return url[: -len(path) - 1]
    return url


def join_link(code: str) -> str:
    return f"{base_url()}/{JOIN_PATH}?code={code}"


def qr_svg(link: str) -> str:
    return str(segno.make(link, error="m").svg_inline(scale=8, dark="#1f2937", border=2))


def members(people: list[Participant]) -> list[Participant]:
    """Those who have answered at least one question or said they are done (fall back to everyone)."""
    return [p for p in people if p.changes or p.done] or people


def agreed(log: list[Settlement]) -> dict[str, Any]:
    """The latest settlement of each question; one left uncertain drops out (its spread stays)."""
    latest: dict[str, Settlement] = {}
    for s in log:
        latest[s.field] = s
    return {f: s.value for f, s in latest.items() if not s.uncertain}


def readable(
    people: list[Participant],
) -> tuple[list[tuple[Participant, dict[str, Any]]], list[tuple[Participant, str]]]:
    """Each participant with their validated answers, and apart those whose stored answers no longer validate
    (saved before a bound was tightened, or written by hand) with the problems: one bad row never takes the
    room down, and the facilitator is told whose answers are left out."""
    good, bad = [], []
    start = knowledge().start_answers
    for p in people:
        try:
            good.append((p, answers_of(p, start)))
        except AnswersError as exc:
            bad.append((p, " ".join(exc.problems)))
    return good, bad


def _settled(log: list[Settlement]) -> dict[str, Any]:
    """The agreed answers that still validate (each on its own, over the start answers)."""
    start = knowledge().start_answers
    out = {}
    for field, value in agreed(log).items():
        try:
            split_uncertain({**start, field: value})
        except AnswersError:
            continue
        out[field] = value
    return out


def waiting(people: list[Participant], log: list[Settlement]) -> list[str]:
    """The questions nobody has given a value to and nobody settled: the room has no result until they are."""
    chosen = readable(members(people))[0]
    return waiting_for([Member(p.name, p.role, answers) for p, answers in chosen], _settled(log)) if chosen else []


def room_of(people: list[Participant], log: list[Settlement]) -> Room | None:
    """The room's analysis, recomputed only when answers or settlements changed (kept in this session);
    None while nobody has joined or some question has no answer yet (`waiting`).
    Participants whose stored answers do not validate are left out (`readable`)."""
    chosen = readable(members(people))[0]
    if not chosen:
        return None
    settled = _settled(log)
    if waiting_for([Member(p.name, p.role, answers) for p, answers in chosen], settled):
        return None
    key = hashlib.sha256(
        json.dumps(
            [[p.id, p.role, p.name, p.answers] for p, _ in chosen] + [settled], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    cached = st.session_state.get(page_keys.ROOM_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    room = analyse_room([Member(p.name, p.role, answers) for p, answers in chosen], settled)
    st.session_state[page_keys.ROOM_CACHE] = (key, room)
    return room


WORKSHOP_CSS = """
<style>
.st-key-ws-title [data-testid="stText"] { font-size: 2.2rem; font-weight: 700; line-height: 1.2; }
.st-key-ws-code [data-testid="stMetricValue"], .st-key-ws-code [data-testid="stMetricValue"] * {
  font-size: clamp(1.9rem, 8.5vw, 3.4rem); font-family: "Source Code Pro", monospace; letter-spacing: 0.06em;
  overflow: visible; text-overflow: clip; }
</style>
"""

# Presenting mode: read from the back of a room on a 1920x1080 projector. Sizes in px, not rem or vw, so the
# browser's own settings cannot shrink them; tests/test_workshop_browser.py measures them.
PRESENTING_CSS = """
<style>
[data-testid="stAppViewContainer"] { font-size: 28px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 28px; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 25px !important; }
[data-testid="stText"] { font-size: 30px; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 72px !important; line-height: 1.1; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p { font-size: 30px !important; }
.st-key-ws-title [data-testid="stText"] { font-size: 56px; }
.st-key-ws-code [data-testid="stMetricValue"], .st-key-ws-code [data-testid="stMetricValue"] * {
  font-size: 96px !important; }
.st-key-ws-code [data-testid="stCode"] code { font-size: 32px !important; }
[data-testid="stExpander"] summary p { font-size: 28px; }
[data-testid="stWidgetLabel"] p { font-size: 26px; }
[data-testid="stDataFrame"] { zoom: 1.5; }
[data-testid="stSidebar"] { display: none; }
h1 { font-size: 56px !important; } h2 { font-size: 46px !important; } h3 { font-size: 38px !important; }
h4 { font-size: 32px !important; }
</style>
"""
CHART_TEXT = {False: (16, 18), True: (26, 30)}  # (axis labels, bar labels) px: on a screen, and presenting


def presenting_mode() -> bool:
    st.html(WORKSHOP_CSS)
    on = st.toggle("Presenting mode (large type for a projector)", key=page_keys.PRESENTING, persist_state="session")
    if on:
        st.html(PRESENTING_CSS)
    return bool(on)
