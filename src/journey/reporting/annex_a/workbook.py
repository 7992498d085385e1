"""The Annex A workbook: a cover sheet, then one sheet per list with the template's headers.

Written with openpyxl's write-only mode, row by row from the lists' iterators, so memory stays
flat however many rows a council has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from journey.core.spreadsheets import Value, cell, row
from journey.reporting.annex_a.columns import COLUMNS, gaps, headers
from journey.reporting.annex_a.lists import LISTS, AnnexList, Period

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
    sheet.append(row(sheet, headers(annex.number), bold=True))
    count = 0
    for values in annex.rows(period):
        sheet.append(row(sheet, values, date_format=DATE_FORMAT))
        count += 1
    return count


def _write_cover(sheet: WriteOnlyWorksheet, period: Period, written: Written) -> None:
    produced = timezone.localtime().replace(tzinfo=None, microsecond=0)
    lines: list[list[Value | Cell]] = [
        [cell(sheet, "Ofsted Annex A lists", bold=True)],
        ["Council", settings.COUNCIL_NAME],
        ["Period from", period.start],
        ["Period to", period.end],
        ["Produced", cell(sheet, produced, number_format=DATE_TIME_FORMAT)],
        [],
        row(sheet, ("List", "Title", "Rows", "Covers"), bold=True),
    ]
    lines += [
        [annex.sheet_name, annex.title, written.rows[annex.number], annex.covers] for annex in LISTS
    ]
    lines += [[], [cell(sheet, "Columns Journey does not record (left empty)", bold=True)]]
    lines += [
        [annex.sheet_name, column.name, "", column.source]
        for annex in LISTS
        if annex.number != 8
        for column in gaps(annex.number)
    ]
    lines.append(["List 8", f"All {len(COLUMNS[8])} columns", "", COLUMNS[8][0].source])
    for line in lines:
        sheet.append(row(sheet, line, date_format=DATE_FORMAT))
