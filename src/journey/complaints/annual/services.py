"""Issuing the annual complaints report: the officer's introduction, every figure for the year as
it stood when issued, and the PDF, stored together once and never changed. Issuing the same year
again makes a new report; the earlier one stays as it was."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journey.complaints.annual.selectors import latest_report, report_content
from journey.complaints.models import AnnualComplaintsReport
from journey.core.reports import ReportInput, checked_year, report_meta


def render_report(content: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The report drawn by WeasyPrint from the same words and charts the page shows."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("complaints/annual/print.html", {"c": content, "r": meta})
    return HTML(string=html).write_pdf()


def preview(data: ReportInput, *, by: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the report would say if issued now: checked like an issue, nothing saved."""
    year = checked_year(data, timezone.localdate())
    content = report_content(year)
    return content, report_meta(data, by.get_full_name() or by.username, timezone.now())


@transaction.atomic
def issue_report(data: ReportInput, *, by: User) -> AnnualComplaintsReport:
    year = checked_year(data, timezone.localdate())
    issued_at = timezone.now()
    name = by.get_full_name() or by.username
    content = report_content(year)
    meta = report_meta(data, name, issued_at)
    pdf = render_report(content, meta)
    content["meta"] = meta
    content["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
    return AnnualComplaintsReport.objects.create(
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
