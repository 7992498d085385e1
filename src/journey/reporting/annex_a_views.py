"""The Annex A page (choose the period, see the count of each list) and the workbook download."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.core.access_log import log_access
from journey.core.models import AccessEvent
from journey.core.permissions import worker_in_roles
from journey.reporting.annex_a import columns, lists
from journey.reporting.annex_a.forms import PeriodForm
from journey.reporting.annex_a.workbook import filename, write_workbook
from journey.workforce.models import Role, Worker

#: Who may produce the lists: they hold every child's details, so only senior managers and
#: quality assurance, who prepare for inspection (team managers see their teams elsewhere).
ANNEX_A_ROLES = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER}
REFUSED = (
    "The Ofsted Annex A lists hold every child's details, so they are for heads of service, "
    "assistant directors and quality assurance officers."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _producer(request: HttpRequest) -> Worker:
    worker = worker_in_roles(request.user, ANNEX_A_ROLES)
    if worker is None:
        if request.user.is_authenticated:
            log_access(request, None, AccessEvent.Action.DENIED, REFUSED)
        raise PermissionDenied(REFUSED)
    return worker


def annex_a_page(request: HttpRequest) -> HttpResponse:
    _producer(request)
    form = PeriodForm(request.GET, today=timezone.localdate())
    period = form.period
    counts = lists.counts(period)
    listed = [
        {"annex": annex, "count": counts[annex.number], "gaps": columns.gaps(annex.number)}
        for annex in lists.LISTS
    ]
    return render(
        request,
        "reporting/annex_a/page.html",
        {
            "form": form,
            "period": period,
            "lists": listed,
            "download_query": urlencode(form.params()),
        },
    )


def annex_a_download(request: HttpRequest) -> HttpResponse:
    _producer(request)
    form = PeriodForm(request.GET, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return annex_a_page(request)
    period = form.period
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    write_workbook(period, spool)
    spool.seek(0)
    log_access(
        request,
        None,
        AccessEvent.Action.EXPORT,
        f"Ofsted Annex A workbook, {period.start:%-d %B %Y} to {period.end:%-d %B %Y}",
    )
    return FileResponse(spool, as_attachment=True, filename=filename(period), content_type=XLSX)
