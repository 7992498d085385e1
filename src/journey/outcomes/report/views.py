"""The outcomes report: the issued reports, preparing and issuing one, and reading one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import outcomes as access
from journey.core.report_pages import report_form_page
from journey.outcomes.report import selectors, services
from journey.outcomes.report.charts import charts
from journey.outcomes.report.forms import OutcomesReportForm
from journey.outcomes.report.models import OutcomesReport


def _reader(request: HttpRequest) -> None:
    if not access.may_read_outcomes(request.user):
        raise PermissionDenied(access.FIGURES_REFUSED)


def reports(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "outcomes/report/list.html",
        {
            "reports": selectors.reports(),
            "may_issue": access.may_issue_outcomes_report(request.user),
            "section": "outcomes",
        },
    )


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    if not access.may_issue_outcomes_report(request.user):
        raise PermissionDenied(access.REPORT_REFUSED)
    today = timezone.localdate()
    form = OutcomesReportForm(
        request.POST or None,
        today=today,
        initial={"year": selectors.Year.last_ended(today).first},
    )
    return report_form_page(
        request,
        form,
        template="outcomes/report/form.html",
        preview=services.preview,
        issue=services.issue_report,
        what="The outcomes report",
        url_name="outcomes_report",
        charts=charts,
        context={"section": "outcomes"},
    )


def report(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(OutcomesReport.objects.defer("pdf"), pk=report_id)
    return render(
        request,
        "outcomes/report/report.html",
        {
            "report": issued,
            "c": issued.content,
            "r": issued.content["meta"],
            "charts": charts(issued.content),
            "section": "outcomes",
        },
    )


def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(OutcomesReport, pk=report_id)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    name = f"outcomes-report-{issued.year}-{issued.year + 1}-{issued.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
