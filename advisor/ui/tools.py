"""Sidebar tools (share link, save, load, PDF) and the editable cost rates."""

from __future__ import annotations

import json

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..inputs.parse import MAX_INPUT_BYTES
from ..inputs.saved import saved_file
from ..inputs.share import encode
from ..rules.loader import knowledge
from .limits import pdf_button
from .portfolio import report_extras
from .scenarios import scenarios
from .state import Inputs, load_file, rate_key
from .text import cite_plain, md

UNITS = {
    "usd_per_fte_month": "USD per FTE-month",
    "usd_per_hour": "USD per hour",
    "usd": "USD",
    "hours": "hours",
    "share": "share (0-1)",
    "months": "months",
    "years": "years",
}


def sidebar_slots() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Places in the sidebar for the tools that need the answers, and for loading a file. Loading
    runs before the questionnaire is drawn (it sets the widgets); the others after it is read."""
    return st.sidebar.container(), st.sidebar.container()


def sidebar_tools(slot: DeltaGenerator, inputs: Inputs) -> None:
    with slot:
        _share(inputs)
        _save(inputs)
        _pdf(inputs)


def _share(inputs: Inputs) -> None:
    token = encode(inputs.answers)
    st.query_params["a"] = token  # the address bar is always the share link
    st.markdown("**Share these answers**")
    base = (st.context.url or "").split("?")[0]
    st.code(f"{base}?a={token}", language=None, wrap_lines=True)
    st.caption("The link holds the answers but never the company name or notes.")


def _save(inputs: Inputs) -> None:
    saved = saved_file(inputs.saved(), scenarios())
    st.download_button(
        "Save answers (JSON)",
        # Built on click, not on every run: nothing with the company and notes waits in the server's
        # media store; the file it serves is pruned after the next runs.
        lambda: json.dumps(saved, indent=2, ensure_ascii=False),
        file_name="sourcing-answers.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )


def load_tool(slot: DeltaGenerator) -> None:
    with slot:
        _load()


def _load() -> None:
    upload = st.file_uploader(
        "Load answers (JSON, at most 100 KB)", type=["json"], key="upload", max_upload_size=1
    )  # MB, the least Streamlit takes: the server allows 50 MB for portfolios
    if upload is None:
        return
    if st.session_state.get("upload_done") == upload.file_id:
        _show_upload_result()
        return
    raw = upload.getvalue()
    problems = (
        [f"The file is {len(raw):,} bytes; at most {MAX_INPUT_BYTES:,} are accepted."]
        if len(raw) > MAX_INPUT_BYTES
        else load_file(raw)
    )
    st.session_state["upload_done"] = upload.file_id
    st.session_state["upload_problems"] = problems
    if not problems:
        st.rerun()  # redraw the questionnaire with the loaded answers
    _show_upload_result()


def _show_upload_result() -> None:
    problems = st.session_state.get("upload_problems", [])
    if problems:
        st.error("The file was not loaded; your answers are unchanged.\n\n" + "\n".join(f"- {md(p)}" for p in problems))
    else:
        st.success("Answers loaded from the file.")


def _pdf(inputs: Inputs) -> None:
    name = (inputs.answers.company.strip() or "sourcing").replace("/", "-")[:60]

    extra = report_extras()  # the scenario comparison and portfolio this session shows, if any

    def build() -> bytes:
        from .. import build_report

        return build_report(inputs.answers, inputs.uncertain, inputs.overrides, **extra)

    pdf_button(
        st,
        "Download PDF report",
        build,
        file_name=f"{name} - sourcing recommendation.pdf",
        type="primary",
        on_click="rerun",  # so that a spent budget shows at once
        icon=":material/picture_as_pdf:",
        width="stretch",
    )
    st.text_area(
        "Notes for the report",
        max_chars=5000,
        key="q:notes",
        persist_state="session",
        height=120,
        help="Printed in the report's appendix exactly as typed.",
    )


def rate_editor() -> None:
    st.caption(
        "Defaults come from the documents (hover for the source) or are marked as assumptions. Changes apply at once."
    )
    if st.button("Reset all rates to the documents' figures"):
        for figure in knowledge().figures.values():
            st.session_state.pop(rate_key(figure.id, "low"), None)
            st.session_state.pop(rate_key(figure.id, "high"), None)
        st.rerun()
    for figure in knowledge().figures.values():
        origin = "Assumption: the documents give no figure." if figure.source is None else cite_plain(figure.source)
        st.markdown(
            f"**{md(figure.text)}** ({UNITS[figure.unit]})" + (" · *assumption*" if figure.assumption else ""),
            help=origin,
        )
        left, right = st.columns(2)
        for column, end, default in ((left, "low", figure.low), (right, "high", figure.high)):
            key = rate_key(figure.id, end)
            if key not in st.session_state:
                st.session_state[key] = float(default)
            column.number_input(end, min_value=0.0, key=key, persist_state="session", format="%g")
        if st.session_state[rate_key(figure.id, "low")] > st.session_state[rate_key(figure.id, "high")]:
            st.error("Low is above high; the documents' figures are used until this is fixed.")
