"""The leadership dashboard: one selector, for those who read the measures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access.returns import MEASURES_REFUSED, may_read_measures
from journey.access.rules import worker_for
from journey.improvement.selectors import scope_of
from journey.reporting.dashboard.forms import WhereForm
from journey.reporting.dashboard.selectors import dashboard


def leadership_dashboard(request: HttpRequest) -> HttpResponse:
    if not may_read_measures(request.user):
        raise PermissionDenied(MEASURES_REFUSED)
    form = WhereForm(
        request.GET if "where" in request.GET else None, worker=worker_for(request.user)
    )
    scope = scope_of(*form.team_and_service())
    return render(
        request,
        "reporting/dashboard/dashboard.html",
        {"form": form, "d": dashboard(scope, timezone.localdate())},
    )
