"""The tools row (share, save, PDF, load) on the Scenarios and Portfolio pages, each PDF button the
report of its page; the portfolio's problem table and opened row name the process; problems in their box."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from advisor.decide.portfolio import assess
from advisor.inputs.saved import Scenario
from advisor.inputs.table import read_table
from advisor.present.portfolio import results_table, summary
from advisor.ui import page_keys
from advisor.ui.page_keys import PORTFOLIO, PORTFOLIO_TITLE, SCENARIOS

HEADER = "name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity"
ROWS = ("Accounts payable,45,stable,personal,outcomes,low", "Legacy claims,-5,stable,onshore_only,boss,low")
BASE = {"headcount": 80, "process_stability": "stable", "data_regulation": "personal", "worker_control": "outcomes"}
BASE |= {"ip_sensitivity": "low"}


def _page(name: str) -> AppTest:
    return AppTest.from_string(f"from advisor.ui import {name}\n{name}.page()\n", default_timeout=60)


def _loaded() -> Any:
    from advisor.ui.portfolio import Loaded

    table = read_table(("\n".join([HEADER, *ROWS]) + "\n").encode(), "inventory.csv")
    assessed = assess([r.answers for r in table.valid if r.answers is not None])
    frame = results_table(table, assessed, words=True)
    return Loaded("id-1", "inventory.csv", frame, summary(assessed, table), table.problems, table.notes)


def _downloads(at: AppTest) -> dict[str, Any]:
    return {e.proto.label: e.proto for e in at.get("download_button")}


def _no_sidebar_caption(at: AppTest) -> None:
    assert not any("sidebar" in c.value.lower() for c in at.caption)


def test_the_portfolio_page_has_the_tools_and_its_pdf_is_the_portfolio_report() -> None:
    at = _page("portfolio")
    at.session_state[PORTFOLIO] = _loaded()
    at.run()
    assert not at.exception
    downloads = _downloads(at)
    assert {"Download results (CSV)", "Download results (XLSX)"} <= set(downloads)
    assert {"Save answers", "Download PDF report", "Start again"} <= {b.label for b in at.get("button")}
    _no_sidebar_caption(at)
    assert at.text_input(key=PORTFOLIO_TITLE).value == ""
    at.text_input(key=PORTFOLIO_TITLE).input("Shared services 2027").run()
    assert not at.exception


def test_the_portfolio_problem_table_names_the_process_and_says_the_whole_problem() -> None:
    at = _page("portfolio")
    at.session_state[PORTFOLIO] = _loaded()
    at.run()
    table = next(t.value for t in at.table if "Problem" in t.value.columns)
    assert list(table["Process"]) == ["Legacy claims", "Legacy claims"]
    problems = list(table["Problem"])
    assert "Headcount must be a whole number from 1 to 100,000; you gave -5." in problems
    assert "Control over workers must be one of outcomes, a dedicated team or individuals; you gave “boss”." in problems
    assert not any("`" in p for p in problems)


def test_without_an_upload_the_portfolio_pdf_button_says_what_it_needs() -> None:
    at = _page("portfolio").run()
    assert not at.exception
    pdf = next(b for b in at.button if b.label == "Download PDF report")
    assert pdf.disabled and "Upload a portfolio" in pdf.help
    assert pdf.key == page_keys.PDF_NONE  # not a button that builds anything


def test_the_scenarios_page_has_the_tools_and_its_pdf_is_the_comparison() -> None:
    at = _page("scenarios")
    at.session_state[SCENARIOS] = [
        Scenario("Base case", dict(BASE)),
        Scenario("Bigger team", {**BASE, "headcount": 400}),
    ]
    at.run()
    assert not at.exception
    buttons = {b.label for b in at.get("button")}
    assert {"Save answers", "Download PDF comparison"} <= buttons
    assert "Download PDF report" not in buttons  # not the questionnaire's report
    _no_sidebar_caption(at)
    one = _page("scenarios")
    one.session_state[SCENARIOS] = [Scenario("Base case", dict(BASE))]
    one.run()
    pdf = next(b for b in one.button if b.label == "Download PDF report")
    assert pdf.disabled and "compare two scenarios" in pdf.help


def test_an_opened_portfolio_row_shows_its_process_name() -> None:
    from advisor.ui.page_keys import PORTFOLIO_OPENED
    from advisor.ui.portfolio import Opened

    script = """
import streamlit as st
from advisor.ui import recommendation
from advisor.ui.state import set_answers, start_answers
if "opened-once" not in st.session_state:
    set_answers({**start_answers(), **st.session_state["to-open"]})
    st.session_state["opened-once"] = True
recommendation.page()
"""
    at = AppTest.from_string(script, default_timeout=60)
    answers = {"headcount": 45, "process_stability": "stable", "data_regulation": "personal"}
    answers |= {"worker_control": "outcomes", "ip_sensitivity": "low"}
    at.session_state["to-open"] = answers
    at.session_state[PORTFOLIO_OPENED] = Opened("Accounts payable", 2, "inventory.csv", answers)
    at.run()
    assert not at.exception
    assert any("Accounts payable" in i.value and "row 2" in i.value for i in at.info)
    at.number_input(key="q:headcount").set_value(46).run()
    assert not any("Accounts payable" in i.value for i in at.info)  # an answer changed: no longer that row
