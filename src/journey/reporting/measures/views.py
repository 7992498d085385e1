"""The measures page and the list of children behind each figure: thin views over measures."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access.returns import MEASURES_REFUSED, MEASURES_ROLES
from journey.access.rules import worker_in_roles
from journey.reporting.measures import children
from journey.reporting.measures import selectors as measures
from journey.reporting.measures.forms import (
    FigureListForm,
    MeasuresForm,
    default_team,
    team_choices,
)
from journey.workforce.models import Worker


def _reader(request: HttpRequest) -> Worker:
    worker = worker_in_roles(request.user, MEASURES_ROLES)
    if worker is None:
        raise PermissionDenied(MEASURES_REFUSED)
    return worker


def _form_kwargs(worker: Worker, *, include_inactive: bool = False) -> dict:
    teams = team_choices(include_inactive=include_inactive)
    return {"teams": teams, "default_team": default_team(worker, teams)}


def measures_page(request: HttpRequest) -> HttpResponse:
    worker = _reader(request)
    today = timezone.localdate()
    form = MeasuresForm(request.GET, **_form_kwargs(worker))
    scope = form.scope(today)
    counted = measures.counted_measures(scope)
    return render(
        request,
        "reporting/measures.html",
        {
            "form": form,
            "m": counted.measures,
            "family_group": counted.family_group,
            "family_help": counted.family_help,
            "counted_at": counted.counted_at,
            "period": scope.period,
            "team_name": form.team_name,
            "figure_params": form.params(),
            "levels": measures.LEVELS,
            "reescalation_days": measures.REESCALATION_DAYS,
            "rereferral_days": measures.REREFERRAL_DAYS,
        },
    )


def _heading(only: children.FigureFilter) -> str:
    kind = {"up": "Step-up", "down": "Step-down"}.get(only.direction, "Step change")
    if only.figure == "handed_over":
        return f"{kind}s handed over"
    if only.figure == "declined":
        return f"{kind} requests declined"
    title = children.FIGURES[only.figure].title
    return f"{title} at level {only.level}" if only.level else title


def figure_children(request: HttpRequest) -> HttpResponse:
    worker = _reader(request)
    today = timezone.localdate()
    form = FigureListForm(request.GET, today=today, **_form_kwargs(worker, include_inactive=True))
    if not form.is_valid():
        raise Http404("There is no such figure on the measures page.")
    scope = form.scope(today)
    within = form.within(scope)
    only = form.figure_filter()
    listed = children.figure_list(request.user, scope, within, only, request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "reporting/figure_children.html",
        {
            "heading": _heading(only),
            "month": form.cleaned_data["month"],
            "period": scope.period,
            "within": within,
            "team_name": form.team_name,
            "listed": listed,
            "page": listed.page,
            "query": urlencode(query),
            "back_query": urlencode(form.params()),
        },
    )
