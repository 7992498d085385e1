"""The Annex A page (choose the period, see the count of each list) and the workbook, produced
in the background (`journey.background`): the person watches its progress page, then downloads
it from there; every child it names is logged as exported when it is produced."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from journey.access.log import log_access
from journey.access.returns import RETURNS_REFUSED, may_produce_returns
from journey.background import services as background
from journey.core.models import AccessEvent
from journey.reporting.annex_a import columns, lists
from journey.reporting.annex_a.forms import PeriodForm


def _producer(request: HttpRequest) -> None:
    if not may_produce_returns(request.user):
        if request.user.is_authenticated:
            log_access(request, None, AccessEvent.Action.DENIED, RETURNS_REFUSED)
        raise PermissionDenied(RETURNS_REFUSED)


def annex_a_page(request: HttpRequest) -> HttpResponse:
    _producer(request)
    return _page(request, PeriodForm(request.GET, today=timezone.localdate()))


def _page(request: HttpRequest, form: PeriodForm) -> HttpResponse:
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
            "period_params": form.params(),
        },
    )


def annex_a_download(request: HttpRequest) -> HttpResponse:
    """Ask for the workbook (a POST from the page); its progress page offers the download."""
    _producer(request)
    if request.method != "POST":
        return redirect(f"{reverse('annex_a')}?{request.GET.urlencode()}")
    form = PeriodForm(request.POST, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return _page(request, form)
    period = form.period
    return redirect(background.start_annex_a(period.start, period.end, by=request.user))
