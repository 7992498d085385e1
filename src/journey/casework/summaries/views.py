"""Reflective case summaries of one piece of work: the list, writing one, and a manager's view."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.rules import (
    PARTNER_REFUSAL,
    may_read_child_records,
    may_review_case_summaries,
    may_write_case_summary,
    worker_for,
)
from journey.cases.models import Episode
from journey.casework import views as pages
from journey.casework.models import CaseSummary
from journey.casework.summaries import selectors, services
from journey.casework.summaries.forms import CaseSummaryForm, ReviewSummaryForm
from journey.core.forms import add_service_errors

WRITTEN_BY_THE_COUNCIL = (
    "Reflective case summaries are written by the council's workers on the work."
)
VIEWED_BY_MANAGERS = "A summary is agreed or challenged by a manager."


def _reading(request: HttpRequest, episode: Episode) -> str:
    return "" if may_read_child_records(request.user) else PARTNER_REFUSAL


def _writing(request: HttpRequest, episode: Episode) -> str:
    return "" if may_write_case_summary(request.user, episode) else WRITTEN_BY_THE_COUNCIL


def _reviewing(request: HttpRequest, episode: Episode) -> str:
    return "" if may_review_case_summaries(request.user) else VIEWED_BY_MANAGERS


def case_summaries(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = pages.open_episode(request, episode_id, _reading)
    due = selectors.next_summary_due([episode]).get(episode.pk)
    return render(
        request,
        "casework/summaries/list.html",
        {
            "episode": episode,
            "child": episode.child,
            "summaries": selectors.summaries_of(episode),
            "due": due,
            "overdue": due is not None and due < timezone.localdate(),
            "may_write": may_write_case_summary(request.user, episode),
            "may_review": may_review_case_summaries(request.user),
            "months": settings.JOURNEY_CASE_SUMMARY_MONTHS,
        },
    )


@require_http_methods(["GET", "POST"])
def write_case_summary(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = pages.open_episode(request, episode_id, _writing)
    if not episode.is_open:
        return pages.closed(request, episode)
    form = CaseSummaryForm(
        request.POST or None,
        initial={"written_on": timezone.localdate(), "occasion": CaseSummary.Occasion.REGULAR},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.write_case_summary(episode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your reflective case summary is on the child's record")
            return redirect("case_summaries", episode_id=episode.pk)
    return render(
        request,
        "casework/summaries/write.html",
        {"episode": episode, "child": episode.child, "form": form},
    )


@require_http_methods(["GET", "POST"])
def review_case_summary(request: HttpRequest, episode_id: int, summary_id: int) -> HttpResponse:
    episode = pages.open_episode(request, episode_id, _reviewing)
    summary = get_object_or_404(CaseSummary, pk=summary_id, episode=episode)
    form = ReviewSummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        worker = worker_for(request.user)
        assert worker is not None  # a manager is a worker
        try:
            services.review_case_summary(
                summary,
                manager=worker,
                agree=form.cleaned_data["agree"] == "yes",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your view of the summary is on the child's record")
            return redirect("case_summaries", episode_id=episode.pk)
    return render(
        request,
        "casework/summaries/review.html",
        {"episode": episode, "child": episode.child, "summary": summary, "form": form},
    )
