"""Plotly figures for the screen, drawn from chart_data. Large type for projectors, Okabe-Ito colours."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..decide.analysis import Analysis, kept_analysis
from ..decide.scorer import NO_FIT
from ..inputs.money import money
from ..present import chart_text
from ..present.chart_data import (
    BASELINE_COLOUR,
    MODEL_COLOURS,
    ScoreBar,
    cost_series,
    fit_matrix,
    head_to_head,
    probability_bars,
    score_bars,
    short_name,
    timeline_bars,
    two_lines,
    what_if,
)
from ..rules.loader import knowledge
from . import page_keys
from .text import md

FONT: Final = dict(family="Inter, 'Source Sans Pro', Arial, sans-serif", size=15, color="#1f2937")


def config(name: str) -> dict[str, Any]:
    """The chart toolbar: always visible, with a PNG download sized for slides."""
    return {
        "displayModeBar": True,
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": f"sourcing-{name}", "scale": 2},
    }


def figure(name: str, a: Analysis) -> go.Figure | None:
    """The named chart of an analysis (None where it has nothing to show). The same answers give the same
    chart, so it is built once per process, keyed by the analysis key (no company, notes or other user text):
    a workshop room and every first page draw the same answers' charts again and again."""
    return FIGURES[name](a) if a.key is None else _kept_figure(name, a.key)


@functools.lru_cache(maxsize=512)  # about 40 kB each (20 MB at most); read, never changed, by st.plotly_chart
def _kept_figure(name: str, key: tuple[Any, Any]) -> go.Figure | None:
    return FIGURES[name](kept_analysis(key))


def _words(name: str, a: Analysis) -> chart_text.ChartText | None:
    """The named chart's text alternative, kept as its figure is."""
    return TEXTS[name](a) if a.key is None else _kept_words(name, a.key)


@functools.lru_cache(maxsize=512)
def _kept_words(name: str, key: tuple[Any, Any]) -> chart_text.ChartText | None:
    return TEXTS[name](kept_analysis(key))


def show(fig: go.Figure, name: str, a: Analysis) -> None:
    """The chart, and under it its text alternative, from the same chart data. The table is built only while
    its expander is open (opening it reruns the page): closed, it costs nothing on the server or in the browser."""
    _plot(fig, name)
    text = _words(name, a)
    if text is not None:
        _table_expander(name, text)


def _plot(fig: go.Figure, name: str) -> None:
    st.plotly_chart(fig, config=config(name), key=page_keys.chart(name), width="stretch")


def _table_expander(name: str, text: chart_text.ChartText) -> None:
    box = st.expander(
        f"{text.title}: the chart as a table",
        icon=":material/table_rows:",
        key=page_keys.chart_table(name),
        on_change="rerun",
    )
    if box.open:
        with box:
            _table(text)


def score_chart(a: Analysis, caption: str) -> None:
    """The scores as plain HTML bars, with the same data and colours as the plotly `scores` figure: the chart
    redrawn on every answer change. Streamlit names a plotly chart by its figure, so a new figure is a new
    chart that the browser builds from nothing (about 100 ms in Chromium here); bars of HTML change in place.
    Text throughout, so a screen reader reads it; the reason of a bar without a score is listed below it."""
    bars = score_bars(a)
    rows = "".join(_score_row(b, i == 0) for i, b in enumerate(bars))
    scores = ",".join(f"{b.score:g}" for b in bars)  # what benchmarks/page.py waits for
    st.html(  # the caption in the same element: each element costs every answer change its time
        f'<div class="score-chart" role="list" aria-label="Scores out of 100" data-scores="{scores}">{rows}</div>'
        f'<p class="score-caption">{html.escape(caption)}</p>'
    )
    text = _words("scores", a)
    if text is not None:
        _table_expander("scores", text)


def _score_row(bar: ScoreBar, first: bool) -> str:
    name = html.escape(bar.name)
    width = 0 if bar.excluded else max(1.0, min(100.0, bar.score))
    fill = f'<span class="score-bar" style="width:{width:.1f}%;background:{bar.colour}"></span>' if width else ""
    return (
        f'<div class="score-row{" score-out" if bar.excluded else ""}" role="listitem" title="{html.escape(bar.note)}">'
        f'<span class="score-name">{f"<b>{name}</b>" if first else name}</span>'
        f'<span class="score-track">{fill}</span><span class="score-value">{html.escape(bar.label)}</span></div>'
    )


def lazy(name: str, a: Analysis, title: str, caption: str) -> None:
    """A chart behind a closed expander, drawn only while it is open (opening it reruns the page), with its
    caption and its data as a table: a chart the reader asks for costs nothing until then."""
    fig = figure(name, a)
    if fig is None:
        return
    box = st.expander(title, icon=":material/bar_chart:", key=page_keys.chart_box(name), on_change="rerun")
    if not box.open:
        return
    with box:
        _plot(fig, name)
        st.caption(caption)
        text = _words(name, a)
        if text is not None:
            _table(text)


def describe(text: chart_text.ChartText) -> None:
    """A chart's text alternative: what it says in a sentence, and its data as a table, in a closed expander
    that the keyboard and a screen reader reach (the plotly drawing itself says nothing to them)."""
    with st.expander(f"{text.title}: the chart as a table", icon=":material/table_rows:"):
        _table(text)


def _table(text: chart_text.ChartText) -> None:
    st.markdown(md(text.sentence))
    cells = [[md(cell) for cell in row] for row in text.rows]  # st.table reads cells as markdown
    st.table(pd.DataFrame(cells, columns=text.columns), hide_index=True)


def build_figure(
    traces: list[dict[str, Any]],
    height: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """One figure from plain trace and layout dicts, written as plotly's validation spells them out, so that
    it is not validated again: validating cost 60% of building a chart, and building it property by
    property (go.Bar(...), update_layout, update_xaxes) 3-5 times more. tests/test_charts.py checks that
    validating each chart changes nothing."""
    margin = layout.pop("margin", {})
    spec = {
        "height": height,
        "font": FONT,
        "margin": dict(l=10, r=20, t=30, b=10) | margin,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": dict(font=dict(size=14)),
        "xaxis": _titled(dict(gridcolor="#e5e7eb", zerolinecolor="#9ca3af") | (xaxis or {})),
        "yaxis": _titled(dict(gridcolor="#e5e7eb") | (yaxis or {})),
    }
    return go.Figure({"data": traces, "layout": spec | layout}, _validate=False)


def _titled(axis: dict[str, Any]) -> dict[str, Any]:
    title = axis.get("title")
    return axis | {"title": {"text": title}} if isinstance(title, str) else axis


@functools.cache  # keyed by a colorscale's name
def colorscale(name: str) -> list[list[Any]]:
    """A named colorscale as plotly's validation spells it out."""
    return [list(step) for step in go.Heatmap(colorscale=name).colorscale]


def head_to_head_chart(a: Analysis) -> go.Figure | None:
    data = head_to_head(a)
    if data is None:
        return None
    first, second = a.result.recommendation, a.result.runner_up or ""
    bars = [
        dict(
            type="bar",
            name=data.winner,
            y=data.factors,
            x=data.winner_points,
            orientation="h",
            marker=dict(color=MODEL_COLOURS[first or NO_FIT]),
            hovertemplate=f"{data.winner}: %{{x:+d}} rule points from %{{y}}<extra></extra>",
        ),
        dict(
            type="bar",
            name=data.runner_up,
            y=data.factors,
            x=data.runner_up_points,
            orientation="h",
            marker=dict(color=MODEL_COLOURS[second], pattern=dict(shape="x")),
            hovertemplate=f"{data.runner_up}: %{{x:+d}} rule points from %{{y}}<extra></extra>",
        ),
    ]
    return build_figure(
        bars,
        100 + 34 * len(data.factors),
        dict(title="Rule points from this answer"),
        dict(autorange="reversed"),
        barmode="group",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        margin=dict(t=45),
    )


def fit_matrix_chart(a: Analysis) -> go.Figure:
    data = fit_matrix(a)
    text = [
        ["✕" if ex else (f"{p:+d}" if p else "") for p, ex in zip(row, exs)]
        for row, exs in zip(data.points, data.excluded)
    ]
    limit = max(10, max(abs(p) for row in data.points for p in row))
    heat = dict(
        type="heatmap",
        z=data.points,
        x=data.factors,
        y=data.models,
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=15),
        colorscale=colorscale("PuOr_r"),
        zmin=-limit,
        zmax=limit,
        xgap=3,
        ygap=3,
        colorbar=dict(title=dict(text="rule points"), thickness=12),
        hovertemplate="%{y} · %{x}: %{z:+d} rule points<extra></extra>",
    )
    return build_figure([heat], 360, dict(tickangle=-30), dict(autorange="reversed"))


def what_if_chart(a: Analysis) -> go.Figure | None:
    rows = what_if(a)
    if not rows:
        return None
    names = {m: short_name(m, knowledge()) for m in MODEL_COLOURS}
    traces = []
    for model, colour in MODEL_COLOURS.items():
        cells = [(r.label, i, c) for r in rows for i, c in enumerate(r.cells) if c.model == model]
        if not cells:
            continue
        traces.append(
            dict(
                type="bar",
                name=names[model],
                orientation="h",
                y=[c[0] for c in cells],
                base=[c[1] for c in cells],
                x=[0.96] * len(cells),
                marker=dict(
                    color=colour,
                    line=dict(
                        color=["#111" if c[2].current else "white" for c in cells],
                        width=[3 if c[2].current else 1 for c in cells],
                    ),
                ),
                text=["<br>".join(two_lines(("▶ " if c[2].current else "") + c[2].label)) for c in cells],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(color="white", size=13),
                cliponaxis=False,
                customdata=[c[2].label for c in cells],
                hovertemplate="%{y} = %{customdata}: " + names[model] + " comes first<extra></extra>",
            )
        )
    return build_figure(
        traces,
        110 + 46 * len(rows),
        dict(visible=False),
        dict(autorange="reversed", categoryorder="array", categoryarray=[r.label for r in rows]),
        barmode="overlay",
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0),
        uniformtext=dict(minsize=12, mode="show"),
    )


def probabilities(a: Analysis) -> go.Figure | None:
    bars = probability_bars(a)
    if not bars:
        return None
    bar = dict(
        type="bar",
        x=[b.name for b in bars],
        y=[b.probability for b in bars],
        marker=dict(color=[b.colour for b in bars]),
        text=[f"{b.probability:.0%}" for b in bars],
        textposition="outside",
        hovertemplate="%{x}: %{y:.1%} chance of coming first<extra></extra>",
    )
    return build_figure(
        [bar], 320, None, dict(range=[0, 1.12], tickformat=".0%", title="Chance of coming first"), showlegend=False
    )


def cumulative_cost(a: Analysis) -> go.Figure:
    data, currency = cost_series(a), a.currency

    def amounts(usd: list[float]) -> dict[str, Any]:  # in the shown currency, hover words by the one formatter
        return dict(y=[currency.of_usd(v) for v in usd], customdata=[money(v, currency) for v in usd])

    traces: list[dict[str, Any]] = []
    for name, (low, high) in data.bands.items():
        colour = data.colours[name]
        traces.append(
            dict(
                type="scatter",
                x=data.months,
                **amounts(high),
                mode="lines",
                line=dict(color=colour, width=1),
                showlegend=False,
                hovertemplate=f"{name} high: %{{customdata}} by month %{{x}}<extra></extra>",
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=data.months,
                **amounts(low),
                mode="lines",
                line=dict(color=colour, width=2.5),
                fill="tonexty",
                fillcolor=_transparent(colour),
                name=f"{name} (low-high range)",
                hovertemplate=f"{name} low: %{{customdata}} by month %{{x}}<extra></extra>",
            )
        )
    traces.append(
        dict(
            type="scatter",
            x=data.months,
            **amounts(data.baseline),
            mode="lines",
            name="Today's cost",
            line=dict(color=BASELINE_COLOUR, width=3, dash="dash"),
            hovertemplate="Today: %{customdata} by month %{x}<extra></extra>",
        )
    )
    return build_figure(
        traces,
        400,
        dict(title="Month", dtick=6),
        # plotly's own ticks say billions with B ("~s" said 6G for six billion yen)
        dict(title=f"Cumulative cost ({currency.code})", tickprefix="$" if currency.is_usd else "", exponentformat="B"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        margin=dict(t=60),
    )


def timeline(a: Analysis) -> go.Figure:
    traces: list[dict[str, Any]] = []
    for b in timeline_bars(a):
        hover = f"{b.model} · {b.phase}: {b.low:g}–{b.high:g} months<extra></extra>"
        traces.append(
            dict(
                type="bar",
                y=[b.model],
                x=[b.low],
                base=[b.start],
                orientation="h",
                marker=dict(
                    color=b.colour if b.steady else _transparent(b.colour, 0.45), line=dict(color="white", width=2)
                ),
                text=b.phase if b.labelled else "",
                textposition="inside",
                insidetextanchor="middle",
                showlegend=False,
                hovertemplate=hover,
            )
        )
        if b.high > b.low:
            traces.append(
                dict(
                    type="bar",
                    y=[b.model],
                    x=[b.high - b.low],
                    base=[b.start + b.low],
                    orientation="h",
                    marker=dict(color=_transparent(b.colour, 0.25), pattern=dict(shape="/")),
                    showlegend=False,
                    hovertemplate=hover,
                )
            )
    return build_figure(
        traces,
        330,
        dict(title="Months from the decision"),
        dict(autorange="reversed"),
        barmode="overlay",
        uniformtext=dict(minsize=12, mode="hide"),
    )


def _transparent(colour: str, alpha: float = 0.22) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _head_to_head_text(a: Analysis) -> chart_text.ChartText | None:
    data = head_to_head(a)
    return None if data is None else chart_text.head_to_head(data)


def _probabilities_text(a: Analysis) -> chart_text.ChartText | None:
    bars = probability_bars(a)
    return chart_text.probabilities(bars) if bars else None


TEXTS: Final[dict[str, Callable[[Analysis], chart_text.ChartText | None]]] = {
    "scores": lambda a: chart_text.scores(score_bars(a)),
    "winner-vs-runner-up": _head_to_head_text,
    "what-if": lambda a: chart_text.what_if(what_if(a)),
    "chance-of-coming-first": _probabilities_text,
    "cumulative-cost": lambda a: chart_text.cumulative_cost(cost_series(a), a.currency),
    "time-to-steady-state": lambda a: chart_text.timeline(timeline_bars(a)),
    "fit-matrix": lambda a: chart_text.fit_matrix(fit_matrix(a)),
}
FIGURES: Final[dict[str, Callable[[Analysis], go.Figure | None]]] = {
    "winner-vs-runner-up": head_to_head_chart,
    "what-if": what_if_chart,
    "chance-of-coming-first": probabilities,
    "cumulative-cost": cumulative_cost,
    "time-to-steady-state": timeline,
    "fit-matrix": fit_matrix_chart,
}
