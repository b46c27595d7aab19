"""The questionnaire widgets, grouped in sections, each option in plain words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ..decide.costs import suggested_today_cost
from ..inputs.fields import FIELDS, MONEY_FIELDS, NUMBER_FIELDS, UNKNOWN, enum_values, label, value_words
from ..inputs.money import USD, Currency, money
from ..rules.loader import knowledge
from ..rules.schemas import Question
from . import page_keys
from .state import currency_changed, emptied_note, initial, rate_changed, shown
from .text import cite_plain, md


def box_limits(field: str, currency: Currency = USD) -> dict[str, Any]:
    """A number box's bounds and format, from the answer's own bounds (a money answer's in `currency`)."""
    info = FIELDS[field]
    cast = int if info.kind == "integer" else float
    scale = currency.per_usd if field in MONEY_FIELDS else 1
    limits: dict[str, Any] = {"min_value": cast((info.low or 0) * scale)}
    if info.high is not None:
        limits["max_value"] = cast(info.high * scale)
    if info.kind == "number":
        limits["format"] = "%.0f"
    return limits


TODAY_COST = "onshore_cost_per_fte_usd"


def _suggested_cost(widget_key: Callable[[str], str]) -> tuple[float, str]:
    """The suggested default of today's cost for the region and function chosen now, and for what, in words."""
    start = initial()
    region = st.session_state.get(widget_key("home_region"), start["home_region"])
    function = st.session_state.get(widget_key("function"), start["function"])
    words = f"{value_words('function', function)} in {value_words('home_region', region)}"
    return suggested_today_cost(region, function, knowledge()), words


def _today_cost_note(value: float | None, suggested: float, words: str, currency: Currency) -> str:
    """Under today's cost: the suggestion it stands for when empty (an assumption), or that the typed figure wins."""
    amount = md(money(suggested, currency))
    if value is None:
        return (
            f"Empty: the advisor uses {amount} a year, the suggested default for {md(words)}: an "
            "assumption (see the method page). Every saving depends on it: type your own figure."
        )
    return f"Your figure is used. The suggested default for {md(words)} would be {amount}."


def _help(q: Question) -> str:
    return f"{md(q.help)}\n\n{cite_plain(q.basis)}"


def _words(q: Question) -> Callable[[str], str]:
    options = q.options or {}
    return lambda value: options.get(value, value)


# The answers whose value changes the questionnaire itself: today's cost suggests a figure for the region and
# function (the currency and its rate have callbacks of their own, which rerun the whole page too).
SHAPES_THE_QUESTIONNAIRE = frozenset({"home_region", "function"})


def answer_changed(field: str | None = None) -> None:
    """An answer's widget changed (a callback, run before the page): rerun only the live fragment (the result
    and the tools), not the twenty-odd widgets of the questionnaire, which the browser already shows as they
    are. A number box that is emptied or filled again reruns the whole page: the note under it changes."""
    if field in NUMBER_FIELDS:
        value = st.session_state.get(page_keys.answer(field))
        if (value is None) != (field in st.session_state.get(page_keys.DRAWN_EMPTY, ())):
            return
        st.session_state[page_keys.last_answer(field)] = value  # as emptied_note keeps it in a whole run
    st.rerun(page_keys.LIVE)


def _live_rerun(field: str, widget_key: Callable[[str], str]) -> dict[str, Any]:
    """The callback of a questionnaire widget on the recommendation page (the workshop's have none)."""
    if widget_key is not page_keys.answer or field in SHAPES_THE_QUESTIONNAIRE:
        return {}
    return {"on_change": answer_changed, "args": (field,)}


def _drawn(field: str, empty: bool) -> None:
    """Keep which number boxes are drawn empty, for answer_changed."""
    drawn = set(st.session_state.get(page_keys.DRAWN_EMPTY, ()))
    st.session_state[page_keys.DRAWN_EMPTY] = frozenset(drawn | {field} if empty else drawn - {field})


def _question(q: Question, widget_key: Callable[[str], str] = page_keys.answer) -> None:
    """One question's widget. The session's start answer is its default value (numbers excepted: an
    emptied box must read as empty, so their start value is set once in the session state)."""
    common = dict(key=widget_key(q.field), help=_help(q), persist_state="session") | _live_rerun(q.field, widget_key)
    start = initial()[q.field]
    if q.field in NUMBER_FIELDS:
        currency = shown() if widget_key is page_keys.answer else USD  # the workshop's boxes stay in US dollars
        suggested = _suggested_cost(widget_key) if q.field == TODAY_COST else None
        placeholder = (
            f"Suggested: {money(suggested[0], currency)} (an assumption)" if suggested else UNKNOWN.get(q.field)
        )
        in_currency = f" ({currency.code})" if q.field in MONEY_FIELDS else ""  # typed in the shown currency
        step = FIELDS[q.field].about.step * (_step_scale(currency) if q.field in MONEY_FIELDS else 1)
        limits = box_limits(q.field, currency)
        st.number_input(q.label + in_currency, value=None, placeholder=placeholder, step=step, **limits, **common)
        note = emptied_note(q.field) if FIELDS[q.field].required and widget_key is page_keys.answer else None
        if suggested:
            note = _today_cost_note(st.session_state.get(widget_key(q.field)), *suggested, currency)
        if note:
            st.caption(note)
        if widget_key is page_keys.answer:
            _drawn(q.field, st.session_state.get(widget_key(q.field)) is None)
    elif FIELDS[q.field].kind == "choices":
        st.multiselect(
            q.label, enum_values(q.field), default=start, format_func=_words(q), placeholder="None", **common
        )
    elif FIELDS[q.field].about.select:
        options = enum_values(q.field)
        st.selectbox(q.label, options, index=options.index(start), format_func=_words(q), **common)
    else:
        options = enum_values(q.field)
        st.radio(q.label, options, index=options.index(start), format_func=_words(q), **common)


def question(q: Question, widget_key: Callable[[str], str]) -> None:
    """One question's widget under another key space (the workshop keeps its answers apart)."""
    _question(q, widget_key)


def questionnaire() -> None:
    questions = knowledge().questions
    sections = list(dict.fromkeys(q.section for q in questions))
    st.text_input(
        "Company (shown on screen and in the report only)",
        max_chars=FIELDS["company"].max_length,
        key=page_keys.answer("company"),
        persist_state="session",
        on_change=answer_changed,
    )
    st.text_area(
        "Notes for the report",
        max_chars=FIELDS["notes"].max_length,
        key=page_keys.answer("notes"),
        persist_state="session",
        on_change=answer_changed,
        height=80,
        help="Printed in the report's appendix exactly as typed; never in the share link.",
    )
    _currency()
    for section in sections:
        with st.expander(section, expanded=True):
            for q in questions:
                if q.section == section:
                    _question(q)
    with st.expander("Not sure about some answers?", expanded=bool(st.session_state.get(page_keys.UNSURE))):
        _uncertainty(questions)


def _currency() -> None:
    """The currency money is shown in, the home region's suggestion, and the rate (the dated table's, or typed)."""
    k, start = knowledge(), initial()
    table = k.currencies
    region = st.session_state.get(page_keys.answer("home_region"), start["home_region"])
    suggested = table.suggested[region]
    codes = enum_values("currency")
    with st.expander("Currency", expanded=True):
        st.selectbox(
            "Show money in",
            codes,
            index=codes.index(start["currency"]),
            on_change=currency_changed,
            format_func=lambda code: f"{code}, {table.info(code).name}",
            key=page_keys.answer("currency"),
            persist_state="session",
            help="The documents give every figure in US dollars; the advisor converts them at the rate below.",
        )
        code = st.session_state.get(page_keys.answer("currency"), start["currency"])
        st.caption(
            f"Suggested for {md(value_words('home_region', region))}: {', '.join(suggested)}. "
            "Answers stay in US dollars in files and links; only what you read changes."
        )
        usd = code == "USD"
        st.number_input(
            f"Exchange rate: {code} per US dollar",
            value=None,
            placeholder="1: no conversion"
            if usd
            else f"{table.per_usd(code):,.6g}, the rate of {table.date.isoformat()} (an assumption)",
            disabled=usd,
            on_change=rate_changed,
            **(box_limits("currency_rate") | {"format": "%.6g"}),
            key=page_keys.answer("currency_rate"),
            persist_state="session",
            help=f"Empty: {table.source} (an assumption, not from the documents). Type today's rate to use it.",
        )


def _step_scale(currency: Currency) -> float:
    """A money box's step in the shown currency: the dollar step converted, rounded to one significant digit."""
    scaled = currency.per_usd
    return float(f"{scaled:.1g}")


def _uncertainty(questions: tuple[Question, ...]) -> None:
    st.caption(
        "Give every value you think possible, or a range for a number. The advisor then shows how "
        "likely each model is to come first."
    )
    fields = [q.field for q in questions if FIELDS[q.field].kind != "choices"]  # one list is certain
    chosen = st.multiselect(
        "Answers I'm unsure about", fields, format_func=label, key=page_keys.UNSURE, persist_state="session"
    )
    for field in chosen:
        if field in NUMBER_FIELDS:
            left, right = st.columns(2)
            limits = box_limits(field, shown())
            current = st.session_state.get(page_keys.answer(field))
            for column, end, factor, word in ((left, "min", 0.5, "lowest"), (right, "max", 1.5, "highest")):
                widget = page_keys.unsure_end(field, end)
                if widget not in st.session_state and current is not None:
                    guess = min(limits.get("max_value", float("inf")), max(limits["min_value"], current * factor))
                    st.session_state[widget] = float(guess) if isinstance(current, float) else int(guess)
                column.number_input(
                    f"{label(field)}: {word}", key=widget, persist_state="session", on_change=answer_changed, **limits
                )
        else:
            widget = page_keys.unsure_values(field)
            if widget not in st.session_state:
                st.session_state[widget] = list(enum_values(field))
            st.multiselect(
                f"{label(field)}: possible values",
                enum_values(field),
                format_func=lambda value, field=field: value_words(field, value),
                key=widget,
                persist_state="session",
                on_change=answer_changed,
            )
