"""The session's answers. Widget keys `q:<field>` hold them; everything lives in st.session_state,
so no session ever sees another's answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ..decide.costs import Override
from ..inputs.answers import Answers
from ..inputs.fields import FIELDS, NUMBER_FIELDS
from ..inputs.parse import AnswersError, parse_json, validate_answers
from ..inputs.saved import read_saved
from ..inputs.share import decode
from ..inputs.uncertain import Range, Uncertain, split_uncertain
from ..rules.loader import knowledge


def key(field: str) -> str:
    return f"q:{field}"


def start_answers() -> dict[str, Any]:
    return dict(knowledge().start_answers)


def _widget_value(field: str, value: Any) -> Any:
    if FIELDS[field].kind == "number" and value is not None:
        return float(value)
    if field == "regulations":
        return list(value)
    return value


def set_answers(answers: dict[str, Any]) -> None:
    """Put answers into the widgets (those given); call before the widgets are drawn in this run."""
    for field in Answers.model_fields:
        if field in answers:
            st.session_state[key(field)] = _widget_value(field, answers[field])


def set_uncertain(uncertain: Uncertain) -> None:
    st.session_state["unsure"] = list(uncertain)
    for field, spec in uncertain.items():
        if isinstance(spec, Range):
            st.session_state[f"u:{field}:min"], st.session_state[f"u:{field}:max"] = _range_widget(
                field, spec.low, spec.high
            )
        else:
            st.session_state[f"u:{field}"] = list(spec)


def _range_widget(field: str, low: float, high: float) -> tuple[Any, Any]:
    if FIELDS[field].kind == "number":
        return float(low), float(high)
    return int(low), int(high)


def init_session() -> None:
    """First run of a session: start answers, or the answers of the share link it was opened with."""
    if st.session_state.get("ready"):
        return
    answers, warnings = start_answers(), list[str]()
    link = st.query_params.get("a")
    if link:
        answers, warnings = decode(link, answers)
    # A page that reconnects to another replica after a crash sends what it shows: that wins over its link,
    # which lags one run behind (and never holds the company or notes).
    shown = sent_by_browser()
    set_answers({f: v for f, v in answers.items() if key(f) not in shown})
    st.session_state["link_warnings"] = warnings
    st.session_state["ready"] = True


def sent_by_browser() -> set[str]:
    """The widget keys whose values the browser sent with this run. Streamlit has no public API for this:
    if its private one changes, nothing is found and the link wins, as on a fresh page."""
    try:
        from streamlit.runtime.state import get_session_state

        ids = list(get_session_state()._state._new_widget_state.keys())
    except Exception:
        return set()
    return {i.split("-", 2)[2] for i in ids if i.startswith("$$ID-") and i.count("-") >= 2}


def current() -> dict[str, Any]:
    """The answers as the widgets hold them now."""
    start = start_answers()
    return {field: st.session_state.get(key(field), start[field]) for field in Answers.model_fields}


def checked_answers() -> tuple[Answers, list[str]]:
    """The widgets' answers, and a message for each field that had to fall back to its start value."""
    answers = current()
    try:
        return validate_answers(answers), []
    except AnswersError as exc:
        problems = exc.problems
    start = start_answers()
    for field in Answers.model_fields:
        try:
            validate_answers({**start, field: answers[field]})
            start[field] = answers[field]
        except AnswersError:
            pass
    return validate_answers(start), problems


def uncertain_input() -> dict[str, Any]:
    """The 'not sure' answers as the JSON form the engine takes: a list, or {min, max}."""
    out: dict[str, Any] = {}
    for field in st.session_state.get("unsure", []):
        if field in NUMBER_FIELDS:
            low, high = st.session_state.get(f"u:{field}:min"), st.session_state.get(f"u:{field}:max")
            if low is not None and high is not None:
                out[field] = {"min": low, "max": high}
        else:
            values = st.session_state.get(f"u:{field}") or []
            if values:
                out[field] = list(values)
    return out


@dataclass(frozen=True)
class Inputs:
    """Everything the user has set, read once per run: the pages and tools all take it from here."""

    answers: Answers
    uncertain: Uncertain
    spread: dict[str, Any]  # the uncertain answers as typed: a list, or {"min", "max"}
    problems: list[str]
    overrides: dict[str, Override]

    def saved(self) -> dict[str, Any]:
        """The answers as the saved file holds them, uncertain answers included."""
        return self.answers.model_dump() | self.spread


def rate_key(figure: str, end: str) -> str:
    return f"rate:{figure}:{end}"


def cost_overrides() -> dict[str, Override]:
    """The rates the user changed, as overrides; a range whose low exceeds its high is ignored."""
    out: dict[str, Override] = {}
    for figure in knowledge().figures.values():
        low = st.session_state.get(rate_key(figure.id, "low"), figure.low)
        high = st.session_state.get(rate_key(figure.id, "high"), figure.high)
        if (low, high) != (figure.low, figure.high) and low is not None and high is not None and low <= high:
            out[figure.id] = Override(low=float(low), high=float(high))
    return out


def read_inputs() -> Inputs:
    """Point answers, uncertain answers, cost overrides, and every problem found on the way (never raises)."""
    answers, problems = checked_answers()
    uncertain: Uncertain = {}
    spread = uncertain_input()
    if spread:
        try:
            _, uncertain = split_uncertain(answers.model_dump() | spread)
        except AnswersError as exc:
            problems = problems + [f"Not sure about: {p}" for p in exc.problems]
    return Inputs(answers, uncertain, spread, problems, cost_overrides())


QUESTIONNAIRE_PAGE = "questionnaire_page"  # the questionnaire's st.Page, set by app.py for st.switch_page
SCENARIOS = "scenarios"  # the session's pinned scenarios (ui/scenarios.py), saved with the answers


def load_file(raw: bytes) -> list[str]:
    """Replace the answers (and the scenarios, if the file has some) with an uploaded file's; on any
    problem change nothing and return them."""
    try:
        saved = read_saved(parse_json(raw))
        answers, uncertain = split_uncertain(saved.answers)
    except AnswersError as exc:
        return exc.problems
    set_answers(answers.model_dump())
    set_uncertain(uncertain)
    if saved.scenarios:
        st.session_state[SCENARIOS] = saved.scenarios
    return []
