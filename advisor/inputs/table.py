"""A portfolio spreadsheet (CSV or XLSX) to answers: one process per row, each row validated exactly
like an answers file, with every problem tied to its row, column and value.

File-level problems (not a table, missing or unknown columns, too many rows) raise TableError; a bad
row never stops the others: it is kept with its problems, so nothing is silently dropped.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import ValidationError

from .answers import Answers
from .fields import FIELDS, INTEGER_FIELDS, NUMBER_FIELDS, TEXT_FIELDS, allowed
from .parse import AnswersError, field_problems, validate_answers
from .xlsx import Budget, WorkbookError, sheet_rows

NAME: Final = "name"
MAX_ROWS: Final = 200_000  # the command line's limits
MAX_TABLE_BYTES: Final = 50_000_000
# The app's: what a replica of 512 MiB can hold (about 150 MB above its baseline at 50,000 rows; see README).
APP_MAX_ROWS: Final = 50_000
APP_MAX_BYTES: Final = 10_000_000  # .streamlit/config.toml maxUploadSize
MAX_COLUMNS: Final = 256  # a portfolio has about 30; more is not a portfolio
MAX_LINE: Final = 65_536  # characters in one line of a CSV file (a note is at most 5,000)
MAX_BLANK_ROWS: Final = 100_000
MAX_PROBLEMS: Final = 10_000  # cell problems kept in detail; rows past them are marked, not detailed
MAX_LISTED: Final = 20  # file-level problems listed one by one
# What the advisor writes next to the answers in its results: ignored when a results file is read back.
RESULT_COLUMNS: Final = (
    "row",
    "error",
    "recommendation",
    "advice",
    "runner_up",
    "margin",
    "close_call",
    "weights_share",
    "location",
    "cost_3y_low_usd",
    "cost_3y_high_usd",
    "today_3y_usd",
    "today_per_fte_usd",
    "saving_3y_low_usd",
    "saving_3y_high_usd",
    # where a row names another currency: the same figures in it (present/portfolio.py)
    "shown_in",
    "exchange_rate",
    "cost_3y_low",
    "cost_3y_high",
    "today_3y",
    "today_per_fte",
    "saving_3y_low",
    "saving_3y_high",
)
ANSWER_COLUMNS: Final = tuple(FIELDS)
REQUIRED_COLUMNS: Final = (NAME, *(f for f, info in FIELDS.items() if info.required))
_LIST_SEPARATOR: Final = re.compile(r"[;,|\s]+")
_INTEGER: Final = re.compile(r"[+-]?\d+")


class TableError(AnswersError):
    """A file that cannot be read as a portfolio at all; `problems` holds one message per problem."""


@dataclass(frozen=True)
class CellProblem:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    value: str
    problem: str  # names the column (the command line and ../shared/CONTRACT.md)
    allowed: str
    words: str = ""  # the same problem in people's words (the screen): the question's label, values in words

    @property
    def text(self) -> str:
        return self.words or self.problem


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number
    name: str
    # the answer columns for the results file: as read (numbers converted); for a row with problems, as
    # the file gives them (a number as a number), so that the results file keeps what is to be fixed
    cells: dict[str, Any]
    answers: Answers | None  # None when the row has problems
    problems: list[CellProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the answer columns the file has, in its order
    rows: list[Row]
    notes: list[str]  # how the file was read, e.g. its encoding, or blank rows skipped

    @property
    def valid(self) -> list[Row]:
        return [r for r in self.rows if r.answers is not None]

    @property
    def problems(self) -> list[CellProblem]:
        return [p for r in self.rows for p in r.problems]


# ---- bytes to a grid of cells


def _decode(raw: bytes, notes: list[str]) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    notes.append(
        "The file is not UTF-8, so it was read as Latin-1 (Windows-1252). Check names with accents; "
        "saving it as “CSV UTF-8” avoids this."
    )
    return text


def _csv_rows(raw: bytes, notes: list[str]) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(raw, notes)
    header = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count) if any(d in header for d in ";,\t") else ","
    if delimiter != ",":
        notes.append(f"Columns are separated by {'semicolons' if delimiter == ';' else 'tabs'}.")
    try:
        yield from enumerate(csv.reader(_lines(text), delimiter=delimiter, strict=True), 1)
    except csv.Error as exc:
        raise TableError([f"the file is not a readable CSV table: {printable(str(exc), 200)}."]) from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (no copy of the whole text), each at most MAX_LINE
    characters: that bounds the fields of one record."""
    start, number = 0, 0
    while start < len(text):
        end = text.find("\n", start, start + MAX_LINE + 1)
        if end < 0 and len(text) - start > MAX_LINE:
            raise TableError([f"line {number + 1:,} is longer than {MAX_LINE:,} characters: this is not a portfolio."])
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start, number = end, number + 1


def _xlsx_rows(raw: bytes, max_rows: int) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from sheet_rows(raw, Budget.for_rows(max_rows))
    except WorkbookError as exc:
        raise TableError([f"the file is not a readable XLSX workbook ({printable(str(exc), 200)})."]) from None


def _grid(raw: bytes, filename: str, notes: list[str], max_rows: int) -> Iterator[tuple[int, Sequence[Any]]]:
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(["the file is an old Excel (.xls) workbook: save it as .xlsx or as CSV UTF-8."])
    if suffix == "xlsx" or raw.startswith(b"PK\x03\x04"):
        return _xlsx_rows(raw, max_rows)
    return _csv_rows(raw, notes)


def printable(text: str, limit: int = 60) -> str:
    """Text from a file as it may be echoed (a terminal, a log, a page): control characters written as
    escapes (a NUL byte as \\x00), cut to `limit` characters."""
    shown = "".join(
        ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode() for ch in text[: limit + 1]
    )
    return shown if len(text) <= limit else shown[:limit] + "…"


# ---- cells to answers


def cell_text(cell: Any) -> str:
    """A cell as trimmed text (an empty or NaN cell as "", a whole float without its .0)."""
    if type(cell) is str:  # the common case first: every CSV cell
        return cell.strip()
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _number(field: str, cell: Any) -> Any:
    """A number cell as the answers take it; text that is no number stays text, so validation names it."""
    if isinstance(cell, bool):
        return cell  # validation names it: "got a boolean"
    if not isinstance(cell, (int, float)):
        text = cell_text(cell)
        if _INTEGER.fullmatch(text):
            return int(text)
        try:
            cell = float(text)
        except ValueError:
            return text
    if field in INTEGER_FIELDS and isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


_MISSING: Final = object()


def _value(field: str, cell: Any) -> Any:
    """One cell as an answer value; _MISSING for an empty cell (the field's default applies)."""
    text = cell_text(cell)
    info = FIELDS[field]
    if text == "" or (info.nullable and text.lower() == "null"):
        return None if info.nullable and text else _MISSING
    if info.numeric:
        return _number(field, cell)
    if info.kind == "choices":
        return [v for v in _LIST_SEPARATOR.split(text) if v]
    return text if info.kind == "choice" else str(cell)


def _header(cells: Sequence[Any]) -> tuple[list[str | None], list[str]]:
    """The column each position holds (None: ignored), and the problems with the header (at most
    MAX_LISTED of them, then how many more)."""
    if len(cells) > MAX_COLUMNS:
        return [], [f"the header has {len(cells):,} columns; a portfolio has at most {MAX_COLUMNS}."]
    names = [re.sub(r"[\s-]+", "_", cell_text(c).lower()) for c in cells]
    columns: list[str | None] = []
    problems, seen = [], set()
    for position, name in enumerate(names, 1):
        if name in RESULT_COLUMNS or name == "":
            columns.append(None)
            continue
        if name in seen:
            problems.append(f"column `{printable(name)}` appears more than once; give each column once.")
        elif name != NAME and name not in FIELDS:
            close = difflib.get_close_matches(name, [NAME, *FIELDS], n=1)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            problems.append(f"column {position}, `{printable(name)}`, is not a known column.{hint}")
        seen.add(name)
        columns.append(name)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            what = "the process names" if required == NAME else allowed(required)
            problems.append(f"the required column `{required}` is missing ({what}).")
    if len(problems) > MAX_LISTED:
        problems[MAX_LISTED:] = [f"… and {len(problems) - MAX_LISTED:,} more problems with the header."]
    return columns, problems


def _values(raw: Mapping[str, Any], memo: dict[tuple[str, type, Any], Any] | None = None) -> dict[str, Any]:
    """A row's cells as answer values. `memo` keeps each distinct cell's value for the whole file:
    a column repeats few values, so most cells are looked up instead of converted."""
    memo = {} if memo is None else memo
    out = {}
    for column, cell in raw.items():
        key = (column, type(cell), cell)
        value = memo.get(key, _MISSING)
        if value is _MISSING and key not in memo:
            value = memo[key] = _value(column, cell)
        if value is not _MISSING:
            out[column] = value
    return out


def answers_from_cells(cells: Mapping[str, Any]) -> Answers:
    """One row's answer cells (as a results table holds them) as answers; raises AnswersError."""
    return validate_answers(_values({c: v for c, v in cells.items() if c in FIELDS}))


def _row(
    number: int,
    cells: Sequence[Any],
    columns: list[str | None],
    memo: dict[tuple[str, type, Any], Any],
    detailed: bool = True,
) -> Row:
    raw = {c: cells[i] if i < len(cells) else None for i, c in enumerate(columns) if c is not None}
    name = cell_text(raw.pop(NAME, None)) or f"Row {number}"
    data = _values(raw, memo)
    try:
        answers = Answers.model_validate(data)
    except ValidationError as exc:
        data = _as_given(raw, data)
        if not detailed:
            marked = CellProblem(number, "", "", _UNDETAILED, "", _UNDETAILED[0].upper() + _UNDETAILED[1:])
            return Row(number, name, data, None, [marked])
        problems = [
            CellProblem(number, column, printable(cell_text(raw.get(column))), message, _allowed(column), words)
            for column, message, words in field_problems(exc)
        ]
        return Row(number, name, data, None, problems)
    return Row(number, name, data, answers)


def _as_given(raw: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """A row's cells as the file gives them: its text (trimmed), its numbers as numbers."""
    out = {}
    for column, cell in raw.items():
        value = data.get(column)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number or cell_text(cell):
            out[column] = value if number else cell_text(cell)
    return out


_UNDETAILED: Final = (
    f"this row has problems; the file has more than {MAX_PROBLEMS:,}, so only the first are listed: fix those and "
    "read the file again."
)


def _allowed(column: str) -> str:
    return allowed(column) if column in FIELDS else ""


def read_table(raw: bytes, filename: str = "", max_rows: int = MAX_ROWS) -> Table:
    """Read a portfolio file (CSV in UTF-8 or Latin-1, comma, semicolon or tab separated; or XLSX) of at most
    `max_rows` processes. Every size is bounded (the file, lines, columns, blank rows, the workbook's parts and
    the problems kept), so what a file costs is bounded by the rows it may hold."""
    if len(raw) > MAX_TABLE_BYTES:
        raise TableError([f"the file is {len(raw):,} bytes; at most {MAX_TABLE_BYTES:,} are accepted."])
    if not raw.strip():
        raise TableError(["the file is empty: it needs a header row and one row per process."])
    notes: list[str] = []
    grid = _grid(raw, filename, notes, max_rows)
    header_row, columns = _columns(grid)
    rows, blank, kept = _body(grid, header_row, columns, max_rows)
    if blank:
        notes.append(f"{blank:,} empty row{'s' if blank > 1 else ''} skipped.")
    if kept > MAX_PROBLEMS:
        notes.append(
            f"More than {MAX_PROBLEMS:,} problems: the first are listed in detail; every other row with problems is "
            "marked in the results."
        )
    return Table([c for c in columns if c not in (None, NAME)], rows, notes)


def _columns(grid: Iterator[tuple[int, Sequence[Any]]]) -> tuple[int, list[str | None]]:
    """The first row holding a cell, read from `grid` as the header: its number and the column each position
    holds. A header with problems stops the whole file, since no row can be read without it."""
    first = next(((n, cells) for n, cells in grid if any(cell_text(c) for c in cells)), None)
    if first is None:
        raise TableError(["the file holds no cells: it needs a header row and one row per process."])
    number, header = first
    columns, problems = _header(header)
    if problems:
        raise TableError(problems)
    return number, columns


def _body(
    grid: Iterator[tuple[int, Sequence[Any]]], previous: int, columns: list[str | None], max_rows: int
) -> tuple[list[Row], int, int]:
    """The rows below the header (row `previous`), the blank rows skipped, and the cell problems kept (past
    MAX_PROBLEMS a row's problems are marked, not detailed)."""
    rows: list[Row] = []
    blank = kept = 0
    memo: dict[tuple[str, type, Any], Any] = {}
    for number, cells in grid:
        blank += number - previous - 1  # rows a workbook left out
        previous = number
        if not any(cell_text(c) for c in cells):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                raise TableError([f"the file has more than {MAX_BLANK_ROWS:,} empty rows: delete them."])
            continue
        if len(rows) == max_rows:
            raise TableError([f"the file has more than {max_rows:,} processes; split it into files of at most that."])
        row = _row(number, cells, columns, memo, detailed=kept < MAX_PROBLEMS)
        kept += len(row.problems)
        rows.append(row)
    if not rows:
        raise TableError(["the file has a header row but no processes below it."])
    return rows, blank, kept


def template_rows() -> list[list[Any]]:
    """The header and one example row for a portfolio template."""
    example: dict[str, Any] = {
        NAME: "Accounts payable",
        "headcount": 40,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "outcomes",
        "ip_sensitivity": "low",
        "function": "finance_accounting",
        "regulations": "gdpr;sox",
    }
    header = [NAME, *(f for f in FIELDS if f not in TEXT_FIELDS)]
    return [header, [example.get(c, "" if FIELDS.get(c) is None else _default_cell(c)) for c in header]]


def _default_cell(column: str) -> Any:
    default = FIELDS[column].default
    if default is None or default == []:
        return ""
    return int(default) if isinstance(default, float) and default.is_integer() else default


def allowed_values() -> list[list[str]]:
    """For each column: required or its default, and what it takes (for the template and the app)."""
    rows = [["name", "required", "the process's name, any text"]]
    for f, info in FIELDS.items():
        if f in TEXT_FIELDS:
            continue
        need = "required" if info.required else f"optional; empty means {_default_words(f)}"
        what = allowed(f)
        if info.kind == "choices":
            what += " (separate several with ;)"
        if f in NUMBER_FIELDS and info.nullable:
            what += " (empty: unknown)"
        rows.append([f, need, what])
    return rows


def _default_words(f: str) -> str:
    default = FIELDS[f].default
    if default is None:
        return "unknown"
    if default == []:
        return "none"
    return f"{default:g}" if isinstance(default, float) else str(default)
