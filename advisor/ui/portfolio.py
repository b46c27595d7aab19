"""Portfolio: upload a CSV or XLSX with one process per row; every row validated and assessed in bulk.

The results live in this session only (st.session_state[page_keys.PORTFOLIO]); nothing is cached across sessions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..decide.portfolio import assess
from ..inputs.money import money
from ..inputs.parse import AnswersError
from ..inputs.table import (
    APP_MAX_BYTES,
    APP_MAX_ROWS,
    NAME,
    CellProblem,
    allowed_values,
    answers_from_cells,
    read_table,
)
from ..inputs.table import template_rows as template
from ..present import chart_text
from ..present.portfolio import (
    MONEY_COLUMNS,
    NO_FIT,
    PortfolioReport,
    Summary,
    column_titles,
    grid_to_xlsx,
    results_table,
    summary,
)
from ..present.portfolio import to_csv as csv_bytes
from ..present.portfolio import to_xlsx as xlsx_bytes
from ..rules.loader import knowledge
from . import compare_charts, page_keys
from .charts import describe
from .scenarios import load_into_questionnaire, open_questionnaire
from .state import Inputs, current, init_session, read_inputs
from .text import md, problems
from .tools import Report, file_stem, toolbar


@dataclass(frozen=True)
class Opened:
    name: str
    row: int
    file_name: str
    answers: dict

    def shows(self, inputs: Inputs) -> bool:
        """Whether the questionnaire still holds this row's answers (the company name aside)."""
        now = inputs.answers.model_dump()
        return all(now.get(k) == v for k, v in self.answers.items() if k != "company")


def opened_note(inputs: Inputs, slot: DeltaGenerator) -> None:
    """On the questionnaire, in its slot: the portfolio row it shows, by its process name, until an answer
    changes. A session that never opened a row writes nothing (an element less on every answer change)."""
    opened = st.session_state.get(page_keys.PORTFOLIO_OPENED)
    if opened is None:
        return
    if not (isinstance(opened, Opened) and opened.shows(inputs)):
        slot.empty()
    else:
        slot.info(
            f"Process **{md(opened.name)}**, row {opened.row:,} of the portfolio {md(opened.file_name)}.",
            icon=":material/dataset:",
        )


@dataclass(frozen=True)
class Loaded:
    file_id: str
    file_name: str
    frame: pd.DataFrame
    summary: Summary
    problems: list[CellProblem]
    notes: list[str]


def loaded() -> Loaded | None:
    value = st.session_state.get(page_keys.PORTFOLIO)
    return value if isinstance(value, Loaded) else None


def page() -> None:
    init_session()
    fill_tools = toolbar()
    inputs = read_inputs()
    st.title("Portfolio")
    st.caption(
        "Assess a whole inventory of processes at once: one row per process, a “name” column plus the "
        "questionnaire's answers as columns. Every row is checked exactly like an answers file; rows with "
        "problems are listed and kept, the others assessed. The PDF report above is this portfolio's."
    )
    _template()
    upload = st.file_uploader(
        f"Upload a portfolio (CSV or XLSX, at most {APP_MAX_BYTES // 1_000_000} MB and {APP_MAX_ROWS:,} processes)",
        type=["csv", "xlsx"],
        key=page_keys.PORTFOLIO_UPLOAD,
        max_upload_size=APP_MAX_BYTES // 1_000_000,
    )
    if upload is not None:
        _read(upload)
    result = loaded()
    if result is None:
        fill_tools(inputs, "Upload a portfolio: the PDF report is its report.")
        return
    if upload is None:
        st.caption(f"Showing the last upload, {md(result.file_name)}.")
    title = st.text_input(
        "Title of the PDF report",
        placeholder=report_title(result, ""),
        max_chars=MAX_TITLE,
        key=page_keys.PORTFOLIO_TITLE,
        help="Printed on the report's cover and at the top of each page; empty: the file's name.",
    )
    fill_tools(inputs, _report(result, title, inputs.answers.company))
    _show(result, inputs)


MAX_TITLE = 120


def report_title(result: Loaded, title: str) -> str:
    return title.strip() or result.file_name.rsplit(".", 1)[0] or "Portfolio"


def _report(result: Loaded, title: str, company: str) -> Report:
    heading = report_title(result, title)

    def build() -> bytes:
        from .. import build_portfolio_report

        return build_portfolio_report(PortfolioReport(result.file_name, result.summary, result.frame, heading), company)

    frame = result.frame
    return Report(
        "Download PDF report",
        f"{file_stem(heading, 'portfolio')} - portfolio report.pdf",
        build,
        [heading, company, result.file_name, "".join(frame[NAME].astype(str)), "".join(frame["error"].astype(str))],
    )


def _template() -> None:
    rows = template()
    left, right, _ = st.columns([1, 1, 2])
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    left.download_button(
        "Template (CSV)", text.getvalue(), "portfolio-template.csv", "text/csv", icon=":material/download:"
    )
    right.download_button(
        "Template (XLSX)",
        lambda: grid_to_xlsx(
            {"Portfolio": rows, "Allowed values": [["column", "required", "allowed"], *allowed_values()]}
        ),
        "portfolio-template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )
    with st.expander("Columns and the values they take"):
        st.dataframe(pd.DataFrame(allowed_values(), columns=["Column", "Required", "Allowed"]), hide_index=True)


def _read(upload) -> None:
    current_result = loaded()
    if current_result is not None and current_result.file_id == upload.file_id:
        return
    if upload.size > APP_MAX_BYTES:
        st.error(f"The file is {upload.size:,} bytes; a portfolio may have at most {APP_MAX_BYTES:,}.")
        return
    with st.spinner("Reading and assessing every row…"):
        try:
            table = read_table(upload.getvalue(), upload.name, APP_MAX_ROWS)
        except AnswersError as exc:
            st.session_state.pop(page_keys.PORTFOLIO, None)
            # file-level problems name the file's columns as typed: ids, in quotation marks
            title = f"{upload.name} could not be read as a portfolio; nothing was assessed."
            problems("error", title, exc.problems, ids=True)
            return
        assessed = assess([r.answers for r in table.valid if r.answers is not None])
        frame = results_table(table, assessed, words=True)
        st.session_state[page_keys.PORTFOLIO] = Loaded(
            upload.file_id, upload.name, frame, summary(assessed, table), table.problems, table.notes
        )


def _show(result: Loaded, inputs: Inputs) -> None:
    for note in result.notes:
        st.info(md(note), icon=":material/info:")
    _summary(result.summary)
    if result.problems:
        _problems(result)
    _results(result, inputs)


def _summary(s: Summary) -> None:
    st.subheader("Summary")
    horizon = knowledge().cost_model.horizon
    cols = st.columns(6)
    cols[0].metric("Processes", f"{s.processes:,}")
    cols[1].metric("Assessed", f"{s.processes - s.with_problems:,}")
    cols[2].metric("With problems", f"{s.with_problems:,}")
    cols[3].metric("Close calls", f"{s.close_calls:,}")
    cols[4].metric("Keep in-house", f"{s.in_house:,}")
    cols[5].metric("Headcount assessed", f"{s.headcount:,}")
    st.markdown(
        f"{horizon.adjective.capitalize()} saving over the processes advised to move, each under its recommended "
        "model: "
        f"**{money(s.saving_low, s.currency, 'signed')} to {money(s.saving_high, s.currency, 'signed')}** "
        f"(against {money(s.today, s.currency)} as today); "
        "processes to keep in-house stay as today."
    )
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            compare_charts.portfolio_models(s), config=compare_charts.CONFIG, key=page_keys.chart("pf-models")
        )
        describe(chart_text.portfolio_models(s.lines))
        st.caption("Processes per recommended model, with the people they hold.")
    with right:
        st.plotly_chart(
            compare_charts.portfolio_savings(s), config=compare_charts.CONFIG, key=page_keys.chart("pf-savings")
        )
        describe(chart_text.portfolio_savings(s.lines, s.currency))
        st.caption(f"{horizon.adjective.capitalize()} saving per recommended model, low to high figures.")
    st.dataframe(
        pd.DataFrame(
            [
                [
                    line.model,
                    line.processes,
                    line.headcount,
                    money(line.saving_low, s.currency, "signed"),
                    money(line.saving_high, s.currency, "signed"),
                ]
                for line in s.lines
            ],
            columns=["Recommended model", "Processes", "Headcount", "Saving, low", "Saving, high"],
        ),
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="localized") for c in ("Processes", "Headcount")},
    )


PROBLEMS_SHOWN = 200  # problems listed on the page; the results download holds every row's


def _problems(result: Loaded) -> None:
    rows = len({p.row for p in result.problems})
    names = dict(zip(result.frame["row"], result.frame[NAME]))
    with st.expander(f"{rows:,} row{'s' if rows > 1 else ''} with problems: kept, not assessed", expanded=True):
        shown = result.problems[:PROBLEMS_SHOWN]
        # a static table: each problem's whole text wraps in its cell (a data grid would cut it); on a phone
        # it leaves out the column's id and what it allows (style.py): the problem says both in words
        st.container(key=page_keys.PORTFOLIO_PROBLEMS).table(
            pd.DataFrame(
                [[f"{p.row}", names.get(p.row, ""), p.column, p.value, p.text, p.allowed] for p in shown],
                columns=["Row", "Process", "Column", "Value given", "Problem", "Allowed (as typed in the file)"],
            ),
            hide_index=True,
        )
        if len(result.problems) > len(shown):
            st.caption(
                f"The first {len(shown):,} of {len(result.problems):,} problems; the results download (CSV or XLSX) "
                "lists every row's problems in its “Problems” column, next to the values as given."
            )


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    a, b, c, d = st.columns([2, 2, 1.3, 2])
    models = sorted({m for m in frame["recommendation"] if m})
    chosen = a.multiselect("Recommendation", models, placeholder="All models", key=page_keys.PORTFOLIO_MODELS)
    places = b.multiselect(
        "Location", ["onshore", "nearshore", "offshore"], placeholder="Any", key=page_keys.PORTFOLIO_PLACES
    )
    close = c.toggle("Close calls only", key=page_keys.PORTFOLIO_CLOSE)
    search = d.text_input("Process name contains", key=page_keys.PORTFOLIO_SEARCH)
    status = st.radio(
        "Rows",
        ["All", "Assessed", "With problems", "No fit"],
        horizontal=True,
        key=page_keys.PORTFOLIO_STATUS,
        label_visibility="collapsed",
    )
    keep = pd.Series(True, index=frame.index)
    if chosen:
        keep &= frame["recommendation"].isin(chosen)
    if places:
        keep &= frame["location"].isin(places)
    if close:
        keep &= frame["close_call"].fillna(False).astype(bool)
    if search:
        keep &= frame[NAME].str.contains(search, case=False, regex=False)
    if status == "Assessed":
        keep &= frame["error"] == ""
    elif status == "With problems":
        keep &= frame["error"] != ""
    elif status == "No fit":
        keep &= frame["recommendation"] == NO_FIT
    return frame[keep]


def _results(result: Loaded, inputs: Inputs) -> None:
    st.subheader("Results")
    frame = result.frame
    shown = _filtered(frame)
    st.caption(f"{len(shown):,} of {len(frame):,} processes. Select a row to open it in the questionnaire.")
    titles = column_titles()
    formats = {titles[c]: st.column_config.NumberColumn(format="dollar") for c in MONEY_COLUMNS}
    converted = [c.removesuffix("_usd") for c in MONEY_COLUMNS if c.removesuffix("_usd") in frame.columns]
    formats |= {titles[c]: st.column_config.NumberColumn(format="localized") for c in converted}
    formats[titles["weights_share"]] = st.column_config.NumberColumn(
        format="percent", help="Share of reasonable weightings of the rules' points under which it stays first"
    )
    event = st.dataframe(
        shown.rename(columns=titles),
        hide_index=True,
        width="stretch",
        height=420,
        on_select="rerun",
        selection_mode="single-row",
        column_config=formats,
        key=page_keys.PORTFOLIO_TABLE,
    )
    picked = event.selection.rows if event else []
    left, mid, _ = st.columns(3)
    stem = result.file_name.rsplit(".", 1)[0] + " - results"
    left.download_button(
        "Download results (CSV)",
        lambda: csv_bytes(frame),
        f"{stem}.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    mid.download_button(
        "Download results (XLSX)",
        lambda: xlsx_bytes(frame),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )
    if picked:
        row = shown.iloc[picked[0]]
        if st.button(f"Open “{md(str(row[NAME]))}” in the questionnaire", type="primary", icon=":material/input:"):
            _open(row, result.file_name)


def _open(row: pd.Series, file_name: str) -> None:
    try:
        answers = answers_from_cells(row.to_dict()).model_dump()
    except AnswersError as exc:
        problems("error", f"Row {row['row']}, “{row[NAME]}”, has problems, so it cannot be opened:", exc.words)
        return
    if not answers["company"]:
        answers["company"] = current()["company"]
    found = load_into_questionnaire(answers)
    if found:
        problems("error", f"Row {row['row']}, “{row[NAME]}”, was not opened:", found)
        return
    st.session_state[page_keys.PORTFOLIO_OPENED] = Opened(str(row[NAME]), int(row["row"]), file_name, answers)
    open_questionnaire()
