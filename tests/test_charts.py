"""Chart data and figures, without a browser: what a chart shows is what the engine computed."""

from __future__ import annotations

import pytest

from advisor import validate_answers
from advisor.decide.analysis import analyse
from advisor.inputs.uncertain import split_uncertain
from advisor.present.chart_data import EXCLUDED_COLOUR, cost_series, fit_matrix, head_to_head, score_bars, what_if
from advisor.report import figures
from advisor.rules.loader import knowledge
from advisor.ui import charts

CASES = {
    "ites": {
        "headcount": 80,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "team",  # with "outcomes" EOR is set aside, and ITES would have no runner-up
        "ip_sensitivity": "low",
    },
    "eor": {
        "headcount": 5,
        "process_stability": "evolving",
        "data_regulation": "personal",
        "worker_control": "team",  # hand-picked individuals set KPO aside, and EOR would have no runner-up
        "ip_sensitivity": "medium",
        "work_type": "mixed",  # rules-based work rules KPO out, and then EOR would have no runner-up
    },
    "gcc": {
        "headcount": 400,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "team",
        "ip_sensitivity": "high",
        "ownership_goal": "now",
        "setup_budget_usd": 5e6,
        "months_to_start": 18,
        "management_bandwidth": "high",
    },
}


@pytest.fixture(params=list(CASES))
def analysis(request: pytest.FixtureRequest):
    return analyse(validate_answers(CASES[request.param]))


def test_score_bars_are_the_ranking(analysis) -> None:
    bars = score_bars(analysis)
    assert [b.score for b in bars] == [r.score for r in analysis.result.ranking]
    for bar, row in zip(bars, analysis.result.ranking):
        assert (bar.colour == EXCLUDED_COLOUR) == row.excluded
        if row.excluded:
            assert bar.note.startswith("Set aside: You said" if row.set_aside else "Ruled out")
            assert bar.score == 0 and bar.label in ("ruled out", "set aside")  # no score beside the others
    drawn = _score_html(analysis)
    assert f'data-scores="{",".join(f"{b.score:g}" for b in bars)}"' in drawn
    assert drawn.count('class="score-row') == len(bars) and drawn.count("score-out") == sum(b.excluded for b in bars)


def _score_html(analysis) -> str:
    """The HTML the score chart draws (advisor/ui/charts.py score_chart), caught from st.html."""
    from unittest import mock

    with mock.patch.object(charts.st, "html") as html, mock.patch.object(charts, "_table_expander"):
        charts.score_chart(analysis, "caption")
    return html.call_args.args[0]


def test_head_to_head_adds_up_to_the_point_gap(analysis) -> None:
    data = head_to_head(analysis)
    points = {r.model: r.points for r in analysis.result.ranking}
    assert sum(data.winner_points) == points[analysis.result.recommendation]
    assert sum(data.runner_up_points) == points[analysis.result.runner_up]
    fig = charts.head_to_head_chart(analysis)
    assert list(fig.data[0].x) == data.winner_points


def test_fit_matrix_rows_are_model_points(analysis) -> None:
    matrix = fit_matrix(analysis)
    points = {knowledge().models[r.model].short: r.points for r in analysis.result.ranking}
    for name, row in zip(matrix.models, matrix.points):
        assert sum(row) == points[name]
    assert charts.fit_matrix_chart(analysis).data[0].z is not None


def test_what_if_marks_the_current_answer_with_the_current_winner(analysis) -> None:
    for row in what_if(analysis):
        current = [c for c in row.cells if c.current]
        assert len(current) == 1, row.field
        assert current[0].model == analysis.result.recommendation


def test_cost_series_ends_at_the_totals(analysis) -> None:
    series = cost_series(analysis)
    name = knowledge().models[analysis.result.recommendation].short
    low, high = series.bands[name]
    total = analysis.cost.models[analysis.result.recommendation].total
    assert (low[-1], high[-1]) == total
    assert len(series.months) == 36 and series.baseline[-1] == analysis.cost.baseline[-1]


def test_probability_chart_only_when_uncertain() -> None:
    assert charts.probabilities(analyse(validate_answers(CASES["ites"]))) is None
    answers, uncertain = split_uncertain({**CASES["ites"], "headcount": {"min": 10, "max": 200}})
    fig = charts.probabilities(analyse(answers, uncertain))
    assert sum(fig.data[0].y) == pytest.approx(1.0)


def test_every_figure_renders_for_screen_and_print(analysis) -> None:
    for build in (charts.cumulative_cost, charts.timeline, charts.what_if_chart):
        build(analysis)
    for build in (
        figures.scores,
        figures.head_to_head_chart,
        figures.what_if_chart,
        figures.cumulative_cost,
        figures.timeline,
    ):
        svg = build(analysis)
        assert svg is None or svg.lstrip().startswith("<?xml")


def test_every_chart_is_built_as_plotly_would_validate_it() -> None:
    """Charts are built unvalidated (validating was most of the cost), so each must already be what
    plotly's validation makes of it: for every scenario file's answers, validating changes nothing."""
    import json
    from pathlib import Path

    import plotly.graph_objects as go

    folder = Path(__file__).resolve().parent / "scenarios"
    answers = [json.loads(p.read_text())["answers"] for p in sorted(folder.glob("*.json"))]
    answers.append({**answers[0], "headcount": {"min": 20, "max": 400}, "process_stability": ["stable", "evolving"]})
    checked = set()
    for data in answers:
        a = analyse(data)
        for name, build in charts.FIGURES.items():
            fig = build(a)
            if fig is not None:
                built = fig.to_dict()
                assert go.Figure(built).to_dict() == built, name
                checked.add(name)
    assert checked == set(charts.FIGURES)
