"""Plotly figures for the scenario comparison and the portfolio summary, drawn from present/."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

from ..inputs.money import money
from ..present.chart_data import BASELINE_COLOUR
from ..present.portfolio import NO_FIT, Summary
from ..present.scenarios import Comparison, cost_axis_end
from ..rules.loader import knowledge
from .charts import build_figure

CONFIG = {"displayModeBar": False}


def scenario_costs(c: Comparison) -> go.Figure:
    """Each scenario's cost range over the horizon under its recommended model, against today's cost (the same
    bars, labels and axis end as the PDF's report/sections.py)."""
    bars, currency = c.costs, c.currency
    horizon = knowledge().cost_model.horizon
    end = cost_axis_end(bars)
    drawn = [b.drawn(end) for b in bars]
    rate = currency.per_usd  # drawn in the shown currency
    # a name is text: plotly would draw <a href> as a link
    names = [f"{html.escape(b.label[0])}<br><i>{html.escape(b.label[1])}</i>" for b in bars]
    traces: list[dict[str, Any]] = [
        dict(
            type="bar",
            y=names,
            x=[w * rate for _, w in drawn],
            base=[x * rate for x, _ in drawn],
            orientation="h",
            marker=dict(color=[b.colour for b in bars]),
            name=f"{horizon.figure_adjective} cost, low to high",
            showlegend=False,  # each bar is labelled with its model, as on paper
            customdata=[[b.model, money(b.low, currency), money(b.high, currency)] for b in bars],
            hovertemplate="<b>%{y}</b>: %{customdata[0]}<br>%{customdata[1]} to %{customdata[2]}<extra></extra>",
        ),
        dict(
            type="scatter",
            y=names,
            x=[b.today * rate for b in bars],
            customdata=[money(b.today, currency) for b in bars],
            mode="markers",
            marker=dict(symbol="diamond", size=11, color=BASELINE_COLOUR),
            name=f"{horizon.figure_words} as today",
            hovertemplate="<b>%{y}</b>: today %{customdata}<extra></extra>",
        ),
    ]
    return build_figure(
        traces,
        140 + 60 * len(bars),
        dict(
            title=f"{horizon.adjective.capitalize()} cost ({currency.code})",
            tickprefix="$" if currency.is_usd else "",
            range=[0, end * rate],
            nticks=6,
        ),
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
    currency = s.currency
    bar = dict(
        type="bar",
        y=[line.model for line in lines],
        x=[currency.of_usd(line.saving_high - line.saving_low) for line in lines],
        base=[currency.of_usd(line.saving_low) for line in lines],
        orientation="h",
        marker=dict(color=[line.colour for line in lines]),
        customdata=[
            [money(line.saving_low, currency, "signed"), money(line.saving_high, currency, "signed")] for line in lines
        ],
        hovertemplate="<b>%{y}</b><br>%{customdata[0]} to %{customdata[1]}<extra></extra>",
    )
    return build_figure(
        [bar],
        110 + 50 * len(lines),
        dict(title=f"{saving} saving, low to high ({currency.code})", tickprefix="$" if currency.is_usd else ""),
        dict(autorange="reversed"),
        showlegend=False,
    )
