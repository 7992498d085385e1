"""Issuing the impact report: the officer's introduction, every figure for the period as it
stood when issued, and the PDF, stored together once and never changed. Issuing the same period
again makes a new report; the earlier one stays as it was."""

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

from journey.voice.impact.charts import charts
from journey.voice.impact.models import ImpactReport
from journey.voice.impact.selectors import latest_report, report_content
from journey.voice.participation.quarters import Quarter, between

INTRODUCTION_LEAST = 40
#: A report covers at most a year.
MOST_QUARTERS = 4


@dataclass(frozen=True)
class ReportInput:
    first: Quarter | None
    last: Quarter | None
    introduction: str


def _problems(data: ReportInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.first is None:
        errors["first"] = "Choose the first quarter the report covers"
    if data.last is None:
        errors["last"] = "Choose the last quarter the report covers"
    elif data.last.ends_on >= today:
        errors["last"] = (
            f"{data.last} ends on {data.last.ends_on:%-d %B %Y}: choose a quarter that has ended"
        )
    if data.first is not None and data.last is not None:
        if data.first > data.last:
            errors["last"] = "The last quarter must be the first quarter or after it"
        elif len(between(data.first, data.last)) > MOST_QUARTERS:
            errors["last"] = f"A report covers at most {MOST_QUARTERS} quarters (a year)"
    if len(data.introduction.strip()) < INTRODUCTION_LEAST:
        errors["introduction"] = (
            "Enter the introduction and commentary: what the figures say about the period "
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
        "voice/impact/print.html", {"c": content, "r": meta, "charts": charts(content)}
    )
    return HTML(string=html).write_pdf()


def preview(data: ReportInput, *, by: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the report would say if issued now: checked like an issue, nothing saved."""
    errors = _problems(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    assert data.first is not None and data.last is not None
    content = report_content(data.first, data.last)
    return content, _meta(data, by.get_full_name() or by.username, timezone.now())


@transaction.atomic
def issue_report(data: ReportInput, *, by: User) -> ImpactReport:
    errors = _problems(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    assert data.first is not None and data.last is not None
    issued_at = timezone.now()
    name = by.get_full_name() or by.username
    content = report_content(data.first, data.last)
    meta = _meta(data, name, issued_at)
    pdf = render_report(content, meta)
    content["meta"] = meta
    content["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
    return ImpactReport.objects.create(
        starts_on=data.first.starts_on,
        ends_on=data.last.ends_on,
        introduction=meta["introduction"],
        content=content,
        pdf=pdf,
        previous=latest_report(data.first, data.last),
        issued_by=by,
        issued_by_name=name,
        issued_at=issued_at,
    )
