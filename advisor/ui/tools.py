"""The tools row on every page (share link, save, PDF, load, start again) and the editable cost rates."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..inputs.answers import MAX_FIGURE
from ..inputs.money import Currency, currency_words, money_range
from ..inputs.parse import MAX_INPUT_BYTES
from ..inputs.saved import saved_file
from ..present.costs import unit_label
from ..rules.loader import knowledge
from ..rules.schemas import Figure
from . import page_keys
from .limits import pdf_button
from .on_click import download_on_click
from .state import MONEY_UNITS, Inputs, load_file, shown, start_again
from .text import cite_plain, md, problems


@dataclass(frozen=True)
class Report:
    """The PDF of what a page shows: the button's words, the file's name, how to build it, and the user's
    text it prints (for the missing-font warning)."""

    label: str
    file_name: str
    build: Callable[[], bytes]
    texts: list[str]


class Fill(Protocol):
    """Fills in the tools row once the page knows what it shows."""

    def __call__(self, inputs: Inputs, report: Report | str | None = None) -> None: ...


def toolbar() -> Fill:
    """Draw the tools row at the top of the page. Loading a file runs now, before the questionnaire
    is drawn (it sets the widgets); the returned function fills in share, save and PDF once the
    answers and what the page shows have been read: the PDF is the page's own report (a Report, or
    why there is none yet), by default the recommendation report of the answers."""
    row = st.container(horizontal=True, key=page_keys.TOOLS, gap="small", vertical_alignment="center")
    share = _share_popover(row)
    save, pdf = row.empty(), row.empty()
    with row.popover("Load answers", icon=":material/upload_file:"):
        _load()
    row.button("Start again", icon=":material/restart_alt:", on_click=start_again, key=page_keys.START_AGAIN)
    _notices()

    def fill(inputs: Inputs, report: Report | str | None = None) -> None:
        _share(inputs, share)  # straight into each slot: a container more in each would cost every rerun
        _save(inputs, save)
        _pdf(recommendation_report(inputs) if report is None else report, pdf)

    return fill


def _notices() -> None:
    warnings = st.session_state.get(page_keys.LINK_WARNINGS, [])
    if warnings:
        problems("warning", "The share link this page was opened with needs a look:", warnings)
    outcome = st.session_state.get(page_keys.UPLOAD_PROBLEMS)
    if outcome:
        problems("error", "The file was not loaded; your answers are unchanged.", outcome, ids=True)
    elif outcome == []:
        st.success("Answers loaded from the file.", icon=":material/check_circle:")


def _share_popover(row: DeltaGenerator) -> DeltaGenerator:
    """The share popover, drawn with the page; returns the slot its link goes in, which an answer change fills."""
    with row.popover("Share link", icon=":material/link:"):
        link = st.empty()
        st.caption(
            "The link holds the answers, the “not sure” answers and any edited rates, but never the "
            "company name or the notes."
        )
    return link


def _share(inputs: Inputs, slot: DeltaGenerator) -> None:
    token = inputs.link()
    st.query_params["a"] = token  # the address bar is always the share link, on every page
    base = (st.context.url or "").split("?")[0]
    slot.code(f"{base}?a={token}", language=None, wrap_lines=True)


def _save(inputs: Inputs, slot: DeltaGenerator) -> None:
    scenarios = list(st.session_state.get(page_keys.SCENARIOS, []))  # pinned now, as the page shows them
    download_on_click(
        slot,
        "Save answers",
        # Built by the click's own run, not on every run; nothing with the company and notes waits in the
        # server's media store.
        lambda: json.dumps(
            saved_file(inputs.saved(), scenarios, inputs.overrides), indent=2, ensure_ascii=False, allow_nan=False
        ),
        page_keys.SAVE,
        file_name="sourcing-answers.json",
        mime="application/json",
        icon=":material/download:",
        help="A JSON file with every answer, the “not sure” answers and edited rates; load it here or "
        "give it to the command line.",
    )


def _load() -> None:
    upload = st.file_uploader(
        "Answers file (JSON, at most 100 KB)", type=["json"], key=page_keys.UPLOAD, max_upload_size=1
    )  # MB, the least Streamlit takes: the server allows 10 MB for portfolios
    if upload is None or st.session_state.get(page_keys.UPLOAD_DONE) == upload.file_id:
        return
    raw = upload.getvalue()
    found = (
        [f"The file is {len(raw):,} bytes; at most {MAX_INPUT_BYTES:,} are accepted."]
        if len(raw) > MAX_INPUT_BYTES
        else load_file(raw)
    )
    st.session_state[page_keys.UPLOAD_DONE] = upload.file_id
    st.session_state[page_keys.UPLOAD_PROBLEMS] = found
    st.rerun()  # redraw the questionnaire with the loaded answers, and the outcome under the tools


def file_stem(name: str, fallback: str) -> str:
    """A name as the start of a file name: no path separators, at most 60 characters."""
    return (name.strip() or fallback).replace("/", "-").replace("\\", "-")[:60]


def recommendation_report(inputs: Inputs) -> Report:
    """The questionnaire's report: the recommendation for the answers on screen."""

    def build() -> bytes:
        from .. import build_report

        return build_report(inputs.answers, inputs.uncertain, inputs.overrides)

    name = file_stem(inputs.answers.company, "sourcing")
    return Report(
        "Download PDF report",
        f"{name} - sourcing recommendation.pdf",
        build,
        [inputs.answers.company, inputs.answers.notes],
    )


def _pdf(report: Report | str, slot: DeltaGenerator) -> None:
    """The PDF button in its slot, with a note under it when a limit is reached or a font is missing."""
    if isinstance(report, str):  # nothing to report yet: the button says why
        slot.button(
            "Download PDF report", icon=":material/picture_as_pdf:", disabled=True, help=report, key=page_keys.PDF_NONE
        )
        return
    pdf_button(
        slot,
        report.label,
        report.build,
        page_keys.REPORT_PDF,
        texts=report.texts,
        file_name=report.file_name,
        type="primary",
        icon=":material/picture_as_pdf:",
    )


def _rate_groups() -> list[tuple[str, list[Figure]]]:
    """The figures in the editor's groups: rates, shares, set-up and time, then the documented benchmarks."""
    k = knowledge()
    benchmarks = {b.figure for b in k.cost_model.benchmarks} | set(k.cost_model.cfo_bars.values())
    groups: dict[str, list[Figure]] = {name: [] for name in RATE_GROUPS}
    for figure in k.figures.values():
        if figure.id in benchmarks:
            groups["Savings benchmarks from the documents"].append(figure)
        elif figure.unit in ("usd_per_fte_month", "usd_per_hour"):
            groups["Rates per person"].append(figure)
        elif figure.unit == "share":
            groups["Shares of a rate or of today's cost"].append(figure)
        else:
            groups["Set-up, time and hours"].append(figure)
    return list(groups.items())


RATE_GROUPS = (
    "Rates per person",
    "Shares of a rate or of today's cost",
    "Set-up, time and hours",
    "Savings benchmarks from the documents",
)


def rate_editor(used: set[str] | None = None) -> None:
    """Every cost figure with its low and high end; `used` marks those the result on screen reads."""
    st.caption(
        "Defaults come from the documents (hover for the source) or are marked as assumptions. Changes apply "
        "at once and travel in the share link, the saved file and the PDF."
    )
    if st.button("Reset all rates to the documents' figures"):
        for figure in knowledge().figures.values():
            st.session_state.pop(page_keys.rate(figure.id, "low"), None)
            st.session_state.pop(page_keys.rate(figure.id, "high"), None)
        st.rerun()
    currency = shown()
    if not currency.is_usd:
        st.caption(
            f"Money is typed in {currency.code} at {md(currency_words(currency))} The documents' own figure, in "
            "US dollars, is in each figure's help."
        )
    for group, members in _rate_groups():
        head, low, high = st.columns([2.2, 1.4, 1.4], vertical_alignment="bottom")
        head.markdown(f"##### {md(group)}")
        low.caption("low")
        high.caption("high")
        for figure in members:
            _rate_row(figure, used, currency)


def _rate_row(figure: Figure, used: set[str] | None, currency: Currency) -> None:
    """One figure: its name and marks, and its low and high boxes (money in the shown currency)."""
    origin = "Assumption: the documents give no figure." if figure.source is None else cite_plain(figure.source)
    marks = [unit_label(figure.unit, currency)]
    money_unit = figure.unit in MONEY_UNITS
    scale = currency.per_usd if money_unit else 1.0
    if figure.assumption:
        marks.append("*assumption*")
    if used is not None and figure.id in used:
        marks.append("**used here**")
    name, *ends = st.columns([2.2, 1.4, 1.4], vertical_alignment="center")
    documents = f"\n\nThe documents' figure: {md(money_range(figure.low, figure.high))}." if money_unit else ""
    name.markdown(f"**{md(figure.name)}** · " + " · ".join(marks), help=f"{md(figure.text)}{documents}\n\n{origin}")
    for column, end, default in zip(ends, ("low", "high"), (figure.low, figure.high)):
        key = page_keys.rate(figure.id, end)
        if key not in st.session_state:
            st.session_state[key] = float(default * scale)
            st.session_state[page_keys.RATES_SET] = True
        column.number_input(
            f"{figure.name}, {end}",
            min_value=0.0,
            max_value=float(MAX_FIGURE * scale),
            key=key,
            persist_state="session",
            format="%g",
            label_visibility="collapsed",
        )
    if st.session_state[page_keys.rate(figure.id, "low")] > st.session_state[page_keys.rate(figure.id, "high")]:
        st.error("Low is above high; the documents' figures are used until this is fixed.")
