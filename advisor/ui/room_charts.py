"""Plotly figures for a workshop's room, drawn from present/: the chance of each model coming first and
where the room disagrees. Each comes in screen type or, presenting, in projector type."""

from __future__ import annotations

import html
from typing import Final

import plotly.graph_objects as go

from ..present.chart_data import ProbabilityBar
from ..present.room import HeatMap
from .charts import FONT

CONFIG: Final = {"displayModeBar": False}
CHART_TEXT: Final = {False: (16, 18), True: (26, 30)}  # (axis labels, bar labels) px: on a screen, and presenting


def room_odds(bars: list[ProbabilityBar], presenting: bool) -> go.Figure:
    """The chance of each model coming first over the spread of the room's answers."""
    axis, bar_text = CHART_TEXT[presenting]
    fig = go.Figure(
        go.Bar(
            x=[b.probability for b in bars],
            y=[b.name for b in bars],
            orientation="h",
            marker_color=[b.colour for b in bars],
            text=[f"{b.probability:.0%}" for b in bars],
            textposition="auto",
            textfont=dict(size=bar_text),
        )
    )
    fig.update_layout(
        height=(110 if presenting else 60) + (70 if presenting else 44) * len(bars),
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        xaxis=dict(tickformat=".0%", range=[0, 1]),
    )
    fig.update_xaxes(tickfont=dict(size=axis))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=bar_text))
    return fig


def disagreement(data: HeatMap, presenting: bool) -> go.Figure:
    """Each participant's answer to each question, shaded by the share of the room that answered differently."""
    # names are text: plotly would draw <a href> as a link
    columns = [f"{html.escape(m)}<br>{html.escape(r.split(' (')[0])}" for m, r in zip(data.members, data.roles)]
    fig = go.Figure(
        go.Heatmap(
            z=data.disagreement,  # None: no value given, drawn as a gap with its words
            x=list(range(len(columns))),
            y=data.questions,
            text=[[html.escape(a) for a in row] for row in data.answers],
            texttemplate="%{text}",
            hovertemplate="%{y}: %{text}<br>%{z:.0%} of the room answered differently<extra></extra>",
            colorscale=[[0, "#f1f5f9"], [0.5, "#fdba74"], [1, "#c2410c"]],
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar=dict(title="Differs", tickformat=".0%"),
        )
    )
    fig.update_layout(
        height=140 + 48 * len(data.questions),
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        xaxis=dict(tickmode="array", tickvals=list(range(len(columns))), ticktext=columns, side="top"),
    )
    axis = CHART_TEXT[presenting][0]
    fig.update_xaxes(tickfont=dict(size=axis))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=axis))
    return fig
