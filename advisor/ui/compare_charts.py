"""Plotly figures for the scenario comparison and the portfolio summary, drawn from present/."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

from ..present.chart_data import BASELINE_COLOUR
from ..present.portfolio import NO_FIT, Summary
from ..present.scenarios import Comparison, cost_axis_end
from ..rules.loader import knowledge
from .charts import build_figure

CONFIG = {"displayModeBar": False}


def scenario_costs(c: Comparison) -> go.Figure:
    """Each scenario's cost range over the horizon under its recommended model, against today's cost (the same
    bars, labels and axis end as the PDF's report/sections.py)."""
    bars = c.costs
    horizon = knowledge().cost_model.horizon
    end = cost_axis_end(bars)
    drawn = [b.drawn(end) for b in bars]
    # a name is text: plotly would draw <a href> as a link
    names = [f"{html.escape(b.label[0])}<br><i>{html.escape(b.label[1])}</i>" for b in bars]
    traces: list[dict[str, Any]] = [
        dict(
            type="bar",
            y=names,
            x=[w for _, w in drawn],
            base=[x for x, _ in drawn],
            orientation="h",
            marker=dict(color=[b.colour for b in bars]),
            name=f"{horizon.figure_adjective} cost, low to high",
            showlegend=False,  # each bar is labelled with its model, as on paper
            customdata=[[b.model, b.low, b.high] for b in bars],
            hovertemplate="<b>%{y}</b>: %{customdata[0]}<br>$%{customdata[1]:,.0f} to $%{customdata[2]:,.0f}"
            "<extra></extra>",
        ),
        dict(
            type="scatter",
            y=names,
            x=[b.today for b in bars],
            mode="markers",
            marker=dict(symbol="diamond", size=11, color=BASELINE_COLOUR),
            name=f"{horizon.figure_words} as today",
            hovertemplate="<b>%{y}</b>: today $%{x:,.0f}<extra></extra>",
        ),
    ]
    return build_figure(
        traces,
        140 + 60 * len(bars),
        dict(title=f"{horizon.adjective.capitalize()} cost (USD)", tickprefix="$", range=[0, end], nticks=6),
        dict(autorange="reversed"),
        legend=dict(orientation="h", y=-0.3),
        bargap=0.4,
    )


def portfolio_models(s: Summary) -> go.Figure:
    """Processes per recommended model, with the headcount they hold."""
    lines = s.lines
    bar = dict(
        type="bar",
        x=[line.model for line in lines],
        y=[line.processes for line in lines],
        marker=dict(color=[line.colour for line in lines]),
        text=[f"{line.processes:,} ({line.headcount:,} people)" for line in lines],
        textposition="outside",
        hovertemplate="<b>%{x}</b><br>%{y:,} processes<extra></extra>",
    )
    return build_figure([bar], 330, None, dict(title="Processes", rangemode="tozero"), showlegend=False)


def portfolio_savings(s: Summary) -> go.Figure:
    """The saving range over the horizon per recommended model."""
    saving = knowledge().cost_model.horizon.adjective.capitalize()
    lines = [line for line in s.lines if line.processes and line.model != NO_FIT]
    bar = dict(
        type="bar",
        y=[line.model for line in lines],
        x=[line.saving_high - line.saving_low for line in lines],
        base=[line.saving_low for line in lines],
        orientation="h",
        marker=dict(color=[line.colour for line in lines]),
        customdata=[[line.saving_low, line.saving_high] for line in lines],
        hovertemplate="<b>%{y}</b><br>$%{customdata[0]:,.0f} to $%{customdata[1]:,.0f}<extra></extra>",
    )
    return build_figure(
        [bar],
        110 + 50 * len(lines),
        dict(title=f"{saving} saving, low to high (USD)", tickprefix="$"),
        dict(autorange="reversed"),
        showlegend=False,
    )
