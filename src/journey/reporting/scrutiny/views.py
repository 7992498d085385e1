"""Reports to scrutiny: the issued reports, preparing and issuing one, and reading one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import improvement as access
from journey.access.returns import MEASURES_REFUSED, may_read_measures
from journey.core.forms import add_service_errors
from journey.reporting.models import ScrutinyReport
from journey.reporting.scrutiny import selectors, services
from journey.reporting.scrutiny.forms import ReportForm


def _reader(request: HttpRequest) -> None:
    if not may_read_measures(request.user):
        raise PermissionDenied(MEASURES_REFUSED)


def reports(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "reporting/scrutiny/list.html",
        {"reports": selectors.reports(), "may_issue": access.may_create_plan(request.user)},
    )


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    if not access.may_create_plan(request.user):
        raise PermissionDenied(access.ISSUE_REFUSED)
    plans = access.plans_managed_by(request.user)
    form = ReportForm(request.POST or None, plans=plans, initial={"as_at": timezone.localdate()})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        try:
            if "issue" in request.POST:
                report = services.issue_report(data, by=request.user)
            else:
                content, meta = services.preview(data, by=request.user)
                preview = {"c": content, "r": meta}
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if preview is None:
                messages.success(request, f"Report {report.number} issued: it is kept as issued")
                return redirect("scrutiny_report", report_id=report.pk)
    return render(request, "reporting/scrutiny/form.html", {"form": form, "preview": preview})


def report(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(ScrutinyReport.objects.defer("pdf"), pk=report_id)
    return render(
        request,
        "reporting/scrutiny/report.html",
        {"report": issued, "c": issued.content, "r": issued.content["meta"]},
    )


def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    _reader(request)
    issued = get_object_or_404(ScrutinyReport, pk=report_id)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    name = issued.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="scrutiny-report-{name}.pdf"'
    return response
