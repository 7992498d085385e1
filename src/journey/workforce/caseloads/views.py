"""The Caseloads pages: every team's open work and workers against their limits, a worker's
caseload over the year, and the council's weights and limits (changed by an assistant
director)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from journey.access.caseloads import (
    CASELOADS_REFUSED,
    RULES_REFUSED,
    WORKER_REFUSED,
    caseload_teams,
    may_change_caseload_rules,
    may_read_caseloads,
    may_read_worker_caseload,
)
from journey.core.forms import add_service_errors
from journey.workforce.caseloads import charts, selectors, services
from journey.workforce.caseloads.forms import WeightsAndLimitsForm
from journey.workforce.models import CaseloadLimit, CaseloadWeight, Worker


def _reader(request: HttpRequest) -> None:
    if not may_read_caseloads(request.user):
        raise PermissionDenied(CASELOADS_REFUSED)


def caseloads(request: HttpRequest) -> HttpResponse:
    """Open work allocated and unallocated, and each worker against their limit, team by team."""
    _reader(request)
    teams = list(caseload_teams(request.user))
    chosen = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    shown = caseload_teams(request.user)
    if chosen is not None:
        shown = shown.filter(pk=chosen.pk)
    context = selectors.caseloads_page(shown, request.user)
    context.update(teams=teams, chosen=chosen, may_change=may_change_caseload_rules(request.user))
    return render(request, "workforce/caseloads/caseloads.html", context)


def worker_caseload(request: HttpRequest, worker_id: int) -> HttpResponse:
    """A worker's caseload at the end of each of the last 12 months, and what they hold now."""
    _reader(request)
    worker = get_object_or_404(Worker.objects.select_related("user", "team"), pk=worker_id)
    if not may_read_worker_caseload(request.user, worker):
        raise PermissionDenied(WORKER_REFUSED.format(worker=worker.name))
    months = selectors.caseload_history(worker)
    context = {
        "worker": worker,
        "months": months,
        "now": months[-1][1],
        "chart": charts.caseload_chart(worker.name, months),
        "held": selectors.held_work(worker, request.user),
    }
    return render(request, "workforce/caseloads/worker.html", context)


def weights_and_limits(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = selectors.weights_and_limits()
    context["may_change"] = may_change_caseload_rules(request.user)
    return render(request, "workforce/caseloads/rules.html", context)


@require_http_methods(["GET", "POST"])
def change_weights_and_limits(request: HttpRequest) -> HttpResponse:
    if not may_change_caseload_rules(request.user):
        raise PermissionDenied(RULES_REFUSED)
    form = WeightsAndLimitsForm(
        request.POST or None,
        weights=list(CaseloadWeight.objects.all()),
        limits=list(CaseloadLimit.objects.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_weights_and_limits(
                weights=form.weights(),
                limits=form.limits(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Changed {', '.join(changed)}")
            return redirect("caseload_rules")
    return render(request, "workforce/caseloads/change_rules.html", {"form": form})
