"""Issuing the outcomes report: the introduction, every figure for the year as it stood when
issued (against the targets set that day), and the PDF, stored together once and never changed.
Issuing the same year again makes a new report; the earlier one stays as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journey.outcomes.report.charts import charts
from journey.outcomes.report.models import OutcomesReport
from journey.outcomes.report.selectors import Year, latest_report, report_content

#: The first year a report may be asked for.
EARLIEST = 2000
#: The introduction says something: at least this many characters.
INTRODUCTION_LEAST = 40


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
    elif Year(data.year).ends_on >= today:
        year = Year(data.year)
        errors["year"] = (
            f"The year {year.label} ends on {year.ends_on:%-d %B %Y}: choose a year that has ended"
        )
    if len(data.introduction.strip()) < INTRODUCTION_LEAST:
        errors["introduction"] = (
            "Enter the introduction and commentary: what the figures say about the year "
            f"(at least {INTRODUCTION_LEAST} characters)"
        )
    return errors


def _meta(data: ReportInput, by_name: str, issued_at: dt.datetime) -> dict[str, Any]:
    return {
        "introduction": data.introduction.strip(),
        "issued_by": by_name,
        "issued_on": f"{timezone.localdate(issued_at):%-d %B %Y}",
    }


def render_report(content: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The report drawn by WeasyPrint from the same words and charts the page shows."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(
        "outcomes/report/print.html", {"c": content, "r": meta, "charts": charts(content)}
    )
    return HTML(string=html).write_pdf()


def preview(data: ReportInput, *, by: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the report would say if issued now: checked like an issue, nothing saved."""
    today = timezone.localdate()
    errors = _problems(data, today)
    if errors:
        raise ValidationError(errors)
    assert data.year is not None
    content = report_content(Year(data.year), today)
    return content, _meta(data, by.get_full_name() or by.username, timezone.now())


@transaction.atomic
def issue_report(data: ReportInput, *, by: User) -> OutcomesReport:
    today = timezone.localdate()
    errors = _problems(data, today)
    if errors:
        raise ValidationError(errors)
    assert data.year is not None
    year = Year(data.year)
    issued_at = timezone.now()
    name = by.get_full_name() or by.username
    content = report_content(year, today)
    meta = _meta(data, name, issued_at)
    pdf = render_report(content, meta)
    content["meta"] = meta
    content["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
    return OutcomesReport.objects.create(
        year=year.first,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        introduction=meta["introduction"],
        content=content,
        pdf=pdf,
        previous=latest_report(year.first),
        issued_by=by,
        issued_by_name=name,
        issued_at=issued_at,
    )
