"""Small files that used to eat a replica, made on the fly: each a few KB to a few hundred KB on the
wire. Used by tests/test_upload_memory.py (peak memory, in a subprocess) and benchmarks/spreadsheets.py."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

HEADER = ["name", "headcount", "process_stability", "data_regulation", "worker_control", "ip_sensitivity"]
ROW = ["Payables", 80, "stable", "personal", "outcomes", "low"]
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _cell(ref: str, value: object) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _row(number: int, values: list[object]) -> str:
    cells = "".join(_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def workbook(sheet_data: bytes, workbook_padding: int = 0) -> bytes:
    """A minimal XLSX package around the sheet's <sheetData> content (inline strings, no shared strings)."""
    sheet = b'<?xml version="1.0"?><worksheet ' + _NS.encode() + b"><sheetData>" + sheet_data
    sheet += b"</sheetData></worksheet>"
    book = (
        f'<?xml version="1.0"?><workbook {_NS} {_REL_NS}><sheets>'
        f'<sheet name="Portfolio" sheetId="1" r:id="rId1"/></sheets>'
    ).encode()
    book += b" " * workbook_padding + b"</workbook>"
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    root_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _normal() -> bytes:
    return (_row(1, list(HEADER)) + _row(2, list(ROW))).encode()


def empty_rows(count: int = 50_000_000) -> bytes:
    """A header, one process, then `count` empty <row/> elements (300 MB inflated, a few hundred KB zipped)."""
    return workbook(_normal() + b"<row/>" * count)


def empty_numbered_rows(count: int = 50_000_000) -> bytes:
    """The same row number, empty, `count` times: within Excel's rows, so only the element budget stops it."""
    return workbook(_normal() + b'<row r="3"/>' * count)


def empty_cells(count: int = 50_000_000) -> bytes:
    """One row of `count` formatted empty cells (no value)."""
    return workbook(_normal() + b'<row r="3">' + b'<c r="G3" s="1"/>' * count + b"</row>")


def row_jump(number: int = 30_000_000) -> bytes:
    """A process on row 30,000,000: Excel has 1,048,576 rows."""
    return workbook(_normal() + _row(number, list(ROW)).encode())


def far_column(ref: str = "HZZZZZ") -> bytes:
    """A cell far to the right of Excel's last column, XFD."""
    return workbook(_normal() + f'<row r="3"><c r="{ref}3"><v>1</v></c></row>'.encode())


def inflated_workbook(size: int = 400_000_000) -> bytes:
    """workbook.xml padded to `size` bytes inflated (about 400 KB zipped): read whole, it was 0.5 -> 2.6 GB."""
    return workbook(_normal(), workbook_padding=size)


def wide_csv_header(columns: int = 1_000_000) -> bytes:
    """A CSV header of a million unknown columns (the problem list was 58 MB)."""
    header = ",".join(HEADER + [f"x{i}" for i in range(columns)])
    return (header + "\n" + ",".join(map(str, ROW)) + "\n").encode()


def wide_csv_row(fields: int = 5_000_000) -> bytes:
    """A valid header, then one row of five million empty fields."""
    return (",".join(HEADER) + "\n" + ",".join(map(str, ROW)) + "," * fields + "\n").encode()


def bad_rows(count: int = 50_000) -> bytes:
    """A CSV whose every cell is wrong: a problem for every cell of every row."""
    header = ",".join(HEADER)
    bad = "X,none,stabel,personel,outcome,lo"
    return (header + "\n" + "\n".join(bad for _ in range(count)) + "\n").encode()


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {  # name: (file name, maker)
    "empty rows": ("empty.xlsx", empty_rows),
    "empty rows, all numbered 3": ("empty-numbered.xlsx", empty_numbered_rows),
    "formatted empty cells": ("empty-cells.xlsx", empty_cells),
    "row 30,000,000": ("jump.xlsx", row_jump),
    "column HZZZZZ": ("far.xlsx", far_column),
    "column ZZZZZZZZZZZZ": ("farther.xlsx", lambda: far_column("ZZZZZZZZZZZZ")),
    "workbook.xml inflated": ("inflated.xlsx", inflated_workbook),
    "CSV header of 1,000,000 columns": ("wide.csv", wide_csv_header),
    "CSV row of 5,000,000 fields": ("long.csv", wide_csv_row),
    "50,000 rows, every cell wrong": ("bad.csv", bad_rows),
}
