"""The annual complaints report: the issued reports, preparing and issuing one, and reading one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import complaints_report as access
from journey.complaints.annual import selectors, services
from journey.complaints.annual.forms import AnnualReportForm
from journey.complaints.models import AnnualComplaintsReport
from journey.core.report_pages import report_form_page


def _reader(request: HttpRequest) -> None:
    if not access.may_read_complaints_report(request.user):
        raise PermissionDenied(access.READ_REFUSED)


def reports(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "complaints/annual/list.html",
        {
            "reports": selectors.reports(),
            "may_issue": access.may_issue_complaints_report(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    if not access.may_issue_complaints_report(request.user):
        raise PermissionDenied(access.ISSUE_REFUSED)
    today = timezone.localdate()
    form = AnnualReportForm(
        request.POST or None,
        today=today,
        initial={"year": selectors.Year.last_ended(today).first},
    )
    return report_form_page(
        request,
        form,
        template="complaints/annual/form.html",
        preview=services.preview,
        issue=services.issue_report,
        what="The report",
        url_name="complaints_annual_report",
    )


def report(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(AnnualComplaintsReport.objects.defer("pdf"), pk=report_id)
    return render(
        request,
        "complaints/annual/report.html",
        {"report": issued, "c": issued.content, "r": issued.content["meta"]},
    )


def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(AnnualComplaintsReport, pk=report_id)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    name = f"annual-complaints-report-{issued.year}-{issued.year + 1}-{issued.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
