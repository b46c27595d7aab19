"""Matplotlib SVG renderings of the same chart data the screen draws with plotly."""

from __future__ import annotations

import io
import math
from typing import Any, Final

import matplotlib
import matplotlib.ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure  # Figure, not pyplot: no global figure registry shared by sessions
from matplotlib.patches import Patch

from ..decide.analysis import Analysis
from ..decide.scorer import NO_FIT
from ..inputs.money import money
from ..present.chart_data import (
    BASELINE_COLOUR,
    MODEL_COLOURS,
    cost_series,
    head_to_head,
    probability_bars,
    score_bars,
    short_name,
    timeline_bars,
    what_if,
)
from ..present.room import HeatMap
from ..rules.loader import knowledge

STYLE: Final[dict[str, Any]] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9ca3af",
    "axes.grid": True,
    "grid.color": "#e5e7eb",
    "axes.axisbelow": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "advisor",  # text stays text (typst draws it in DejaVu); stable ids
}
WIDTH: Final = 6.3  # inches: the text width of the A4 page
CHAR: Final = 0.58  # a DejaVu Sans character's average width, in font sizes


def _fitted(text: str, room: float, largest: float = 7.5, smallest: float = 5.5) -> tuple[str, float] | None:
    """Text that fits `room` points of width: at the largest size that fits, else wrapped onto two
    lines at a space or hyphen; None when even that does not fit."""
    size = min(largest, room / (len(text) * CHAR))
    if size >= smallest:
        return text, size
    cut = max(text.rfind(" ", 0, len(text) // 2 + 4), text.rfind("-", 0, len(text) // 2 + 4))
    if cut > 0:
        lines = (text[: cut + (text[cut] == "-")].strip(), text[cut + 1 :].strip())
        size = min(largest, room / (max(map(len, lines)) * CHAR))
        if size >= smallest:
            return "\n".join(lines), size
    return None


matplotlib.rcParams.update(STYLE)  # type: ignore[arg-type]  # set once at import, never changed after


def svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def new_figure(height: float, labels: list[str] | None = None, legend_below: bool = False) -> tuple[Figure, Axes]:
    """A figure with fixed margins sized to its y labels: no layout engine, so it is drawn once."""
    fig = Figure(figsize=(WIDTH, height))
    widest = max((len(t) for t in labels or ["00000"]), default=5)
    fig.subplots_adjust(
        left=min(0.4, (widest * 0.075 + 0.3) / WIDTH),
        right=0.97,
        top=1 - 0.12 / height,
        bottom=(0.75 if legend_below else 0.5) / height,
    )
    return fig, fig.subplots()


def scores(a: Analysis) -> str:
    bars = score_bars(a)
    names = [b.name + (f" ({b.status})" if b.status else "") for b in bars]
    fig, ax = new_figure(0.45 * len(bars) + 0.5, names)
    drawn = ax.barh(
        names,
        [b.score for b in bars],
        color=[b.colour for b in bars],
        hatch=["//" if b.excluded else "" for b in bars],
        edgecolor="white",
    )
    ax.bar_label(drawn, labels=[b.label for b in bars], padding=3)
    ax.invert_yaxis()
    ax.set_xlim(0, 108)
    ax.set_xlabel("Score (0-100)")
    ax.grid(axis="y", visible=False)
    return svg_text(fig)


def head_to_head_chart(a: Analysis) -> str | None:
    data = head_to_head(a)
    if data is None:
        return None
    fig, ax = new_figure(0.32 * len(data.factors) + 0.8, data.factors)
    rows = range(len(data.factors))
    ax.barh(
        [r - 0.2 for r in rows],
        data.winner_points,
        height=0.38,
        color=MODEL_COLOURS[a.result.recommendation or NO_FIT],
        label=data.winner,
    )
    ax.barh(
        [r + 0.2 for r in rows],
        data.runner_up_points,
        height=0.38,
        color=MODEL_COLOURS[a.result.runner_up or ""],
        hatch="xx",
        edgecolor="white",
        label=data.runner_up,
    )
    ax.set_yticks(list(rows), data.factors)
    ax.invert_yaxis()
    ax.axvline(0, color="#6b7280", linewidth=0.8)
    ax.set_xlabel("Points from this answer")
    ax.legend(loc="lower right", frameon=False)
    ax.grid(axis="y", visible=False)
    return svg_text(fig)


def what_if_chart(a: Analysis) -> str | None:
    rows = what_if(a)
    if not rows:
        return None
    names = {m: short_name(m, knowledge()) for m in MODEL_COLOURS}
    fig, ax = new_figure(0.42 * len(rows) + 0.8, [r.label for r in rows], legend_below=True)
    columns = max(len(r.cells) for r in rows)
    params = fig.subplotpars
    cell = WIDTH * (params.right - params.left) * 72 / columns * 0.96 - 4  # points inside one cell
    for y, row in enumerate(rows):
        for x, box in enumerate(row.cells):
            ax.barh(
                y,
                0.96,
                left=x,
                color=MODEL_COLOURS[box.model],
                edgecolor="#111" if box.current else "white",
                linewidth=2.2 if box.current else 0.5,
            )
            fitted = _fitted(("▶ " if box.current else "") + box.label, room=cell)
            if fitted:
                ax.text(x + 0.48, y, fitted[0], ha="center", va="center", color="white", fontsize=fitted[1])
    ax.set_xlim(0, columns)
    ax.set_yticks(range(len(rows)), [r.label for r in rows])
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    used = sorted({c.model for r in rows for c in r.cells}, key=list(MODEL_COLOURS).index)
    ax.legend(
        handles=[Patch(color=MODEL_COLOURS[m], label=names[m]) for m in used],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(used),
        frameon=False,
    )
    return svg_text(fig)


def probabilities(a: Analysis) -> str | None:
    bars = probability_bars(a)
    if not bars:
        return None
    fig, ax = new_figure(2.6, ["100% + axis"])
    drawn = ax.bar([b.name for b in bars], [b.probability for b in bars], color=[b.colour for b in bars])
    ax.bar_label(drawn, labels=[f"{b.probability:.0%}" for b in bars], padding=2)
    ax.set_ylim(0, 1.12)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel("Chance of coming first")
    ax.grid(axis="x", visible=False)
    return svg_text(fig)


def cumulative_cost(a: Analysis) -> str:
    data, currency = cost_series(a), a.currency
    fig, ax = new_figure(2.8, ["$150M + axis"])

    def shown(usd: list[float]) -> list[float]:
        return [currency.of_usd(v) for v in usd]

    for name, (low, high) in ((n, (shown(lo), shown(hi))) for n, (lo, hi) in data.bands.items()):
        ax.fill_between(data.months, low, high, color=data.colours[name], alpha=0.22, linewidth=0)
        ax.plot(data.months, low, color=data.colours[name], linewidth=2, label=f"{name} (low-high range)")
        ax.plot(data.months, high, color=data.colours[name], linewidth=0.8)
    ax.plot(data.months, shown(data.baseline), color=BASELINE_COLOUR, linestyle="--", linewidth=2, label="Today's cost")
    ax.set_xlabel("Month")
    ax.set_xticks(range(0, len(data.months) + 1, 6))
    ticks = _money if currency.is_usd else lambda v, _: money(currency.to_usd(v), currency, "short")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(ticks))
    ax.set_ylabel(f"Cumulative cost ({currency.code})")
    ax.legend(frameon=False, loc="upper left")
    return svg_text(fig)


def _money(value: float, _: object) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"${value / size:g}{suffix}"
    return f"${value:g}"


def timeline(a: Analysis) -> str:
    bars = timeline_bars(a)
    models = list(dict.fromkeys(b.model for b in bars))
    fig, ax = new_figure(2.6, models)
    params = fig.subplotpars
    span = max(b.start + b.high for b in bars) * 1.05
    per_month = WIDTH * (params.right - params.left) * 72 / span  # points per month on the axis
    ax.set_xlim(0, span)
    for b in bars:
        y = models.index(b.model)
        ax.barh(y, b.low, left=b.start, color=b.colour, alpha=1.0 if b.steady else 0.45, edgecolor="white")
        if b.high > b.low:
            ax.barh(y, b.high - b.low, left=b.start + b.low, color=b.colour, alpha=0.25, hatch="//", edgecolor="white")
        fitted = _fitted(b.phase, room=b.low * per_month - 4) if b.labelled else None
        if fitted:
            ax.text(
                b.start + b.low / 2,
                y,
                fitted[0],
                ha="center",
                va="center",
                fontsize=fitted[1],
                color="white" if b.steady else "#111",
            )
    ax.set_yticks(range(len(models)), models)
    ax.invert_yaxis()
    ax.set_xlabel("Months from the decision")
    ax.grid(axis="y", visible=False)
    return svg_text(fig)


# ---- workshops

CELL_TEXT_UP_TO: Final = 10  # participants; beyond this the answers no longer fit in the cells


def disagreement(heat: HeatMap) -> str | None:
    """The workshop heat map: question by participant (grouped by role), dark where a participant is in a minority."""
    if not heat.members or not heat.questions:
        return None
    from matplotlib.colors import LinearSegmentedColormap

    height = 1.2 + 0.28 * len(heat.questions) + 0.09 * max(len(m) for m in heat.members)
    fig, ax = new_figure(height, heat.questions)
    fig.subplots_adjust(
        bottom=(0.2 + 0.075 * max(len(m) for m in heat.members)) / height, right=0.9, top=1 - 0.35 / height
    )
    cmap = LinearSegmentedColormap.from_list("differs", ["#f1f5f9", "#fdba74", "#c2410c"]).with_extremes(
        bad="#ffffff"  # no value given (unanswered, "not sure"): white, its words in the cell
    )
    shares = [[math.nan if v is None else v for v in row] for row in heat.disagreement]
    image = ax.imshow(shares, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.grid(False)
    if len(heat.members) <= CELL_TEXT_UP_TO:
        for row, answers in enumerate(heat.answers):
            for column, answer in enumerate(answers):
                gap = heat.disagreement[row][column] is None  # unanswered or "not sure": grey, italic
                ax.text(
                    column,
                    row,
                    answer,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="#64748b" if gap else "#1f2937",
                    fontstyle="italic" if gap else "normal",
                )
    ax.set_yticks(range(len(heat.questions)), heat.questions)
    ax.set_xticks(range(len(heat.members)), heat.members, rotation=90)
    starts = [0, *[i for i in range(1, len(heat.roles)) if heat.roles[i] != heat.roles[i - 1]]]
    for start, end in zip(starts, [*starts[1:], len(heat.roles)]):
        if start:
            ax.axvline(start - 0.5, color="#1f2937", linewidth=1.2)
        ax.text((start + end - 1) / 2, -0.6, heat.roles[start].split(" (")[0], ha="center", va="bottom", fontsize=7.5)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, format=matplotlib.ticker.PercentFormatter(1.0))
    bar.set_label("answered differently")
    return svg_text(fig)
