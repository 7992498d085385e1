"""Family Help's changes of intensity, decided by a manager: a child in need, or targeted again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.records import open_episode_record
from journey.access.rules import may_change_intensity, worker_for
from journey.cases.family_help import forms, services
from journey.cases.family_help.selectors import family_help_record
from journey.cases.models import Episode, EpisodeKind
from journey.core.forms import add_service_errors

ONLY_MANAGERS = "Only a manager decides that Family Help helps a child in need, or stops doing so."


def _episode(request: HttpRequest, episode_id: int) -> Episode:
    episode = get_object_or_404(Episode.objects.select_related("child", "team"), pk=episode_id)
    open_episode_record(
        request,
        episode,
        unless=lambda child: "" if may_change_intensity(request.user) else ONLY_MANAGERS,
    )
    if episode.kind != EpisodeKind.FAMILY_HELP:
        raise Http404("Only Family Help changes its intensity")
    return episode


def _page(request, template: str, episode: Episode, form) -> HttpResponse:
    return render(
        request,
        f"cases/family_help/{template}",
        {"episode": episode, "child": episode.child, "form": form, **family_help_record(episode)},
    )


@require_http_methods(["GET", "POST"])
def begin_section17(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = forms.BeginSection17Form(
        request.POST or None,
        initial={"started_on": timezone.localdate(), "referral_source": episode.referral_source},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.begin_section17(
                episode, decided_by=worker_for(request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{episode.child.first_name} is now helped as a child in need"
            )
            return redirect("social_care_record", episode_id=episode.pk)
    return _page(request, "begin.html", episode, form)


@require_http_methods(["GET", "POST"])
def end_section17(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = forms.EndSection17Form(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_section17(
                episode, decided_by=worker_for(request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Section 17 status ended: Family Help goes on as targeted help"
            )
            return redirect("social_care_record", episode_id=episode.pk)
    return _page(request, "end.html", episode, form)
