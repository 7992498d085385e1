"""What the yearly reports kept as issued share (the annual complaints report, the outcomes
report): the council's financial year, what is asked to issue one, and its check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.core.measures import Window

#: The first year a report may be asked for.
EARLIEST = 2000
#: The introduction says something: at least this many characters.
INTRODUCTION_LEAST = 40


@dataclass(frozen=True)
class FinancialYear:
    """A council's financial year: 1 April `first` to 31 March the year after."""

    first: int

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.first, 4, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first} to {self.first + 1}"

    @property
    def before(self) -> FinancialYear:
        return FinancialYear(self.first - 1)

    @property
    def window(self) -> Window:
        """The whole year as one window of the measure registry."""
        return Window(self.starts_on, self.ends_on + dt.timedelta(days=1))

    @classmethod
    def last_ended(cls, today: dt.date) -> FinancialYear:
        """The last year that has ended by today."""
        return cls(today.year - 2 if today.month < 4 else today.year - 1)


@dataclass(frozen=True)
class ReportInput:
    year: int | None
    introduction: str


def _problems(data: ReportInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.year is None:
        errors["year"] = "Select the year the report is on"
    elif data.year < EARLIEST:
        errors["year"] = f"The year must be {EARLIEST} to {EARLIEST + 1} or later"
    elif FinancialYear(data.year).ends_on >= today:
        year = FinancialYear(data.year)
        errors["year"] = (
            f"The year {year.label} ends on {year.ends_on:%-d %B %Y}: choose a year that has ended"
        )
    if len(data.introduction.strip()) < INTRODUCTION_LEAST:
        errors["introduction"] = (
            "Enter the introduction and commentary: what the figures say about the year "
            f"(at least {INTRODUCTION_LEAST} characters)"
        )
    return errors


def checked_year(data: ReportInput, today: dt.date) -> FinancialYear:
    """The year asked for, or a ValidationError naming each field and the fix."""
    errors = _problems(data, today)
    if errors:
        raise ValidationError(errors)
    assert data.year is not None
    return FinancialYear(data.year)


def report_meta(data: ReportInput, by_name: str, issued_at: dt.datetime) -> dict[str, Any]:
    """Who issued the report, when, and its introduction, kept with its content."""
    return {
        "introduction": data.introduction.strip(),
        "issued_by": by_name,
        "issued_on": f"{timezone.localdate(issued_at):%-d %B %Y}",
    }
