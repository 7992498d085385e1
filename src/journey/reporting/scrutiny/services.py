"""Issuing a report to scrutiny: the words the author gives, the plan and its figures as they
stood on the chosen date, and the PDF, stored together once and never changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journey.core.services import check_not_future
from journey.improvement.models import ImprovementPlan
from journey.reporting.models import ScrutinyReport
from journey.reporting.scrutiny.selectors import IMPACTS, RISKS, latest_report, report_content


@dataclass(frozen=True)
class Risk:
    risk: str
    impact: str
    comment: str


@dataclass(frozen=True)
class ReportInput:
    plan: ImprovementPlan | None
    number: str
    title: str
    panel: str
    meeting_on: dt.date | None
    as_at: dt.date | None
    report_of: str
    recommendations: str
    risks: list[Risk] = field(default_factory=list)


def risk_slug(risk: str) -> str:
    return risk.lower().replace(" ", "_")


def _problems(data: ReportInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, value, message in (
        ("plan", data.plan, "Select the improvement plan the report is on"),
        ("number", data.number, "Enter the report number, for example 112/2026"),
        ("title", data.title, "Enter the report's title"),
        ("panel", data.panel, "Enter the scrutiny panel the report goes to"),
        ("meeting_on", data.meeting_on, "Enter the date of the panel meeting"),
        ("as_at", data.as_at, "Enter the date the figures are read at"),
        (
            "report_of",
            data.report_of,
            "Enter whose report it is, for example the Director for People",
        ),
        ("recommendations", data.recommendations, "Enter what the panel is asked to do"),
    ):
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = message
    if data.as_at:
        try:
            check_not_future(data.as_at, "as_at", "The date the figures are read at")
        except ValidationError as error:
            errors["as_at"] = error.message_dict["as_at"][0]
        if data.plan and data.as_at < data.plan.starts_on:
            errors["as_at"] = (
                "The figures must be read on or after the plan starts "
                f"({data.plan.starts_on:%-d %B %Y})"
            )
    given = {r.risk: r for r in data.risks}
    for risk in RISKS:
        row = given.get(risk)
        if row is None or row.impact not in IMPACTS:
            errors[f"{risk_slug(risk)}_impact"] = f"Select the impact of the {risk.lower()} risk"
        elif not row.comment.strip():
            errors[f"{risk_slug(risk)}_comment"] = (
                f"Say why the {risk.lower()} risk is {IMPACTS[row.impact].lower()}"
            )
    return errors


def render_report(content: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The report drawn by WeasyPrint from the same words the page shows."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("reporting/scrutiny/print.html", {"c": content, "r": meta})
    return HTML(string=html).write_pdf()


def _meta(data: ReportInput, by_name: str, issued_at: dt.datetime) -> dict[str, Any]:
    assert data.meeting_on is not None
    return {
        "number": data.number.strip(),
        "title": data.title.strip(),
        "panel": data.panel.strip(),
        "meeting_on": f"{data.meeting_on:%-d %B %Y}",
        "report_of": data.report_of.strip(),
        "recommendations": data.recommendations.strip(),
        "risks": [
            {
                "risk": r.risk,
                "impact": r.impact,
                "impact_label": IMPACTS[r.impact],
                "comment": r.comment.strip(),
            }
            for r in sorted(data.risks, key=lambda r: RISKS.index(r.risk))
        ],
        "issued_by": by_name,
        "issued_on": f"{timezone.localdate(issued_at):%-d %B %Y}",
    }


def preview(data: ReportInput, *, by: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the report would say if issued now: checked like an issue, nothing saved."""
    errors = _problems(data)
    if errors:
        raise ValidationError(errors)
    assert data.plan is not None and data.as_at is not None
    content = report_content(data.plan, data.as_at, latest_report(data.plan))
    return content, _meta(data, by.get_full_name() or by.username, timezone.now())


@transaction.atomic
def issue_report(data: ReportInput, *, by: User) -> ScrutinyReport:
    errors = _problems(data)
    if errors:
        raise ValidationError(errors)
    assert data.plan is not None and data.as_at is not None and data.meeting_on is not None
    plan = ImprovementPlan.objects.select_for_update().get(pk=data.plan.pk)
    previous = latest_report(plan)
    issued_at = timezone.now()
    name = by.get_full_name() or by.username
    content = report_content(plan, data.as_at, previous)
    meta = _meta(data, name, issued_at)
    pdf = render_report(content, meta)
    content["meta"] = meta
    content["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
    return ScrutinyReport.objects.create(
        plan=plan,
        number=meta["number"],
        title=meta["title"],
        panel=meta["panel"],
        meeting_on=data.meeting_on,
        as_at=data.as_at,
        report_of=meta["report_of"],
        recommendations=meta["recommendations"],
        risks=meta["risks"],
        content=content,
        pdf=pdf,
        previous=previous,
        issued_by=by,
        issued_by_name=name,
        issued_at=issued_at,
    )
