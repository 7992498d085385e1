"""Issuing the outcomes report: the introduction, every figure for the year as it stood when
issued (against the targets set that day), and the PDF, stored together once and never changed.
Issuing the same year again makes a new report; the earlier one stays as it was."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journey.core.reports import ReportInput, checked_year, report_meta
from journey.outcomes.report.charts import charts
from journey.outcomes.report.models import OutcomesReport
from journey.outcomes.report.selectors import latest_report, report_content


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
    year = checked_year(data, today)
    content = report_content(year, today)
    return content, report_meta(data, by.get_full_name() or by.username, timezone.now())


@transaction.atomic
def issue_report(data: ReportInput, *, by: User) -> OutcomesReport:
    today = timezone.localdate()
    year = checked_year(data, today)
    issued_at = timezone.now()
    name = by.get_full_name() or by.username
    content = report_content(year, today)
    meta = report_meta(data, name, issued_at)
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
