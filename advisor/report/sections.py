"""The report's optional sections: a scenario comparison and a portfolio, as template data and SVG charts."""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from ..inputs.money import Currency, money
from ..inputs.table import NAME
from ..present.chart_data import BASELINE_COLOUR
from ..present.portfolio import Summary
from ..present.scenarios import Comparison
from ..present.weights import percent
from ..rules.loader import knowledge
from .figures import WIDTH, new_figure, svg_text
from .plain import clean

PORTFOLIO_ROWS: Final = 60  # processes printed; the full table is the CSV or XLSX download


def scenario_section(c: Comparison) -> tuple[dict[str, Any], str]:
    names = [clean(n) for n in c.names]
    data = {
        "names": names,
        "results": [[line.title, *line.values] for line in c.results],
        "differ": [[line.title, *line.values] for line in c.answers if line.differs],
    }
    return data, _scenario_chart(c)


def _scenario_chart(c: Comparison) -> str:
    bars = c.costs
    labels = [clean(b.scenario)[:40] for b in bars]
    fig, ax = new_figure(0.7 + 0.45 * len(bars), labels, legend_below=True)
    y = list(range(len(bars)))
    cur = c.currency
    ax.barh(
        y,
        [cur.of_usd(b.high - b.low) for b in bars],
        left=[cur.of_usd(b.low) for b in bars],
        color=[b.colour for b in bars],
        height=0.55,
    )
    for i, b in enumerate(bars):
        middle = cur.of_usd((b.low + b.high) / 2)
        ax.text(middle, i, b.model, ha="center", va="center", color="white", fontsize=8, weight="bold")
    horizon = knowledge().cost_model.horizon
    today = f"{horizon.figure_words} as today"
    ax.scatter([cur.of_usd(b.today) for b in bars], y, marker="D", color=BASELINE_COLOUR, zorder=3, label=today)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    if cur.is_usd:
        ax.xaxis.set_major_formatter(lambda v, _: f"${v / 1e6:,.1f}M")
    else:
        ax.xaxis.set_major_formatter(lambda v, _: money(cur.to_usd(v), cur, "short"))
    ax.set_xlabel(f"{horizon.adjective.capitalize()} cost under the recommended model, low to high ({cur.code})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), frameon=False, fontsize=8)
    return svg_text(fig)


def portfolio_section(name: str, s: Summary, frame: pd.DataFrame) -> tuple[dict[str, Any], str]:
    assessed = frame[frame["error"] == ""]
    shown = assessed.head(PORTFOLIO_ROWS)
    data = {
        "file": clean(name),
        "processes": f"{s.processes:,}",
        "assessed": f"{s.processes - s.with_problems:,}",
        "problems": f"{s.with_problems:,}",
        "close_calls": f"{s.close_calls:,}",
        "in_house": f"{s.in_house:,}",
        "headcount": f"{s.headcount:,}",
        "today": money(s.today, s.currency),
        "saving": f"{money(s.saving_low, s.currency, 'signed')} to {money(s.saving_high, s.currency, 'signed')}",
        "models": [
            [
                line.model,
                f"{line.processes:,}",
                f"{line.headcount:,}",
                money(line.saving_low, s.currency, "signed"),
                money(line.saving_high, s.currency, "signed"),
            ]
            for line in s.lines
        ],
        "rows": [
            [
                clean(str(r[NAME])),
                str(r["recommendation"]),
                str(r["advice"]),
                str(r["runner_up"]) or "-",
                f"{r['margin']:.0f}",
                "yes" if r["close_call"] else "",
                "" if pd.isna(r["weights_share"]) else percent(float(r["weights_share"])),
                str(r["location"]),
                _range(r["cost_3y_low_usd"], r["cost_3y_high_usd"], s.currency),
                _range(r["saving_3y_low_usd"], r["saving_3y_high_usd"], s.currency),
            ]
            for _, r in shown.iterrows()
        ],
        "shown": f"{len(shown):,}",
        "problem_rows": [
            [str(r["row"]), clean(str(r[NAME])), clean(str(r["error"]))]
            for _, r in frame[frame["error"] != ""].head(20).iterrows()
        ],
    }
    return data, _portfolio_chart(s)


def _range(low: Any, high: Any, currency: Currency) -> str:
    if pd.isna(low) or pd.isna(high):
        return "-"
    return f"{money(float(low), currency, 'signed')} to {money(float(high), currency, 'signed')}"


def _portfolio_chart(s: Summary) -> str:
    lines = s.lines
    fig, ax = new_figure(2.6)
    x = list(range(len(lines)))
    ax.bar(x, [line.processes for line in lines], color=[line.colour for line in lines], width=0.6)
    for i, line in enumerate(lines):
        ax.annotate(
            f"{line.processes:,}\n({line.headcount:,} people)",
            (i, line.processes),
            ha="center",
            va="bottom",
            fontsize=7.5,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_xticks(x, [line.model for line in lines])
    ax.set_ylabel("Processes")
    ax.set_ylim(0, max(line.processes for line in lines) * 1.3 + 1)
    ax.grid(axis="x", visible=False)
    fig.set_size_inches(WIDTH, 2.6)
    return svg_text(fig)
