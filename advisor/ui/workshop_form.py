"""A participant's questions: every one starts unanswered (no example answer), and each can be answered
with a value or an explicit "Not sure". A number's empty-box meaning (no deadline, budget unknown, the
suggested default cost) is an answer the person picks, never something an empty box implies."""

from __future__ import annotations

from typing import Any, Final

import streamlit as st

from ..decide.costs import suggested_today_cost
from ..inputs.fields import FIELDS, NUMBER_FIELDS, enum_values, value_words
from ..inputs.partial import NOT_SURE, UNANSWERED
from ..rules.loader import knowledge
from ..rules.schemas import Question
from . import page_keys
from .questionnaire import box_limits
from .state import widget_value
from .text import cite_plain, md

NULL: Final = "null"  # the pill for a number's empty-box meaning
NONE_APPLY: Final = "none"  # the pill for "no regulation applies"
NULL_WORDS: Final = {
    "setup_budget_usd": "Budget unknown",
    "months_to_start": "No deadline",
    "onshore_cost_per_fte_usd": "Use the suggested default",
}
SELECT_FIELDS: Final = ("function", "home_region")
UNANSWERED_NOTE: Final = ":material/radio_button_unchecked: Not answered yet"


def main_key(field: str) -> str:
    return page_keys.workshop_answer(field)


def pill_key(field: str) -> str:
    return page_keys.workshop_pill(field)


def _pills(field: str) -> list[str]:
    """The answers a number or the regulations take besides the box: its empty meaning, and "Not sure"."""
    if field == "regulations":
        return [NONE_APPLY, NOT_SURE]
    return [NULL, NOT_SURE] if field in NULL_WORDS else [NOT_SURE]


def answer(field: str) -> Any:
    """The answer the widgets hold now: a value, NOT_SURE, or UNANSWERED."""
    main = st.session_state.get(main_key(field))
    if field in NUMBER_FIELDS or field == "regulations":
        pill = st.session_state.get(pill_key(field))
        if pill == NOT_SURE:
            return NOT_SURE
        if pill == NULL:
            return None
        if field == "regulations":
            return list(main) if main else ([] if pill == NONE_APPLY else UNANSWERED)
        return UNANSWERED if main is None else main
    return UNANSWERED if main is None else main


def show(field: str, value: Any) -> None:
    """Put a stored answer (or UNANSWERED) into the widgets; before they are drawn."""
    given = value not in (NOT_SURE, UNANSWERED)
    if field in NUMBER_FIELDS:
        st.session_state[main_key(field)] = widget_value(field, value) if given and value is not None else None
        st.session_state[pill_key(field)] = (
            NOT_SURE if value == NOT_SURE else (NULL if given and value is None else None)
        )
    elif field == "regulations":
        st.session_state[main_key(field)] = list(value) if given else []
        st.session_state[pill_key(field)] = NOT_SURE if value == NOT_SURE else (NONE_APPLY if value == [] else None)
    else:
        st.session_state[main_key(field)] = None if value == UNANSWERED else value


def keys_of(field: str) -> list[str]:
    return [main_key(field), pill_key(field)] if field in NUMBER_FIELDS or field == "regulations" else [main_key(field)]


def _words(q: Question) -> Any:
    options = q.options or {}
    return lambda value: "Not sure" if value == NOT_SURE else options.get(value, value)


def _pill_words(field: str) -> Any:
    def words(value: str) -> str:
        if value == NOT_SURE:
            return "Not sure"
        return "None of these apply" if value == NONE_APPLY else NULL_WORDS[field]

    return words


def question(q: Question, answers: dict[str, Any]) -> None:
    """One question's widgets; `answers` are the person's own answers so far (for the suggested cost)."""
    field = q.field
    common: dict[str, Any] = dict(key=main_key(field), help=f"{md(q.help)}\n\n{cite_plain(q.basis)}")
    if field in NUMBER_FIELDS or field == "regulations":
        pill = st.session_state.get(pill_key(field))
        if field == "regulations":
            st.multiselect(
                q.label,
                enum_values(field),
                format_func=_words(q),
                placeholder="Pick those that apply",
                disabled=pill is not None,
                **common,
            )
        else:
            st.number_input(
                q.label,
                placeholder="Not answered yet",
                step=FIELDS[field].about.step,
                disabled=pill is not None,
                **box_limits(field),
                **common,
            )
        st.pills(
            f"{q.label}: other answers",
            _pills(field),
            format_func=_pill_words(field),
            key=pill_key(field),
            label_visibility="collapsed",
        )
        if field == "onshore_cost_per_fte_usd" and pill == NULL:
            start = knowledge().start_answers
            region = answers.get("home_region", start["home_region"])
            function = answers.get("function", start["function"])
            region = start["home_region"] if region == NOT_SURE else region
            function = start["function"] if function == NOT_SURE else function
            figure = suggested_today_cost(region, function, knowledge())
            st.caption(
                f"You choose the suggested default: \\${figure:,.0f} a year for "
                f"{md(value_words('function', function))} in {md(value_words('home_region', region))} "
                "(an assumption the method page explains)."
            )
    elif field in SELECT_FIELDS:
        st.selectbox(
            q.label, [*enum_values(field), NOT_SURE], format_func=_words(q), placeholder="Not answered yet", **common
        )
    else:
        st.radio(q.label, [*enum_values(field), NOT_SURE], format_func=_words(q), **common)
    if answer(field) == UNANSWERED:
        st.caption(UNANSWERED_NOTE)


def seed(field: str) -> None:
    """Widgets start empty: a radio and a select box need None in the session state to show no choice."""
    for name in keys_of(field):
        st.session_state.setdefault(name, [] if name == main_key("regulations") else None)


def fields() -> list[str]:
    """The participant's questions, in the questionnaire's order."""
    return [q.field for q in knowledge().questions if q.field in FIELDS]
