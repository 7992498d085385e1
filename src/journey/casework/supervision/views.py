"""Supervision of one piece of work: its history and when it is next due, and recording it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.records import open_episode_record
from journey.access.rules import (
    PARTNER_REFUSAL,
    may_read_child_records,
    may_record_supervision,
    worker_for,
)
from journey.cases.models import Episode
from journey.casework.models import Supervision
from journey.casework.supervision.forms import SupervisionForm
from journey.casework.supervision.selectors import (
    interval_days,
    is_overdue,
    with_supervision_due,
)
from journey.casework.supervision.services import record_supervision
from journey.core.forms import add_service_errors

RECORDED_BY_MANAGERS = "Supervision and management oversight are recorded by managers."


def _episode(request: HttpRequest, episode_id: int, *, recording: bool = False) -> Episode:
    episode = get_object_or_404(
        with_supervision_due(Episode.objects.select_related("child", "team")), pk=episode_id
    )

    def unless(child) -> str:
        if not may_read_child_records(request.user):
            return PARTNER_REFUSAL
        if recording and not may_record_supervision(request.user):
            return RECORDED_BY_MANAGERS
        return ""

    open_episode_record(request, episode, unless=unless)
    return episode


def _status(episode: Episode) -> dict:
    today = timezone.localdate()
    return {
        "interval": interval_days(episode.kind),
        "overdue": episode.is_open and is_overdue(episode.supervision_due_on, today),
    }


def supervision(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id)
    history = (
        Supervision.objects.filter(episode=episode)
        .select_related("supervisor__user", "supervisee__user")
        .order_by("-held_on", "-pk")
    )
    return render(
        request,
        "casework/supervision.html",
        {
            "episode": episode,
            "child": episode.child,
            "history": history,
            "may_record": may_record_supervision(request.user) and episode.is_open,
            **_status(episode),
        },
    )


@require_http_methods(["GET", "POST"])
def new_supervision(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id, recording=True)
    worker = worker_for(request.user)
    form = SupervisionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            supervision = record_supervision(
                episode=episode, supervisor=worker, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{supervision.get_kind_display()} recorded")
            return redirect("supervision", episode_id=episode.pk)
    return render(
        request,
        "casework/new_supervision.html",
        {"form": form, "episode": episode, "child": episode.child, **_status(episode)},
    )
