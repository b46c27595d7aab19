"""Every chart has a text alternative: a sentence and its data as a table, under the chart on the
page, built from the chart's own data, so the table says what the chart draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import validate_answers
from advisor.decide.analysis import analyse
from advisor.decide.portfolio import assess
from advisor.decide.room import Member, analyse_room
from advisor.inputs.money import money
from advisor.inputs.table import read_table
from advisor.inputs.uncertain import split_uncertain
from advisor.present import chart_data, chart_text
from advisor.present.portfolio import summary
from advisor.present.room import heat_map
from advisor.present.scenarios import compare
from advisor.ui import charts, compare_charts, page_keys, room_charts

from .support.score_chart import score_chart
from .test_workshop_app import _app as _page_app
from .test_workshop_app import _host_page, _room, db  # noqa: F401  (the workshop store fixture)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TABLE = ": the chart as a table"
TABS = ("What-if", "Uncertainty", "Cost", "Time", "Risks", "Pricing and hubs", "Fit matrix")
UNSURE = {
    "headcount": {"min": 10, "max": 120},
    "process_stability": ["stable", "volatile"],
    "worker_control": ["outcomes", "individuals", "team"],
    "data_regulation": "none",
    "ip_sensitivity": "low",
}


def _plain(markdown: str) -> str:
    """Text as shown: the markdown escapes (advisor/ui/text.md) taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _tables(at: AppTest) -> dict[str, tuple[str, list[list[str]]]]:
    """Each chart's text alternative on the page: its expander's title -> (sentence, table rows)."""
    found = {}
    for expander in at.expander:
        if expander.label.endswith(TABLE):
            sentence = _plain(expander.markdown[0].value)
            rows = [[_plain(str(cell)) for cell in row] for row in expander.table[0].value.values.tolist()]
            found[expander.label.removesuffix(TABLE)] = (sentence, rows)
    return found


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.mark.parametrize("tab", TABS)
def test_every_chart_on_the_recommendation_page_has_its_data_as_a_table(tab: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.multiselect(key="unsure").set_value(["worker_control", "process_stability"]).run()
    at.multiselect(key="u:worker_control").set_value(["outcomes", "individuals", "team"]).run()
    at.multiselect(key="u:process_stability").set_value(["stable", "volatile"]).run()
    at.session_state["section"] = tab
    at.run()
    closed = [e for e in at.expander if e.label.endswith(TABLE)]
    assert closed and not any(e.markdown or e.table for e in closed)  # a table is built only once opened
    for name in [*charts.FIGURES, "scores"]:
        at.session_state[page_keys.chart_table(name)] = True  # open every chart's table
    at.run()
    assert not at.exception
    tables, drawn = _tables(at), _charts(at)
    assert len(tables) == len(drawn) + 1, (list(tables), len(drawn))  # the score bars, and the open tab's charts
    rows = tables["Scores"][1]
    assert [(r[0], r[1]) for r in rows] == score_chart(at)[0]  # the score, or "ruled out" / "set aside"
    if tab == "Uncertainty":
        bar = next(c for c in drawn if c["layout"]["yaxis"].get("tickformat") == ".0%")["data"][0]
        chance = {name: f"{p:.1%}" for name, p in zip(bar["x"], bar["y"])}
        assert dict((r[0], r[1]) for r in tables["Chance of coming first"][1]) == chance
    if tab == "Cost":
        baseline = next(t for c in drawn for t in c["data"] if t.get("name") == "Today's cost")
        sentence, rows = tables["Cumulative cost"]
        assert rows[-1][:2] == [str(baseline["x"][-1]), money(baseline["y"][-1])]
        assert money(baseline["y"][-1]) in sentence
    if tab == "Fit matrix":
        heat = next(c for c in drawn if c["data"][0]["type"] == "heatmap")["data"][0]
        cells = {(r[0], r[1]): r[2] for r in tables["Fit matrix"][1]}
        for model, z_row, text_row in zip(heat["y"], heat["z"], heat["text"]):
            for factor, points, text in zip(heat["x"], z_row, text_row):
                shown = "rules it out" if text == "✕" else f"{points:+d}" if points else None
                assert cells.get((model, factor)) == shown, (model, factor)


def test_the_text_alternatives_say_what_the_charts_draw() -> None:
    answers, uncertain = split_uncertain(UNSURE)
    a = analyse(answers, uncertain)
    what_if = chart_text.what_if(chart_data.what_if(a))
    drawn = [
        (trace["name"], label, box)
        for trace in charts.what_if_chart(a).to_dict()["data"]
        for label, box in zip(trace["y"], trace["customdata"])
    ]
    assert sorted((label, box, name) for name, label, box in drawn) == sorted(
        (row[0], row[1].removesuffix(" (your answer)"), row[2]) for row in what_if.rows
    )
    assert sum(row[1].endswith("(your answer)") for row in what_if.rows) == len(chart_data.what_if(a))
    time = chart_text.timeline(chart_data.timeline_bars(a))
    drawn_bars = [t for t in charts.timeline(a).to_dict()["data"] if t["marker"].get("line")]  # a phase's solid part
    assert [(r[0], r[2], r[3].split(" to ")[0]) for r in time.rows] == [
        (t["y"][0], f"{t['base'][0]:g}", f"{t['x'][0]:g}") for t in drawn_bars
    ]
    a = analyse(
        validate_answers(
            {
                **UNSURE,
                "headcount": 80,
                "process_stability": "stable",
                "worker_control": "team",
                "data_regulation": "personal",
            }
        )
    )
    pair = chart_data.head_to_head(a)
    assert pair is not None
    head = chart_text.head_to_head(pair)
    figure = charts.head_to_head_chart(a).to_dict()["data"]
    assert [r[1] for r in head.rows] == [f"{x:+d}" for x in figure[0]["x"]]
    assert [r[2] for r in head.rows] == [f"{x:+d}" for x in figure[1]["x"]]


def test_scenario_and_portfolio_charts_have_their_tables() -> None:
    plain = {**UNSURE, "process_stability": "stable"}
    named = [
        ("Base", analyse(validate_answers({**plain, "headcount": 80, "worker_control": "outcomes"}))),
        ("Small | *team*", analyse(validate_answers({**plain, "headcount": 6, "worker_control": "individuals"}))),
    ]
    c = compare(named)
    text = chart_text.scenario_costs(c.costs)
    bars = compare_charts.scenario_costs(c).to_dict()["data"][0]
    assert [r[0] for r in text.rows] == ["Base", "Small | *team*"]
    assert bars["y"] == [f"{r[0]}<br><i>{r[1]}</i>" for r in text.rows]  # the scenario, then its model
    assert [r[2] for r in text.rows] == [f"{lo} to {hi}" for _, lo, hi in bars["customdata"]]  # the hover's words
    table = read_table(
        b"name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity\n"
        b"AP,45,stable,personal,outcomes,low\nAnalytics,25,evolving,none,team,high\nPeople,6,stable,none,individuals,low\n"
    )
    s = summary(assess([r.answers for r in table.valid if r.answers is not None]), table)
    models, savings = chart_text.portfolio_models(s.lines), chart_text.portfolio_savings(s.lines)
    drawn = compare_charts.portfolio_models(s).to_dict()["data"][0]
    assert [[r[0], int(r[1])] for r in models.rows] == [list(pair) for pair in zip(drawn["x"], drawn["y"])]
    drawn = compare_charts.portfolio_savings(s).to_dict()["data"][0]
    assert [r[0] for r in savings.rows] == drawn["y"] and len(savings.rows) >= 2


def test_a_revealed_workshop_gives_its_charts_as_tables(db) -> None:  # noqa: F811
    created = _room(db)
    db.reveal(created.secret)
    at = _page_app(_host_page, created.secret)  # the key this tab holds
    assert not at.exception
    sentence, rows = _tables(at)["Chance of coming first"]
    bar = _charts(at)[0]["data"][0]
    assert {r[0]: r[1] for r in rows} == {name: f"{p:.1%}" for name, p in zip(bar["y"], bar["x"])}
    assert "EOR" in sentence
    at.segmented_control(key="host-view").set_value("Heat map").run()
    sentence, rows = _tables(at)["Where the room disagrees"]
    heat = _charts(at)[0]["data"][0]
    assert [r[0] for r in rows] == heat["y"]
    for row, answers, shares in zip(rows, heat["text"], heat["z"]):
        assert [part.split("): ")[1] for part in row[1].split("; ")] == [
            f"{a} ({s:.0%})" for a, s in zip(answers, shares)
        ]


def test_the_room_charts_in_screen_and_projector_type() -> None:
    """The room's odds and heat map are drawn from present/ data, names as text, larger when presenting."""
    base = validate_answers(
        {**UNSURE, "headcount": 30, "process_stability": "stable", "worker_control": "outcomes"}
    ).model_dump(exclude={"company", "notes"})
    room = analyse_room(
        [Member("<b>Ann</b>", "cfo", base), Member("Bo", "chro", base | {"worker_control": "individuals"})]
    )
    bars = chart_data.probability_bars(room.analysis)
    heat = heat_map(room, True)
    for presenting, (axis, bar_text) in room_charts.CHART_TEXT.items():
        odds = room_charts.room_odds(bars, presenting).to_dict()
        assert odds["data"][0]["x"] == [b.probability for b in bars]
        assert odds["data"][0]["textfont"]["size"] == bar_text == odds["layout"]["yaxis"]["tickfont"]["size"]
        assert odds["layout"]["xaxis"]["tickfont"]["size"] == axis
        drawn = room_charts.disagreement(heat, presenting).to_dict()
        assert drawn["data"][0]["y"] == heat.questions
        assert drawn["layout"]["xaxis"]["ticktext"][0].startswith("&lt;b&gt;Ann&lt;/b&gt;<br>")
        assert drawn["layout"]["yaxis"]["tickfont"]["size"] == axis
    assert room_charts.CHART_TEXT[True][0] > room_charts.CHART_TEXT[False][0]
