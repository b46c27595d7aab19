"""Portfolio: tabular input row by row, bulk assessment equal to the single recommendation, files out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.cli import main
from advisor.decide.analysis import analyse
from advisor.decide.portfolio import NONE, assess
from advisor.inputs.parse import AnswersError, validate_answers
from advisor.inputs.saved import RATES_KEY, Override, Scenario, read_saved, saved_file
from advisor.inputs.table import MAX_ROWS, TableError, read_table, template_rows
from advisor.present.portfolio import neutralise, results_table, to_csv, to_xlsx
from advisor.rules.loader import knowledge
from advisor.rules.schemas import LOCATIONS

from .support.strategies import answers as answer_dicts

HEADER = "name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


@settings(max_examples=60, deadline=None)
@given(st.lists(answer_dicts(), min_size=1, max_size=8))
def test_a_portfolio_row_equals_the_single_recommendation(rows: list[dict]) -> None:
    k = knowledge()
    answers = [validate_answers(r) for r in rows]
    bulk = assess(answers)
    for i, a in enumerate(answers):
        single = analyse(a)
        r = single.result
        fits = not r.ranking[0].excluded
        expected = k.scoring.model_order.index(r.recommendation) if fits and r.recommendation else NONE
        assert bulk.recommendation[i] == expected
        if fits:
            assert bulk.runner_up[i] == (k.scoring.model_order.index(r.runner_up) if r.runner_up else NONE)
            assert bulk.margin[i] == r.margin
            assert bool(bulk.close_call[i]) == r.close_call
            low, high = single.cost.models[r.recommendation].total
            assert bulk.cost_low[i] == pytest.approx(low, abs=0.05)
            assert bulk.cost_high[i] == pytest.approx(high, abs=0.05)
        assert LOCATIONS[bulk.location[i]] == r.delivery_location
        assert bulk.today[i] == pytest.approx(single.cost.baseline[-1], abs=0.05)
        assert bulk.today_per_fte[i] == single.cost.today.usd_per_year  # the answer, or the same default


def test_each_bad_row_is_reported_with_row_column_value_and_kept() -> None:
    table = read_table(
        _csv(
            "Good,80,stable,personal,outcomes,low",
            "Typo,80,stabel,personal,outcomes,low",
            "Text number,eighty,stable,personal,outcomes,low",
            "Too many,100001,stable,personal,outcomes,low",
            "Missing,,stable,personal,outcomes,low",
        )
    )
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6]
    assert len(table.valid) == 1
    by_row = {p.row: p for p in table.problems}
    assert (by_row[3].column, by_row[3].value) == ("process_stability", "stabel")
    assert "one of: stable, evolving, volatile" in by_row[3].problem
    assert (by_row[4].column, by_row[4].value) == ("headcount", "eighty")
    assert "(got text)" in by_row[4].problem
    assert "<= 100000" in by_row[5].allowed
    assert by_row[6].problem.startswith("`headcount` is required")
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    assert list(frame["name"]) == ["Good", "Typo", "Text number", "Too many", "Missing"]
    assert frame["error"].iloc[0] == "" and all(frame["error"].iloc[1:] != "")
    assert frame["recommendation"].iloc[0] and not any(frame["recommendation"].iloc[1:])


def test_messages_are_the_answers_files_messages() -> None:
    row = {"headcount": 80, "process_stability": "stabel", "data_regulation": "personal"}
    row |= {"worker_control": "outcomes", "ip_sensitivity": "low"}
    with pytest.raises(AnswersError) as single:
        validate_answers(row)
    table = read_table(_csv("P,80,stabel,personal,outcomes,low"))
    assert [p.problem for p in table.problems] == single.value.problems


def test_optional_columns_lists_and_null() -> None:
    header = HEADER + ",regulations,setup_budget_usd,months_to_start,onshore_cost_per_fte_usd"
    table = read_table(_csv("P,80,stable,personal,outcomes,low,gdpr; hipaa,null,,65000.0", header=header))
    a = table.rows[0].answers
    assert a is not None
    assert a.regulations == ["gdpr", "hipaa"] and a.setup_budget_usd is None and a.months_to_start is None
    assert a.onshore_cost_per_fte_usd == 65000.0


@pytest.mark.parametrize(
    "raw",
    [
        _csv("Zoë,80,stable,personal,outcomes,low").replace(b",", b";"),
        b"\xef\xbb\xbf" + _csv("Zoë,80,stable,personal,outcomes,low"),
        _csv("Zoë,80,stable,personal,outcomes,low").decode().encode("latin-1"),
    ],
    ids=["semicolons", "utf8-bom", "latin1"],
)
def test_encodings_and_separators_are_read(raw: bytes) -> None:
    table = read_table(raw, "p.csv")
    assert table.rows[0].name == "Zoë" and table.rows[0].answers is not None


def test_latin1_is_said() -> None:
    table = read_table(_csv("Zoë,80,stable,personal,outcomes,low").decode().encode("latin-1"))
    assert any("Latin-1" in n for n in table.notes)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (HEADER.encode() + b"\n", "no processes"),
        (_csv("P,80,stable,personal,outcomes,low", header=HEADER.replace("headcount", "headcont")), "`headcount`?"),
        (_csv("P,80,stable,personal,outcomes,low", header=HEADER.replace(",ip_sensitivity", ",colour")), "missing"),
        (b"\xd0\xcf\x11\xe0" + b"0" * 100, ".xls"),
        (b"PK\x03\x04garbage", "XLSX"),
    ],
    ids=["empty", "blank", "header-only", "unknown", "missing", "xls", "broken-xlsx"],
)
def test_bad_files_raise_one_message_per_problem(raw: bytes, says: str) -> None:
    with pytest.raises(TableError) as err:
        read_table(raw, "p.csv")
    assert any(says in p for p in err.value.problems)


def test_unknown_and_missing_columns_are_both_named() -> None:
    with pytest.raises(TableError) as err:
        read_table(_csv("P,80,stable,personal,outcomes,low", header=HEADER.replace("ip_sensitivity", "ip_sensitivty")))
    assert err.value.problems == [
        "column 6, `ip_sensitivty`, is not a known column. Did you mean `ip_sensitivity`?",
        "the required column `ip_sensitivity` is missing (one of: low, medium, high).",
    ]


def test_row_limit() -> None:
    raw = _csv(*(["P,80,stable,personal,outcomes,low"] * (MAX_ROWS + 1)))
    with pytest.raises(TableError, match="more than 200,000"):
        read_table(raw)


def test_size_limit() -> None:
    from advisor.inputs.table import MAX_TABLE_BYTES

    with pytest.raises(TableError, match="at most"):
        read_table(b"x" * (MAX_TABLE_BYTES + 1))


def test_template_reads_back_and_xlsx_round_trip() -> None:
    grid = template_rows()
    text = io.StringIO()
    csv.writer(text).writerows(grid)
    table = read_table(text.getvalue().encode())
    assert table.valid and not table.problems
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    again = read_table(to_xlsx(frame), "results.xlsx")  # a results file reads back: result columns are ignored
    assert again.rows[0].answers == table.rows[0].answers


def test_export_neutralises_formulas() -> None:
    names = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "plain"]
    table = read_table(_csv(*(f'"{n}",80,stable,personal,outcomes,low' for n in names)))
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    rows = list(csv.DictReader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "plain"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(frame))).active
    cells = [sheet.cell(row=i, column=2) for i in range(2, 7)]
    assert all(c.data_type == "s" and not str(c.value).startswith(("=", "+", "-", "@")) for c in cells[:4])
    assert neutralise(-5) == -5  # numbers stay numbers


def test_cli_portfolio_writes_every_row_and_reports_errors(tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(_csv("Good,80,stable,personal,outcomes,low", "Bad,0,stable,personal,outcomes,low"))
    out = tmp_path / "out.csv"
    assert main(["portfolio", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "row 3, column `headcount`" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Good", "Bad"] and rows[1]["error"] and rows[0]["recommendation"]


def test_cli_portfolio_bad_file_exits_2(tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"nme,headcont\n1,2\n")
    assert main(["portfolio", str(source), "-o", str(tmp_path / "o.csv")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) >= 3 and all(line.startswith("advisor: ") for line in lines)
    assert not (tmp_path / "o.csv").exists()


def test_scenarios_round_trip_through_the_saved_file(minimal) -> None:
    scenarios = [
        Scenario("Base", minimal),
        Scenario("Wait a year", minimal | {"months_to_start": 12}),
        Scenario("Unsure", minimal | {"headcount": {"min": 20, "max": 200}}),
    ]
    rates = {"rate-india": Override(low=1111.0, high=2222.0)}
    raw = json.dumps(saved_file(minimal, scenarios, rates)).encode()
    from advisor.inputs.parse import parse_json

    saved = read_saved(parse_json(raw), knowledge().figures)
    assert saved.answers == minimal and saved.scenarios == scenarios and saved.rates == rates
    version_1 = read_saved(minimal, knowledge().figures)
    assert version_1.answers == minimal and version_1.scenarios == [] and version_1.rates == {}
    assert saved_file(minimal, []) == minimal
    assert read_saved(saved_file(minimal, [], rates), knowledge().figures).rates == rates


def test_a_pinned_scenario_holds_answers_only_so_it_analyses_with_edited_rates(minimal) -> None:
    """The edited rates are the session's: saved once beside the answers, never inside a scenario, whose
    answers must stay an answers object (`cost_rates` in them made the comparison refuse the scenario)."""
    from advisor.ui.state import Inputs

    rates = {"rate-india": Override(low=1111.0, high=2222.0)}
    inputs = Inputs(validate_answers(minimal), {}, {}, [], rates)
    assert RATES_KEY not in inputs.saved()
    analyse(inputs.saved(), overrides=inputs.overrides)  # raises AnswersError on a field it does not know
    file = saved_file(inputs.saved(), [Scenario("Pinned", inputs.saved())], inputs.overrides)
    assert read_saved(file, knowledge().figures).rates == rates


def test_bad_rates_in_a_saved_file_are_named(minimal) -> None:
    with pytest.raises(AnswersError) as err:
        read_saved(minimal | {RATES_KEY: {"no-such-rate": {"low": 1, "high": 2}}}, knowledge().figures)
    assert err.value.problems == ["`cost_rates`: 'no-such-rate' is not a cost figure of this advisor."]
    with pytest.raises(AnswersError) as err:
        read_saved(minimal | {RATES_KEY: {"rate-india": {"low": 3, "high": 2}}}, knowledge().figures)
    assert "low not above high" in err.value.problems[0]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"version": 3, "answers": {}}, "version 3"),
        ({"version": 2, "answers": {}, "scenarios": [{"name": "", "answers": {}}]}, "needs a name"),
        ({"version": 2, "answers": {}, "scenarios": [{"name": "A", "answers": {"headcount": 0}}]}, "scenario “A”"),
        ({"version": 2, "answers": {}, "scenarios": [{"name": "A", "answers": {}}] * 9}, "at most 8"),
        ({"version": 2, "answers": {}, "extra": 1}, "`extra`"),
    ],
)
def test_bad_saved_files_are_named(data: dict, says: str) -> None:
    with pytest.raises(AnswersError) as err:
        read_saved(data, knowledge().figures)
    assert says in " ".join(err.value.problems)


def test_cli_reads_a_version_2_file(tmp_path, capsys, minimal) -> None:
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(saved_file(minimal, [Scenario("B", minimal)])))
    assert main(["recommend", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["recommendation"]


def test_xlsx_from_excel_shared_strings_gaps_and_numbers() -> None:
    from openpyxl import Workbook

    book = Workbook()  # the normal writer: shared strings, like Excel itself
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["First", 80.0, "stable", "personal", "outcomes", "low"])
    sheet.append([])
    sheet.cell(row=4, column=1, value="Second")  # row 3 left empty; a gap between cells in row 4
    for column, value in zip(range(2, 7), [25, "evolving", "none", "team", "high"]):
        sheet.cell(row=4, column=column, value=value)
    sheet.cell(row=5, column=1, value="Third")
    sheet.cell(row=5, column=2, value=True)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "book.xlsx")
    assert [(r.number, r.name) for r in table.rows] == [(2, "First"), (4, "Second"), (5, "Third")]
    assert table.rows[0].answers is not None and table.rows[0].answers.headcount == 80
    assert table.rows[1].answers is not None and table.rows[1].answers.worker_control == "team"
    assert "(got a boolean)" in table.rows[2].problems[0].problem


def test_each_row_says_the_cost_per_person_it_used() -> None:
    header = HEADER + ",home_region,function,onshore_cost_per_fte_usd"
    table = read_table(
        _csv(
            "Support,120,stable,personal,outcomes,low,latin_america,customer_support,",
            "Engineers,12,evolving,personal,individuals,high,north_america,software_engineering,",
            "Typed,120,stable,personal,outcomes,low,latin_america,customer_support,70000",
            header=header,
        )
    )
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    assert list(frame["today_per_fte_usd"]) == [18_000, 169_000, 70_000]  # defaults by region and function; typed wins
    assert list(frame["today_3y_usd"]) == [120 * 18_000 * 3, 12 * 169_000 * 3, 120 * 70_000 * 3]
    assert list(frame["onshore_cost_per_fte_usd"]) == ["", "", "70000"]  # the answers as read stay as they were
