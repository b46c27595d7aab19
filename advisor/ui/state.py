"""The session's answers. Widget keys `q:<field>` (page_keys.answer) hold them; everything lives in st.session_state,
so no session ever sees another's answers.

A session starts from the answers in its address (`?a=`, the share link) or the usual start
answers; these are the widgets' default values (`initial`), so a browser that reconnects after
a server restart keeps what it shows: its widget values win over the defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ..inputs.answers import Answers
from ..inputs.fields import FIELDS, MONEY_FIELDS, NUMBER_FIELDS, TEXT_FIELDS, number_words
from ..inputs.money import Currency
from ..inputs.parse import AnswersError, parse_json, validate_answers
from ..inputs.saved import Override, read_saved
from ..inputs.share import Shared, decode, encode
from ..inputs.uncertain import Range, Uncertain, split_uncertain
from ..rules.loader import knowledge
from . import page_keys


def start_answers() -> dict[str, Any]:
    return dict(knowledge().start_answers)


def initial() -> dict[str, Any]:
    """The answers this session started from (its link's, or the start answers)."""
    return st.session_state.get(page_keys.INITIAL) or start_answers()


def rate_ids() -> list[str]:
    return list(knowledge().figures)


# ---- money is typed in the chosen currency: the money boxes (answers and rates in US dollars) hold their
# amounts in the currency page_keys.SHOWN_CURRENCY names; a new currency converts them, a new rate keeps them.
MONEY_UNITS = ("usd", "usd_per_hour", "usd_per_fte_month")  # the cost figures that are money


def currency_of(answers: dict[str, Any]) -> Currency:
    """The currency some answers (a dict) show money in; a code or rate that is not valid reads as US dollars."""
    k = knowledge()
    code, own = answers.get("currency"), answers.get("currency_rate")
    if code not in k.currencies.per_euro:
        return k.currency_of("USD")
    return k.currency_of(code, own if isinstance(own, (int, float)) and own > 0 else None)


def shown() -> Currency:
    """The currency the money boxes hold their amounts in now."""
    code, per_usd = st.session_state.get(page_keys.SHOWN_CURRENCY, ("USD", 1.0))
    at_table_rate = currency_of({"currency": code})
    return at_table_rate if at_table_rate.per_usd == per_usd else knowledge().currency_of(code, per_usd)


def _show(currency: Currency) -> None:
    st.session_state[page_keys.SHOWN_CURRENCY] = (currency.code, currency.per_usd)


def _money_keys() -> list[str]:
    """Every box that holds money: the money answers (their last value and "not sure" ends) and money rates."""
    boxes = [page_keys.answer(f) for f in MONEY_FIELDS] + [page_keys.last_answer(f) for f in MONEY_FIELDS]
    boxes += [page_keys.unsure_end(f, end) for f in MONEY_FIELDS for end in ("min", "max")]
    rates = [f for f in knowledge().figures.values() if f.unit in MONEY_UNITS]
    return boxes + [page_keys.rate(f.id, end) for f in rates for end in ("low", "high")]


def currency_changed() -> None:
    """The currency box changed: convert every money box to it, at the table's rate (an own rate was for the
    old currency)."""
    st.session_state[page_keys.answer("currency_rate")] = None
    _convert(currency_of({"currency": st.session_state.get(page_keys.answer("currency"))}))


def rate_changed() -> None:
    """The exchange rate box changed: the amounts typed stay as typed, in the same currency at the new rate."""
    own = st.session_state.get(page_keys.answer("currency_rate"))
    _show(currency_of({"currency": shown().code, "currency_rate": own}))


def _convert(new: Currency) -> None:
    old = shown()
    for name in _money_keys():
        value = st.session_state.get(name)
        if isinstance(value, (int, float)):
            st.session_state[name] = float(new.of_usd(old.to_usd(value)))
    _show(new)


def widget_value(field: str, value: Any, currency: Currency | None = None) -> Any:
    if field in MONEY_FIELDS and value is not None:
        return float((currency or shown()).of_usd(value))
    if FIELDS[field].kind == "number" and value is not None:
        return float(value)
    if FIELDS[field].kind == "integer" and value is not None:
        return int(value)
    if FIELDS[field].kind == "choices":
        return list(value)
    return value


def set_answers(answers: dict[str, Any]) -> None:
    """Put answers into the widgets (those given); call before the widgets are drawn in this run."""
    _show(currency_of(answers))
    for field in Answers.model_fields:
        st.session_state[page_keys.answer(field)] = widget_value(field, answers[field])
        st.session_state.pop(page_keys.last_answer(field), None)


def set_uncertain(spread: Uncertain | dict[str, Any]) -> None:
    """Put "not sure" answers into their widgets: possible values, or a range (a Range, or the JSON
    form {"min", "max"})."""
    for name in list(st.session_state):
        if isinstance(name, str) and name.startswith("u:"):
            del st.session_state[name]
    st.session_state[page_keys.UNSURE] = list(spread)
    for field, spec in spread.items():
        if isinstance(spec, (dict, Range)):
            low, high = (spec["min"], spec["max"]) if isinstance(spec, dict) else (spec.low, spec.high)
            st.session_state[page_keys.unsure_end(field, "min")] = widget_value(field, low)
            st.session_state[page_keys.unsure_end(field, "max")] = widget_value(field, high)
        else:
            st.session_state[page_keys.unsure_values(field)] = list(spec)


def set_rates(rates: dict[str, tuple[float, float]]) -> None:
    """Put edited rates into the rate boxes; the others go back to the documents' figures, which the rate
    editor puts in when it is drawn (sixty keys more in the session state would slow every widget of every
    run: each one reads the whole state)."""
    currency = shown()
    st.session_state[page_keys.RATES_SET] = bool(rates)
    for figure in knowledge().figures.values():
        for end in ("low", "high"):
            st.session_state.pop(page_keys.rate(figure.id, end), None)
        if figure.id not in rates:
            continue
        low, high = rates[figure.id]
        if figure.unit in MONEY_UNITS:
            low, high = currency.of_usd(low), currency.of_usd(high)
        st.session_state[page_keys.rate(figure.id, "low")] = float(low)
        st.session_state[page_keys.rate(figure.id, "high")] = float(high)


def _start(shared: Shared) -> None:
    st.session_state[page_keys.INITIAL] = shared.answers
    st.session_state[page_keys.INITIAL_UNSURE] = shared.unsure
    # A page that reconnects to another replica after a crash sends what it shows: that wins over its link,
    # which lags one run behind (the other widgets take the link as their default value, so theirs win anyway).
    sent = sent_by_browser()
    if page_keys.answer("currency") in sent:  # a reconnecting page keeps the currency its boxes show
        typed = {f: st.session_state.get(page_keys.answer(f)) for f in ("currency", "currency_rate")}
        _show(currency_of(typed))
    else:
        _show(currency_of(shared.answers))
    for field in NUMBER_FIELDS:  # number boxes may be emptied, so they take no default value
        if page_keys.answer(field) not in sent:
            st.session_state[page_keys.answer(field)] = widget_value(field, shared.answers[field])
    set_uncertain(shared.unsure)
    set_rates(shared.rates)


def restore_unset() -> None:
    """Before the questionnaire is drawn: a value set for a widget that was never drawn (a link
    opened on another page) may be dropped by Streamlit on a page switch; put it back."""
    start, sent = initial(), sent_by_browser()
    for field in NUMBER_FIELDS:
        if page_keys.answer(field) not in st.session_state and page_keys.answer(field) not in sent:
            st.session_state[page_keys.answer(field)] = widget_value(field, start[field])
    if page_keys.UNSURE not in st.session_state:
        set_uncertain(st.session_state.get(page_keys.INITIAL_UNSURE, {}))


def init_session() -> None:
    """First run of a session: the answers of the share link it was opened with, or the start answers."""
    if st.session_state.get(page_keys.READY):
        return
    link = st.query_params.get("a")
    shared = decode(link, start_answers(), rate_ids()) if link else Shared(start_answers())
    _start(shared)
    st.session_state[page_keys.LINK_WARNINGS] = shared.warnings
    st.session_state[page_keys.READY] = True


def start_again() -> None:
    """Back to the start answers: every answer, "not sure" range, rate and the company and notes."""
    for name in [n for n in st.session_state if isinstance(n, str) and n.startswith(page_keys.ANSWER_PREFIXES)]:
        del st.session_state[name]
    _start(Shared(start_answers()))
    set_answers(start_answers())
    st.session_state[page_keys.LINK_WARNINGS] = []
    st.session_state.pop(page_keys.UPLOAD_PROBLEMS, None)


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
    """The answers as the widgets hold them now; an emptied required number keeps its last valid value."""
    start = initial()
    out = {}
    for field in Answers.model_fields:
        typed = page_keys.answer(field) in st.session_state
        value = st.session_state.get(page_keys.answer(field), start[field])
        if value is None and FIELDS[field].required:
            typed = page_keys.last_answer(field) in st.session_state
            value = st.session_state.get(page_keys.last_answer(field), start[field])
        if field in MONEY_FIELDS and typed and value is not None:
            value = shown().to_usd(value)  # typed in the shown currency; the answer is in US dollars
        out[field] = value
    return out


def emptied_note(field: str) -> str | None:
    """For a required number box: remember its value, or say which value stands in while it is empty."""
    value = st.session_state.get(page_keys.answer(field))
    if value is not None:
        st.session_state[page_keys.last_answer(field)] = value
        return None
    kept = st.session_state.get(page_keys.last_answer(field))
    kept = initial()[field] if kept is None else shown().to_usd(kept) if field in MONEY_FIELDS else kept
    return f"Empty: the advisor keeps using {number_words(field, kept, shown())} until you type a number."


def widget_answers() -> tuple[Answers, list[str]]:
    """The widgets' answers, and a message for each field that had to fall back to its start value."""
    answers = current()
    try:
        return validate_answers(answers), []
    except AnswersError as exc:
        problems = exc.words
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
    for field in st.session_state.get(page_keys.UNSURE, []):
        if field in NUMBER_FIELDS:
            low, high = (
                st.session_state.get(page_keys.unsure_end(field, "min")),
                st.session_state.get(page_keys.unsure_end(field, "max")),
            )
            if field in MONEY_FIELDS and low is not None and high is not None:
                low, high = shown().to_usd(low), shown().to_usd(high)
            if low is not None and high is not None:
                out[field] = {"min": low, "max": high}
        else:
            values = st.session_state.get(page_keys.unsure_values(field)) or []
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
        """The answers as the saved file and a scenario hold them: uncertain answers included (the edited
        rates are the session's, saved beside them by `saved_file`)."""
        return self.answers.model_dump() | self.spread

    def link(self) -> str:
        """The share-link value: answers, uncertain answers and edited rates; never company or notes."""
        spread = {f: s for f, s in self.spread.items() if f in self.uncertain}
        rates = {r: (o.low, o.high) for r, o in self.overrides.items()}
        return encode(self.answers, spread, rates, rate_ids())

    @property
    def is_example(self) -> bool:
        """Nothing changed yet: the page shows the start answers' result, an example."""
        start = start_answers()
        same = all(getattr(self.answers, f) == start[f] for f in FIELDS if f not in TEXT_FIELDS)
        return same and not self.uncertain and not self.overrides


def cost_overrides() -> dict[str, Override]:
    """The rates the user changed, as overrides; a range whose low exceeds its high is ignored."""
    out: dict[str, Override] = {}
    if not st.session_state.get(page_keys.RATES_SET):  # one read instead of sixty on every answer change
        return out
    currency = shown()
    for figure in knowledge().figures.values():
        low = st.session_state.get(page_keys.rate(figure.id, "low"))
        high = st.session_state.get(page_keys.rate(figure.id, "high"))
        if low is None or high is None or low > high:
            continue
        if figure.unit in MONEY_UNITS:  # typed in the shown currency; unchanged if it is the documents' figure
            low, high = (_usd(v, d, currency) for v, d in ((low, figure.low), (high, figure.high)))
        if (low, high) != (figure.low, figure.high):
            out[figure.id] = Override(low=float(low), high=float(high))
    return out


def _usd(shown_value: float, default: float, currency: Currency) -> float:
    """A money box's value in US dollars; the documents' own figure when the box still holds it, converted."""
    return (
        default if math.isclose(shown_value, currency.of_usd(default), rel_tol=1e-9) else currency.to_usd(shown_value)
    )


def read_inputs() -> Inputs:
    """Point answers, uncertain answers, cost overrides, and every problem found on the way (never raises)."""
    answers, problems = widget_answers()
    uncertain: Uncertain = {}
    spread = uncertain_input()
    if spread:
        try:
            _, uncertain = split_uncertain(answers.model_dump() | spread)
        except AnswersError as exc:
            problems = problems + [f"Not sure about: {p}" for p in exc.words]
    return Inputs(answers, uncertain, spread, problems, cost_overrides())


def load_file(raw: bytes) -> list[str]:
    """Replace the answers (and the scenarios, if the file has some) with an uploaded file's; on any
    problem change nothing and return them."""
    try:
        saved = read_saved(parse_json(raw), knowledge().figures)
        answers, uncertain = split_uncertain(saved.answers)
    except AnswersError as exc:
        return exc.problems
    set_answers(answers.model_dump())
    set_uncertain(uncertain)
    set_rates({r: (o.low, o.high) for r, o in saved.rates.items()})
    if saved.scenarios:
        st.session_state[page_keys.SCENARIOS] = saved.scenarios
    return []
