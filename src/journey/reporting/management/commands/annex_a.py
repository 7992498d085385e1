"""`manage.py annex_a --start 2025-11-01 --end 2026-10-31 --out annex-a.xlsx`: the Ofsted
Annex A workbook for a period (default: the six months to today)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import filename, write_workbook


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD") from error


class Command(BaseCommand):
    help = "Write the Ofsted Annex A workbook (lists 1 to 8) for a period as XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=_day, help="First day (default: six months ago)")
        parser.add_argument("--end", type=_day, help="Last day (default: today)")
        parser.add_argument("--out", type=Path, help="The .xlsx to write (default: a dated name)")

    def handle(self, *args, start=None, end=None, out=None, **options) -> None:
        period = _period(start, end)
        out = out or Path(filename(period))
        began = time.perf_counter()
        written = write_workbook(period, out)
        seconds = time.perf_counter() - began
        rows = ", ".join(f"list {n}: {count}" for n, count in written.rows.items())
        self.stdout.write(
            f"Wrote {out} for {period.start} to {period.end} ({rows}) in {seconds:.1f} s"
        )


def _period(start: dt.date | None, end: dt.date | None) -> Period:
    default = Period.last_six_months(end or timezone.localdate())
    period = Period(start or default.start, end or default.end)
    if period.start > period.end:
        raise CommandError("The start must be on or before the end")
    return period
