"""A scenario comparison as template data and an SVG chart (its report: overview.py)."""

from __future__ import annotations

from typing import Any

from matplotlib.ticker import MaxNLocator

from ..inputs.money import money
from ..present.chart_data import BASELINE_COLOUR
from ..present.scenarios import Comparison, cost_axis_end
from ..rules.loader import knowledge
from .figures import new_figure, svg_text
from .plain import clean


def scenario_section(c: Comparison) -> tuple[dict[str, Any], str]:
    names = [clean(n) for n in c.names]
    data = {
        "names": names,
        "results": [[line.title, *line.values] for line in c.results],
        "differ": [[line.title, *line.values] for line in c.answers if line.differs],
    }
    return data, _scenario_chart(c)


def _scenario_chart(c: Comparison) -> str:
    """The screen's compare_charts.scenario_costs on paper: the same bars, labels and axis end."""
    bars = c.costs
    end = cost_axis_end(bars)
    labels = [f"{clean(b.label[0])[:40]}\n{b.label[1]}" for b in bars]
    fig, ax = new_figure(1.1 + 0.55 * len(bars), [line for t in labels for line in t.split("\n")], legend_below=True)
    fig.subplots_adjust(bottom=0.95 / (1.1 + 0.55 * len(bars)))
    y = list(range(len(bars)))
    drawn = [b.drawn(end) for b in bars]
    cur = c.currency
    rate = cur.per_usd  # drawn in the shown currency
    ax.barh(
        y,
        [w * rate for _, w in drawn],
        left=[x * rate for x, _ in drawn],
        color=[b.colour for b in bars],
        height=0.5,
    )
    horizon = knowledge().cost_model.horizon
    today = f"{horizon.figure_words} as today"
    ax.scatter([b.today * rate for b in bars], y, marker="D", s=28, color=BASELINE_COLOUR, zorder=3, label=today)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, end * rate)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(lambda v, _: money(cur.to_usd(v), cur, "short"))
    ax.set_xlabel(f"{horizon.adjective.capitalize()} cost ({cur.code})")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="lower center", ncols=2, frameon=False, fontsize=8)
    return svg_text(fig)
