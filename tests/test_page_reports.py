"""Every PDF is the report of what its page shows (a portfolio, a scenario comparison,
a workshop named on its cover); portfolio downloads keep what rows with problems gave; problems in people's words."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from advisor import analyse, build_portfolio_report, build_room_report, build_scenario_report
from advisor.decide.portfolio import assess
from advisor.decide.room import Member, analyse_room
from advisor.inputs.parse import AnswersError, validate_answers
from advisor.inputs.table import read_table
from advisor.present.portfolio import PortfolioReport, results_table, summary, to_csv, to_xlsx
from advisor.present.room import workshop_report
from advisor.present.scenarios import MIN_BAR, CostBar, compare, cost_axis_end
from advisor.report.overview import portfolio_data, scenarios_data

BASE = {"headcount": 80, "process_stability": "stable", "data_regulation": "personal", "worker_control": "outcomes"}
BASE |= {"ip_sensitivity": "low"}
HEADER = "name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity,regulations"
ROWS = (
    "Accounts payable,40,stable,personal,outcomes,low,gdpr;sox",
    'Bad one,-5,stable,onshore_only,boss,low,"gdpr, xyz"',
    "Customer support,250,stable,personal,outcomes,low,gdpr",
    "Three engineers,3,evolving,none,individuals,medium,",
)
TODAY = dt.date(2026, 12, 2)


def _portfolio(title: str = "") -> PortfolioReport:
    table = read_table(("\n".join([HEADER, *ROWS]) + "\n").encode(), "shared-services.csv")
    assessed = assess([r.answers for r in table.valid if r.answers is not None])
    return PortfolioReport(
        "shared-services.csv", summary(assessed, table), results_table(table, assessed, words=True), title
    )


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


# ---- error wording: one source, two forms


def test_a_problem_names_the_question_and_the_values_in_words_on_screen_and_the_field_id_for_the_cli() -> None:
    with pytest.raises(AnswersError) as caught:
        validate_answers({**BASE, "headcount": -5, "worker_control": "boss", "data_regulation": 3})
    ids, words = caught.value.problems, caught.value.words
    assert "Headcount must be a whole number from 1 to 100,000; you gave -5." in words
    assert any(
        w.startswith("Control over workers must be one of outcomes, a dedicated team or individuals") for w in words
    )
    assert any("you gave 3" in w and "onshore-only data" in w for w in words)
    for text in words:  # no field ids, no backticks, no "got a number"
        assert "`" not in text and "worker_control" not in text and "onshore_only" not in text
        assert "got a" not in text
    assert any(p.startswith("`headcount`") for p in ids) and any("`worker_control`" in p for p in ids)


def test_a_company_name_or_notes_are_never_repeated_in_a_problem() -> None:
    with pytest.raises(AnswersError) as caught:
        validate_answers({**BASE, "notes": "secret " * 1000})
    assert caught.value.words == ["Notes must be text of at most 5,000 characters."]


def test_an_unknown_field_suggests_the_question() -> None:
    with pytest.raises(AnswersError) as caught:
        validate_answers({**BASE, "headcont": 3})
    assert caught.value.words == [
        "“headcont” is not a question the advisor asks; did you mean “headcount” (Headcount)?"
    ]


# ---- portfolio: problems in words, original values kept


def test_a_row_with_problems_keeps_what_it_gave_in_the_downloads() -> None:
    frame = _portfolio().frame
    bad = frame[frame["name"] == "Bad one"].iloc[0]
    assert bad["error"].startswith("Headcount must be a whole number from 1 to 100,000; you gave -5.")
    assert "`" not in bad["error"]
    text = to_csv(frame).decode("utf-8-sig")
    line = next(x for x in text.splitlines() if x.startswith("3,Bad one"))
    assert line.endswith(',-5,stable,onshore_only,boss,low,"gdpr, xyz"')  # not "'-5", not "gdpr;xyz"
    sheet = load_workbook(io.BytesIO(to_xlsx(frame))).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[3]]
    assert row[header.index("headcount")] == -5 and row[header.index("regulations")] == "gdpr, xyz"
    good = [c.value for c in sheet[2]]
    assert good[header.index("headcount")] == 40  # a number, not text


def test_the_cli_results_keep_naming_the_column() -> None:
    table = read_table(("\n".join([HEADER, *ROWS]) + "\n").encode(), "x.csv")
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    assert frame.loc[1, "error"].startswith("`headcount` must be")


# ---- the portfolio report


def test_portfolio_report_data_is_the_portfolio() -> None:
    data, charts = portfolio_data(_portfolio("Shared services 2027"), "Acme", TODAY)
    p = data["portfolio"]
    assert data["title"] == "Shared services 2027" and data["kicker"] == "PORTFOLIO ASSESSMENT"
    assert p["processes"] == "4" and p["assessed"] == "3" and p["problems"] == "1"
    assert [r[0] for r in p["rows"]] == ["Accounts payable", "Customer support", "Three engineers"]
    assert p["problem_rows"][0][:2] == ["3", "Bad one"] and "you gave “boss”" in p["problem_rows"][0][2]
    assert sum(int(m[1]) for m in p["models"]) == 3  # each assessed process once, no empty model
    assert set(charts) == {"models", "savings"} and all(svg.startswith("<?xml") for svg in charts.values())
    assert data["scenarios"] is None and len(data["documents"]) == 5


def test_the_portfolio_pdf_names_the_portfolio_first_and_holds_no_questionnaire_report() -> None:
    pages = _pages(build_portfolio_report(_portfolio("Shared services 2027"), "Acme", TODAY))
    assert "PORTFOLIO ASSESSMENT" in pages[0] and "Shared services 2027" in pages[0]
    assert "4 processes from shared-services.csv" in pages[0] and "Acme" in pages[0]
    text = " ".join(pages)
    for expected in (
        "By recommended model",
        "Processes",
        "Rows with problems",
        "Bad one",
        "Method",
        "Source documents",
    ):
        assert expected in text
    assert "you gave -5" in text and "`" not in text
    for about_the_questionnaire in ("Executive summary", "Answers given", "Every rule that fired"):
        assert about_the_questionnaire not in text
    untitled = _pages(build_portfolio_report(_portfolio(), "", TODAY))[0]
    assert "shared-services" in untitled  # no title given: the file's name


# ---- the scenario comparison report and its chart


def _comparison():
    return compare(
        [
            ("Baseline", analyse(BASE)),
            ("Hire individuals", analyse({**BASE, "worker_control": "individuals", "headcount": 12})),
            ("Own center", analyse({**BASE, "ownership_goal": "eventual", "headcount": 400, "strategic": "core"})),
        ]
    )


def test_every_scenario_bar_is_visible_and_inside_the_axis() -> None:
    bars = _comparison().costs
    end = cost_axis_end(bars)
    for bar in bars:
        start, width = bar.drawn(end)
        assert max(bar.high, bar.today) < end  # no bar or diamond cut at the right edge
        if bar.fits:
            assert width >= MIN_BAR * end * 0.999 and start >= 0
        else:
            assert width == 0 and bar.label[1] == "No fit"  # the label says so
    assert all(len(bar.label) == 2 for bar in bars)
    point = CostBar("Fixed fee", "EOR", "#E69F00", 1_000_000, 1_000_000, 90_000_000)  # no range: a bar all the same
    start, width = point.drawn(cost_axis_end([point]))
    assert width > 0 and start < 1_000_000 < start + width


def test_the_screen_and_the_paper_draw_the_same_scenario_bars() -> None:
    from advisor.ui.compare_charts import scenario_costs

    c = _comparison()
    end = cost_axis_end(c.costs)
    figure = scenario_costs(c).to_dict()
    bars = figure["data"][0]
    assert list(zip(bars["base"], bars["x"])) == [b.drawn(end) for b in c.costs]
    assert list(figure["layout"]["xaxis"]["range"]) == [0, end]
    svg = scenarios_data(c, "", TODAY)[1]["scenarios"]
    for bar in c.costs:  # each label on paper too: the scenario, then its model
        assert bar.label[0] in svg and bar.label[1] in svg


def test_the_scenario_pdf_is_the_comparison() -> None:
    data, charts = scenarios_data(_comparison(), "Acme", TODAY)
    assert data["scenarios"]["names"] == ["Baseline", "Hire individuals", "Own center"] and "scenarios" in charts
    pages = _pages(build_scenario_report(_comparison(), "Acme", TODAY))
    assert "SCENARIO COMPARISON" in pages[0] and "Baseline · Hire individuals · Own center" in pages[0]
    text = " ".join(pages)
    assert "Results side by side" in text and "Answers that differ" in text and "Source documents" in text
    assert "Executive summary" not in text


def test_the_chart_ticks_do_not_crowd() -> None:
    svg = scenarios_data(_comparison(), "", TODAY)[1]["scenarios"]
    ticks = re.findall(r"\$\d[\d.,]*[kMB]?", svg)
    assert 2 <= len(set(ticks)) <= 7


# ---- the workshop report names the workshop on its cover


def test_the_workshop_pdf_cover_names_the_workshop() -> None:
    member = Member("Ann", "cfo", validate_answers(BASE).model_dump())
    room = analyse_room([member])
    pdf = build_room_report(room.analysis, workshop_report(room, "Offsite\u202e 2027 sourcing", "Acme", True, []))
    cover = _pages(pdf)[0]
    assert "WORKSHOP" in cover and "Offsite 2027 sourcing" in cover  # its title, the bidi override removed
