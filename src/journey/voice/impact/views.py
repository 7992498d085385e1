"""The impact report: the issued reports, preparing and issuing one, and reading one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import voice as access
from journey.core.report_pages import report_form_page
from journey.voice.impact import selectors, services
from journey.voice.impact.charts import charts
from journey.voice.impact.forms import ImpactReportForm
from journey.voice.impact.models import ImpactReport
from journey.voice.participation.quarters import Quarter


def _reader(request: HttpRequest) -> None:
    if not access.may_read_participation(request.user):
        raise PermissionDenied(access.READ_REFUSED)


def reports(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "voice/impact/list.html",
        {
            "reports": selectors.reports(),
            "may_issue": access.may_issue_impact_report(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    if not access.may_issue_impact_report(request.user):
        raise PermissionDenied(access.ISSUE_REFUSED)
    today = timezone.localdate()
    last = Quarter.of(today).before
    form = ImpactReportForm(
        request.POST or None,
        today=today,
        initial={"first": last.before.before.before.key, "last": last.key},
    )
    return report_form_page(
        request,
        form,
        template="voice/impact/form.html",
        preview=services.preview,
        issue=services.issue_report,
        what="The impact report",
        url_name="voice_impact_report",
        charts=charts,
    )


def report(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(ImpactReport.objects.defer("pdf"), pk=report_id)
    return render(
        request,
        "voice/impact/report.html",
        {
            "report": issued,
            "c": issued.content,
            "r": issued.content["meta"],
            "charts": charts(issued.content),
        },
    )


def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(ImpactReport, pk=report_id)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    name = f"impact-report-{issued.starts_on:%Y-%m}-to-{issued.ends_on:%Y-%m}-{issued.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
