"""The Annex A page (choose the period, see the count of each list) and the workbook download."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access.log import log_access, log_export
from journey.access.returns import RETURNS_REFUSED, may_produce_returns
from journey.core.models import AccessEvent
from journey.reporting.annex_a import columns, lists
from journey.reporting.annex_a.forms import PeriodForm
from journey.reporting.annex_a.workbook import filename, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _producer(request: HttpRequest) -> None:
    if not may_produce_returns(request.user):
        if request.user.is_authenticated:
            log_access(request, None, AccessEvent.Action.DENIED, RETURNS_REFUSED)
        raise PermissionDenied(RETURNS_REFUSED)


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
    log_export(
        request.user,
        lists.child_ids(period),
        path=request.get_full_path(),
        what=f"Ofsted Annex A workbook, {period.start:%-d %B %Y} to {period.end:%-d %B %Y}",
    )
    return FileResponse(spool, as_attachment=True, filename=filename(period), content_type=XLSX)
