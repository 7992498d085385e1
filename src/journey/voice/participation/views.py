"""The participation register, a team's or a service's history, recording a rating and an
activity."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import voice as access
from journey.core.forms import add_service_errors
from journey.voice.participation import selectors, services
from journey.voice.participation.forms import ActivityForm, RatingForm
from journey.workforce.models import Service, Team


def _reader(request: HttpRequest) -> None:
    if not access.may_read_participation(request.user):
        raise PermissionDenied(access.READ_REFUSED)


def _recorder(request: HttpRequest) -> None:
    if not access.may_record_participation(request.user):
        raise PermissionDenied(access.RECORD_REFUSED)


def register(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "voice/participation/register.html",
        {
            "register": selectors.register(timezone.localdate()),
            "may_record": access.may_record_participation(request.user),
        },
    )


def team_history(request: HttpRequest, team_id: int) -> HttpResponse:
    _reader(request)
    team = get_object_or_404(Team, pk=team_id)
    return _history(request, selectors.history(team=team), f"team:{team.pk}")


def service_history(request: HttpRequest, service_id: int) -> HttpResponse:
    _reader(request)
    service = get_object_or_404(Service, pk=service_id)
    return _history(request, selectors.history(service=service), f"service:{service.pk}")


def _history(request: HttpRequest, history: selectors.History, unit: str) -> HttpResponse:
    return render(
        request,
        "voice/participation/history.html",
        {
            "history": history,
            "unit": unit,
            "may_record": access.may_record_participation(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest) -> HttpResponse:
    _recorder(request)
    form = RatingForm(
        request.POST or None,
        today=timezone.localdate(),
        initial={"unit": request.GET.get("unit", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.rate(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            superseded = " It supersedes the earlier rating, kept in the history." * bool(
                rating.supersedes_id
            )
            messages.success(request, f"Rating recorded: rung {rating.rung}.{superseded}")
            if rating.team_id:
                return redirect("voice_participation_team", team_id=rating.team_id)
            return redirect("voice_participation_service", service_id=rating.service_id)
    return render(request, "voice/participation/rate.html", {"form": form})


@require_http_methods(["GET", "POST"])
def record_activity(request: HttpRequest) -> HttpResponse:
    _recorder(request)
    form = ActivityForm(request.POST or None, initial={"unit": request.GET.get("unit", "")})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{activity.get_kind_display()} on {activity.held_on:%-d %B %Y} recorded: "
                f"{activity.young_people} young people took part",
            )
            return redirect("voice_participation")
    return render(request, "voice/participation/activity.html", {"form": form})
