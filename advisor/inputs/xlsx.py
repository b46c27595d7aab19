"""The first sheet of an XLSX workbook as rows of cell values, streamed with the standard library.

openpyxl builds an object per cell and reads a 10,000-row sheet several times slower; a portfolio
needs only the values, so this reads the sheet's XML directly: shared strings, inline strings,
numbers and booleans, with gaps between rows and cells kept so that row numbers match Excel's.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Final
from xml.etree.ElementTree import Element, ParseError, iterparse

MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_LETTERS: Final = re.compile(r"[A-Z]+")


class WorkbookError(ValueError):
    """Not a workbook this reader understands."""


def _column(ref: str | None, default: int) -> int:
    """Column index (0-based) of a cell reference such as "AB12"."""
    letters = _LETTERS.match(ref or "")
    if not letters:
        return default
    index = 0
    for ch in letters.group():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _text(element: Element) -> str:
    """The text of a string item: its own <t>, or its runs' <t> (phonetic hints left out)."""
    own = element.find(f"{MAIN}t")
    if own is not None:
        return own.text or ""
    return "".join(t.text or "" for run in element.iterfind(f"{MAIN}r") for t in run.iterfind(f"{MAIN}t"))


def _first_sheet(book: zipfile.ZipFile) -> str:
    workbook = book.read("xl/workbook.xml")
    rels = book.read("xl/_rels/workbook.xml.rels")
    sheets = [el for _, el in iterparse(io.BytesIO(workbook)) if el.tag == f"{MAIN}sheet"]
    if not sheets:
        raise WorkbookError("the workbook has no sheet")
    wanted = sheets[0].get(RELATIONSHIP)
    for _, rel in iterparse(io.BytesIO(rels)):
        if rel.tag == PACKAGE_RELATIONSHIP and rel.get("Id") == wanted:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise WorkbookError("the workbook's first sheet is missing")


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    out = []
    with book.open("xl/sharedStrings.xml") as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{MAIN}si":
                out.append(_text(element))
                element.clear()
    return out


def _value(cell: Element, shared: list[str]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return None if inline is None else _text(inline)
    v = cell.find(f"{MAIN}v")
    if v is None or v.text is None:
        return None
    if kind == "s":
        return shared[int(v.text)]
    if kind == "b":
        return v.text == "1"
    if kind in ("str", "e"):
        return v.text
    number = float(v.text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _rows(handle: IO[bytes], shared: list[str]) -> Iterator[list[Any]]:
    expected = 1
    for _, element in iterparse(handle):
        if element.tag != f"{MAIN}row":
            continue
        number = int(element.get("r") or expected)
        while expected < number:  # rows Excel left out are empty rows
            yield []
            expected += 1
        values: list[Any] = []
        for cell in element.iterfind(f"{MAIN}c"):
            index = _column(cell.get("r"), len(values))
            values.extend([None] * (index - len(values)))
            values.append(_value(cell, shared))
        element.clear()
        yield values
        expected = number + 1


def sheet_rows(raw: bytes) -> Iterator[list[Any]]:
    """The first sheet's rows, each a list of values (None for an empty cell); raises WorkbookError."""
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        path = _first_sheet(book)
        shared = _shared_strings(book)
        with book.open(path) as handle:
            yield from _rows(handle, shared)
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError, IndexError, EOFError) as exc:
        raise WorkbookError(str(exc) or type(exc).__name__) from None
