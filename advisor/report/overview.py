"""The reports of a page that shows many analyses at once: a portfolio, or a scenario comparison.

Each is its own report (overview.typ): a cover naming what it is, the summary, the tables, the problems,
the method and the sources; not the report of the questionnaire's answers with a section added. The data
is JSON through typst's sys_inputs (user text is never markup); the charts are matplotlib SVG drawn from
the same chart data as the screen's plotly charts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Final

import pandas as pd
import typst

from ..inputs.money import USD, Currency, money
from ..inputs.table import NAME
from ..present import fonts
from ..present.chart_data import BASELINE_COLOUR
from ..present.portfolio import IN_HOUSE, NO_FIT, ModelLine, PortfolioReport
from ..present.scenarios import Comparison
from ..present.weights import percent
from ..rules.loader import knowledge
from .build import font_paths
from .figures import new_figure, svg_text
from .plain import clean
from .sections import scenario_section

TEMPLATE: Final = Path(__file__).with_name("overview.typ")
PORTFOLIO_ROWS: Final = 200  # processes printed; the full table is the CSV or XLSX download
PROBLEM_ROWS: Final = 100  # rows with problems printed, each with every problem it has


def _common(company: str, today: dt.date) -> dict[str, Any]:
    k = knowledge()
    horizon = k.cost_model.horizon
    return {
        # the cost horizon in words: "three years", "Three-year", "3-year" (cost_model.yaml horizon_months)
        "horizon": {
            "words": horizon.words,
            "adjective": horizon.adjective.capitalize(),
            "figure": horizon.figure_adjective,
        },
        "company": clean(company),
        "date": today.strftime("%d %B %Y"),
        "documents": [[d.file, d.title] for d in k.documents],
        "scoring_method": list(k.scoring.method),
        "cost_method": list(k.cost_model.method),
        "portfolio": None,
        "scenarios": None,
    }


# ---- the portfolio report


def portfolio_data(p: PortfolioReport, company: str, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    s, frame = p.summary, p.frame
    assessed = frame[frame["error"] == ""]
    shown = assessed.head(PORTFOLIO_ROWS)
    problems = frame[frame["error"] != ""]
    title = clean(p.heading)
    data = _common(company, today) | {
        "kicker": "PORTFOLIO ASSESSMENT",
        "title": title,
        "subtitle": f"{s.processes:,} processes from {clean(p.file_name)}",
        "running_head": f"Portfolio: {title}",
    }
    data["portfolio"] = {
        "file": clean(p.file_name),
        "processes": f"{s.processes:,}",
        "assessed": f"{s.processes - s.with_problems:,}",
        "problems": f"{s.with_problems:,}",
        "close_calls": f"{s.close_calls:,}",
        "in_house": f"{s.in_house:,}",
        "headcount": f"{s.headcount:,}",
        "today": money(s.today, s.currency),
        "saving": _range(s.saving_low, s.saving_high, s.currency),
        "models": [_model_line(line, s.currency) for line in s.lines if line.processes],
        "rows": [_process(r, s.currency) for _, r in shown.iterrows()],
        "shown": f"{len(shown):,}",
        "more": len(assessed) > len(shown),
        "problem_rows": [
            [str(r["row"]), clean(str(r[NAME])), clean(str(r["error"]))]
            for _, r in problems.head(PROBLEM_ROWS).iterrows()
        ],
        "problems_more": f"{len(problems) - PROBLEM_ROWS:,}" if len(problems) > PROBLEM_ROWS else "",
        "close_margin": f"{knowledge().scoring.close_call_margin:g}",
    }
    charts = {"models": models_chart(s.lines)}
    saving = savings_chart(s.lines, s.currency)
    if saving is not None:
        charts["savings"] = saving
    return data, charts


def _model_line(line: ModelLine, currency: Currency) -> list[str]:
    moves = line.model not in (IN_HOUSE, NO_FIT)
    saving = _range(line.saving_low, line.saving_high, currency, short=True) if moves else "stays as today"
    cost = _range(line.cost_low, line.cost_high, currency, signed=False, short=True)
    return [line.model, f"{line.processes:,}", f"{line.headcount:,}", cost, saving]


def _process(r: pd.Series, currency: Currency) -> list[str]:
    """One assessed process as the printed table shows it; amounts short ("$1.9M"), the download has them whole."""
    runner = str(r["runner_up"])
    close = " (close call)" if r["close_call"] else ""
    return [
        clean(str(r[NAME])),
        f"{r['recommendation']}: {r['advice']}",
        f"{runner}, {r['margin']:.0f} behind{close}" if runner else "none",
        "" if pd.isna(r["weights_share"]) else percent(float(r["weights_share"])),
        str(r["location"]),
        _range(r["cost_3y_low_usd"], r["cost_3y_high_usd"], currency, signed=False, short=True),
        _range(r["saving_3y_low_usd"], r["saving_3y_high_usd"], currency, short=True),
    ]


def _range(low: Any, high: Any, currency: Currency, signed: bool = True, short: bool = False) -> str:
    """Money from low to high; a negative amount with a minus sign, which never ends a line."""
    if pd.isna(low) or pd.isna(high):
        return "-"

    def words(value: float) -> str:
        text = money(abs(value), currency, "short" if short else "whole")
        return ("\u2212\u2060" if signed and value < 0 else "") + text  # minus, word joiner: no break after it

    low, high = words(float(low)), words(float(high))
    return low if low == high else f"{low} to {high}"


def models_chart(lines: list[ModelLine]) -> str:
    """Processes per recommended model, with the people they hold (the screen's compare_charts.portfolio_models)."""
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
    ax.set_ylim(0, max((line.processes for line in lines), default=0) * 1.3 + 1)
    ax.grid(axis="x", visible=False)
    return svg_text(fig)


def savings_chart(lines: list[ModelLine], currency: Currency = USD) -> str | None:
    """The saving range over the horizon per recommended model (the screen's compare_charts.portfolio_savings)."""
    shown = [line for line in lines if line.processes and line.model not in (NO_FIT, IN_HOUSE)]
    if not shown:
        return None
    labels = [line.model for line in shown]
    fig, ax = new_figure(0.8 + 0.42 * len(shown), labels)
    y = list(range(len(shown)))
    rate = currency.per_usd  # drawn in the shown currency
    widths = [(line.saving_high - line.saving_low) * rate for line in shown]
    left = [line.saving_low * rate for line in shown]
    ax.barh(y, widths, left=left, color=[line.colour for line in shown], height=0.55)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.axvline(0, color=BASELINE_COLOUR, linewidth=0.8)
    ax.xaxis.set_major_locator(_few_ticks())
    ax.xaxis.set_major_formatter(
        lambda v, _: ("\u2212" if v < 0 else "") + money(currency.to_usd(abs(v)), currency, "short")
    )
    ax.set_xlabel(f"{knowledge().cost_model.horizon.adjective.capitalize()} saving, low to high ({currency.code})")
    return svg_text(fig)


def _few_ticks() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10])


# ---- the scenario comparison report


def scenarios_data(c: Comparison, company: str, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    section, chart = scenario_section(c)
    names = section["names"]
    data = _common(company, today) | {
        "kicker": "SCENARIO COMPARISON",
        "title": " · ".join(names) if len(" · ".join(names)) <= 90 else f"{len(names)} scenarios",
        "subtitle": f"{len(names)} scenarios side by side",
        "running_head": f"Scenario comparison: {len(names)} scenarios",
    }
    data["scenarios"] = section
    return data, {"scenarios": chart}


# ---- rendering


def render(data: dict[str, Any], charts: dict[str, str]) -> bytes:
    """The overview PDF of `data` (portfolio_data or scenarios_data) and its SVG charts."""
    svgs = {f"chart_{name}": svg for name, svg in charts.items()}
    needs_cjk = fonts.needs_cjk(json.dumps(data, ensure_ascii=False), *svgs.values())
    paths = font_paths(needs_cjk)
    data["missing_font"] = fonts.MISSING_NOTE if needs_cjk and len(paths) == 1 else ""
    pdf: bytes = typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),
        font_paths=paths,
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False), **svgs},
        format="pdf",
    )
    return pdf


def portfolio_pdf(p: PortfolioReport, company: str = "", today: dt.date | None = None) -> bytes:
    return render(*portfolio_data(p, company, today or dt.date.today()))


def scenarios_pdf(c: Comparison, company: str = "", today: dt.date | None = None) -> bytes:
    return render(*scenarios_data(c, company, today or dt.date.today()))
