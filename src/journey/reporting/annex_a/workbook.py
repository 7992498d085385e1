"""The Annex A workbook: a cover sheet, then one sheet per list with the template's headers.

Written with openpyxl's write-only mode, row by row from the lists' iterators, so memory stays
flat however many rows a council has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from journey.reporting.annex_a.columns import COLUMNS, gaps, headers
from journey.reporting.annex_a.lists import LISTS, AnnexList, Cell, Period

DATE_FORMAT = "dd/mm/yyyy"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
COVER = "Cover"


@dataclass
class Written:
    """What was written: rows per list."""

    rows: dict[int, int] = field(default_factory=dict)


def filename(period: Period) -> str:
    return f"annex-a-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"


def write_workbook(period: Period, out: str | Path | IO[bytes]) -> Written:
    """Write the whole workbook for the period to a path or a binary file object."""
    book = Workbook(write_only=True)
    cover = book.create_sheet(COVER)
    written = Written()
    for annex in LISTS:
        written.rows[annex.number] = _write_list(book.create_sheet(annex.sheet_name), annex, period)
    _write_cover(cover, period, written)
    book.save(out)
    return written


def _write_list(sheet: WriteOnlyWorksheet, annex: AnnexList, period: Period) -> int:
    bold = Font(bold=True)
    sheet.append([_cell(sheet, name, font=bold) for name in headers(annex.number)])
    count = 0
    for row in annex.rows(period):
        sheet.append([_value(sheet, value) for value in row])
        count += 1
    return count


def _value(sheet: WriteOnlyWorksheet, value: Cell) -> object:
    if isinstance(value, dt.date):
        return _cell(sheet, value, number_format=DATE_FORMAT)
    return value


def _cell(
    sheet: WriteOnlyWorksheet, value: object, *, number_format: str = "", font: Font | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    return cell


def _write_cover(sheet: WriteOnlyWorksheet, period: Period, written: Written) -> None:
    bold = Font(bold=True)
    produced = timezone.localtime().replace(tzinfo=None, microsecond=0)
    lines: list[Iterable[object]] = [
        [_cell(sheet, "Ofsted Annex A lists", font=bold)],
        ["Council", settings.COUNCIL_NAME],
        ["Period from", _cell(sheet, period.start, number_format=DATE_FORMAT)],
        ["Period to", _cell(sheet, period.end, number_format=DATE_FORMAT)],
        ["Produced", _cell(sheet, produced, number_format=DATE_TIME_FORMAT)],
        [],
        [_cell(sheet, label, font=bold) for label in ("List", "Title", "Rows", "Covers")],
    ]
    lines += [
        [annex.sheet_name, annex.title, written.rows[annex.number], annex.covers] for annex in LISTS
    ]
    lines += [[], [_cell(sheet, "Columns Journey does not record (left empty)", font=bold)]]
    lines += [
        [annex.sheet_name, column.name, "", column.source]
        for annex in LISTS
        if annex.number != 8
        for column in gaps(annex.number)
    ]
    lines.append(["List 8", f"All {len(COLUMNS[8])} columns", "", COLUMNS[8][0].source])
    for line in lines:
        sheet.append(list(line))
