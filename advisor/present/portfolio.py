"""A portfolio's results as one table (screen, files and PDF) and its summary per model."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from ..decide.advice import KINDS
from ..decide.portfolio import NONE, Assessed
from ..inputs.fields import NUMBER_FIELDS
from ..inputs.money import USD, Currency
from ..inputs.table import ANSWER_COLUMNS, NAME, RESULT_COLUMNS, Table, cell_text
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import LOCATIONS
from .chart_data import EXCLUDED_COLOUR, MODEL_COLOURS, short_name

NO_FIT: Final = "No fit"
IN_HOUSE: Final = "Kept in-house"  # the summary's line for processes advised to stay as today


def column_titles(k: Knowledge | None = None) -> dict[str, str]:
    """Result columns as people read them; the files use the same names (the reader ignores them)."""
    horizon = (k or knowledge()).cost_model.horizon
    return {
        "row": "Row",
        NAME: "Process",
        "error": "Problems",
        "recommendation": "Recommendation",
        "advice": "Advice",
        "runner_up": "Runner-up",
        "margin": "Margin",
        "close_call": "Close call",
        "weights_share": "Holds under weightings",  # share of reasonable weightings it stays first under
        "location": "Location",
        "cost_3y_low_usd": f"{horizon.figure_adjective} cost, low",
        "cost_3y_high_usd": f"{horizon.figure_adjective} cost, high",
        "today_3y_usd": f"{horizon.figure_words} as today",
        "today_per_fte_usd": "Cost per person today",  # the answer, or the suggested default where it is empty
        "saving_3y_low_usd": "Saving, low",
        "saving_3y_high_usd": "Saving, high",
        # where a row names another currency: the same figures in it, beside the US-dollar columns
        "shown_in": "Shown in",
        "exchange_rate": "Units per US dollar",
        "cost_3y_low": f"{horizon.figure_adjective} cost, low (row's currency)",
        "cost_3y_high": f"{horizon.figure_adjective} cost, high (row's currency)",
        "today_3y": f"{horizon.figure_words} as today (row's currency)",
        "today_per_fte": "Cost per person today (row's currency)",
        "saving_3y_low": "Saving, low (row's currency)",
        "saving_3y_high": "Saving, high (row's currency)",
    }


MONEY_COLUMNS: Final = tuple(c for c in RESULT_COLUMNS if c.endswith("_usd"))  # shown as dollars


def _names(codes: np.ndarray, location: np.ndarray, k: Knowledge, none: str) -> np.ndarray:
    """Each row's model as people read it where it is delivered (onshore ITES/BPO is domestic BPO)."""
    names = np.array(
        [[short_name(m, k, place) for place in LOCATIONS] for m in k.scoring.model_order] + [[none] * len(LOCATIONS)],
        dtype=object,
    )
    picked: np.ndarray = names[np.where(codes == NONE, len(names) - 1, codes), location]
    return picked


def advice_words(a: Assessed, k: Knowledge) -> np.ndarray:
    """What each row's headline says, as the page says it for the same answers (advice.py): "Recommended",
    "Weak fit", "Weigh the cost", or the in-house outcome ("Keep it in-house", "Hire directly", ...)."""
    titles = np.array([e.title for e in k.in_house] + [""], dtype=object)
    words = np.where(a.weak, "Weak fit", "Recommended").astype(object)
    words = np.where(a.advice == KINDS.index("weigh_cost"), "Weigh the cost", words)
    return np.where(a.in_house >= 0, titles[a.in_house], words)


def results_table(table: Table, a: Assessed, k: Knowledge | None = None, words: bool = False) -> pd.DataFrame:
    """One row per process in the file's order, valid or not: its results, or its problems (naming the
    column, or with `words` the question as the screen labels it); then its answers as read."""
    k = k or knowledge()
    valid = np.array([r.answers is not None for r in table.rows], dtype=bool)
    n = len(table.rows)

    def spread(values: np.ndarray, fill: Any) -> np.ndarray:
        out = np.full(n, fill, dtype=object if values.dtype == object else np.result_type(values, type(fill)))
        out[valid] = values
        return out

    def dollars(values: np.ndarray) -> pd.arrays.IntegerArray:
        whole = spread(np.round(values), np.nan)
        return pd.array([None if np.isnan(v) else v for v in whole], dtype="Int64")

    frame = pd.DataFrame(
        {
            "row": [r.number for r in table.rows],
            NAME: [r.name for r in table.rows],
            "error": [" ".join(p.text if words else p.problem for p in r.problems) for r in table.rows],
            "recommendation": spread(_names(a.recommendation, a.location, k, NO_FIT), ""),
            "advice": spread(advice_words(a, k), ""),
            "runner_up": spread(_names(a.runner_up, a.location, k, ""), ""),
            "margin": spread(a.margin, np.nan),
            "close_call": pd.array(spread(a.close_call.astype(object), None), dtype="boolean"),
            "weights_share": spread(a.weights_share, np.nan),
            "location": spread(np.array(LOCATIONS, dtype=object)[a.location], ""),
            "cost_3y_low_usd": dollars(a.cost_low),
            "cost_3y_high_usd": dollars(a.cost_high),
            "today_3y_usd": dollars(a.today),
            "today_per_fte_usd": dollars(a.today_per_fte),
            "saving_3y_low_usd": dollars(a.today - a.cost_high),
            "saving_3y_high_usd": dollars(a.today - a.cost_low),
        }
    )
    currencies = [k.currency(r.answers) if r.answers is not None else None for r in table.rows]
    if any(c is not None and not c.is_usd for c in currencies):  # beside the US-dollar columns, which stay
        frame["shown_in"] = [c.code if c else "" for c in currencies]
        frame["exchange_rate"] = [c.per_usd if c else np.nan for c in currencies]
        for column in MONEY_COLUMNS:
            frame[column.removesuffix("_usd")] = [
                np.nan if c is None or pd.isna(v) else round(c.of_usd(float(v)))
                for c, v in zip(currencies, frame[column])
            ]
    answers = pd.DataFrame([r.cells for r in table.rows], columns=[c for c in ANSWER_COLUMNS if c in table.columns])
    for column in answers.columns:  # as text: a column may mix numbers and what a user mistyped
        answers[column] = answers[column].map(lambda v: ";".join(v) if isinstance(v, list) else cell_text(v))
    return pd.concat([frame, answers], axis=1)


@dataclass(frozen=True)
class ModelLine:
    model: str  # short name, or NO_FIT
    colour: str
    processes: int
    headcount: int
    saving_low: float
    saving_high: float
    cost_low: float = 0.0  # three years under the model (for processes kept in-house: as today)
    cost_high: float = 0.0


@dataclass(frozen=True)
class Summary:
    processes: int
    with_problems: int
    close_calls: int
    in_house: int  # processes whose advice is to keep the work in-house or hire directly
    headcount: int
    today: float
    saving_low: float
    saving_high: float
    lines: list[ModelLine]
    currency: Currency = USD  # the rows' currency when they all name the same one, else US dollars


def summary(a: Assessed, table: Table, k: Knowledge | None = None) -> Summary:
    """Processes, headcount and the saving range per recommended model, and in total. A process whose
    advice is to keep it in-house (or hire directly) saves nothing: it stays as today."""
    k = k or knowledge()
    lines = []
    moves = np.isin(a.advice, [KINDS.index("recommend"), KINDS.index("weigh_cost")])
    for index, model in [*enumerate(k.scoring.model_order), (NONE, "")]:
        rows = (a.recommendation == index) & (moves | (index == NONE))
        if index == NONE and not rows.any():
            continue
        lines.append(
            ModelLine(
                k.short(model) if model else NO_FIT,
                MODEL_COLOURS[model] if model else EXCLUDED_COLOUR,
                int(rows.sum()),
                int(a.headcount[rows].sum()),
                float(np.nansum(a.today[rows] - a.cost_high[rows])) if model else 0.0,
                float(np.nansum(a.today[rows] - a.cost_low[rows])) if model else 0.0,
                float(np.nansum(a.cost_low[rows] if model else a.today[rows])),
                float(np.nansum(a.cost_high[rows] if model else a.today[rows])),
            )
        )
    fits = a.recommendation != NONE
    in_house = ~moves
    if in_house.any():
        lines.append(
            ModelLine(
                IN_HOUSE,
                EXCLUDED_COLOUR,
                int(in_house.sum()),
                int(a.headcount[in_house].sum()),
                0.0,
                0.0,
                float(np.nansum(a.today[in_house])),
                float(np.nansum(a.today[in_house])),
            )
        )
        lines = [line for line in lines if line.model != NO_FIT]  # no fit is kept in-house too
    return Summary(
        processes=len(table.rows),
        with_problems=len(table.rows) - len(a),
        close_calls=int(a.close_call.sum()),
        in_house=int(in_house.sum()),
        headcount=int(a.headcount.sum()),
        today=float(a.today[fits & moves].sum()),
        saving_low=sum(line.saving_low for line in lines),
        saving_high=sum(line.saving_high for line in lines),
        lines=lines,
        currency=table_currency(table, k),
    )


@dataclass(frozen=True)
class PortfolioReport:
    """What the Portfolio page shows: the file, the title the user gave (or the file's name), the summary
    and the results table (one row per process, with the problems in people's words)."""

    file_name: str
    summary: Summary
    frame: pd.DataFrame
    title: str = ""

    @property
    def heading(self) -> str:
        return self.title.strip() or self.file_name.rsplit(".", 1)[0] or "Portfolio"


def table_currency(table: Table, k: Knowledge | None = None) -> Currency:
    """The currency a portfolio's money is shown in: the rows' own when they all agree, else US dollars."""
    k = k or knowledge()
    shown = {k.currency(r.answers) for r in table.rows if r.answers is not None}
    return shown.pop() if len(shown) == 1 else USD


# ---- files: a spreadsheet never runs a cell as a formula

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


_NUMBER: Final = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made plain text with a leading apostrophe; a number
    written as text ("-5", as a row with problems gives it) is a number, not a formula, and stays as given."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A number answer's cell: a number written as text (a row with problems) as the number it is."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accents right."""
    text: str = _safe(frame).to_csv(index=False)
    return text.encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "Portfolio") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    out = book.create_sheet(sheet)
    out.append(list(frame.columns))
    safe = _safe(frame).astype(object).where(frame.notna(), None)
    numbers = [column in NUMBER_FIELDS for column in frame.columns]
    for row in safe.itertuples(index=False, name=None):
        out.append([_cell(v) if number else v for v, number in zip(row, numbers)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grid_to_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """Plain rows as a workbook, one sheet per entry (the template)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        out = book.create_sheet(title)
        for row in rows:
            out.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
