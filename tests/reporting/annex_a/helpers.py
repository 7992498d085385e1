"""Reading a produced workbook back, and the reference columns and codes it must match."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

import yaml
from openpyxl import load_workbook

from journey.reporting.annex_a.columns import COLUMNS, Kind
from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import write_workbook
from tests.reference import REFERENCE_DIR, reference_file

#: Codes newer than the reference data-map.yml that Journey writes in the same form.
NEWER_CODES = {"RC9 - Case closed after assessment, referred to early help"}


def reference_dir() -> Path:
    reference_file("annex_a", "annex-a-merge.yml")
    return REFERENCE_DIR


@cache
def reference_columns() -> dict[str, dict[str, dict]]:
    text = (reference_dir() / "annex_a" / "annex-a-merge.yml").read_text("utf-8")
    return yaml.safe_load(text)["datasources"]


def _key(name: str) -> str:
    return name.casefold().rstrip("?").strip()


@cache
def reference_codes() -> dict[str, dict[str, set[str]]]:
    """{"List n": {column name (normalised): {codes}}} from data-map.yml."""
    text = (reference_dir() / "annex_a" / "data-map.yml").read_text("utf-8")
    data = yaml.safe_load(text)["data_config"]
    return {
        sheet: {
            _key(column): {entry["code"] for entry in entries} for column, entries in cols.items()
        }
        for sheet, cols in data.items()
        if cols
    }


def codes_for(sheet: str, column: str) -> set[str] | None:
    return reference_codes().get(sheet, {}).get(_key(column))


Sheets = dict[str, list[tuple]]


def workbook_bytes(period: Period) -> bytes:
    out = io.BytesIO()
    write_workbook(period, out)
    return out.getvalue()


def open_workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def rows_of(book, sheet: str) -> list[dict[str, object]]:
    rows = list(book[sheet].iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def check_sheet(book, number: int) -> list[dict[str, object]]:
    """Headers, required cells, dates, integers and codes of one list; returns its rows (cells)."""
    sheet = f"List {number}"
    header = [cell.value for cell in next(book[sheet].iter_rows(max_row=1))]
    assert header == list(reference_columns()[sheet]), sheet
    rows = rows_of(book, sheet) if book[sheet].max_row > 1 else []
    for row in rows:
        for column in COLUMNS[number]:
            _check_cell(sheet, column, row[column.name])
    return rows


def _check_cell(sheet: str, column, cell) -> None:
    value = cell.value
    where = f"{sheet} / {column.name} / row {cell.row}"
    if not column.recorded:
        assert value is None, where
        return
    if column.required:
        assert value not in (None, ""), f"{where} is required"
    if value is None:
        return
    if column.kind == Kind.DATE:
        assert isinstance(value, dt.datetime | dt.date), where
        assert cell.is_date and "yy" in cell.number_format, where
    elif column.kind == Kind.INTEGER:
        assert isinstance(value, int) and value >= 0, where
    elif column.kind == Kind.CODE:
        allowed = codes_for(sheet, column.name)
        assert allowed is not None, f"{where}: no code list in data-map.yml"
        assert value in allowed | NEWER_CODES, f"{where}: {value!r}"
    else:
        assert isinstance(value, str), where


def value(row: dict[str, object], column: str) -> object:
    cell = row[column].value
    return cell.date() if isinstance(cell, dt.datetime) else cell
