"""What every casework page of one piece of work does first: open the episode once the user may
read it and use this page on it (the view, or the refusal, is logged), and the page shown when
the work has closed. Who may do what is decided in access/rules.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from journey.access.records import open_episode_record
from journey.access.rules import (
    PARTNER_REFUSAL,
    may_manage_episodes,
    may_record_casework,
    may_work_on_episode,
    worker_for,
)
from journey.cases.models import Episode

# --- Who may open which page ----------------------------------------------------------------


def refuse_reading(request: HttpRequest, episode: Episode) -> str:
    """Reading: whoever may read the work (access.rules.may_read_episode) uses the page."""
    return ""


def refuse_working(request: HttpRequest, episode: Episode) -> str:
    """Recording casework (CAF, TAF, progress): may_work_on_episode decides."""
    if may_work_on_episode(request.user, episode):
        return ""
    worker = worker_for(request.user)
    if worker is not None and worker.is_external:
        return PARTNER_REFUSAL
    if not may_record_casework(request.user):
        return "Your role can read children's records but not record casework in them."
    return ""  # the child is not visible to them: open_child_record refuses and says why


def refuse_managing(request: HttpRequest, episode: Episode) -> str:
    if may_manage_episodes(request.user):
        return ""
    return "Only council case holders and managers can close early help."


def open_episode(
    request: HttpRequest, episode_id: int, refusal: Callable[[HttpRequest, Episode], str]
) -> Episode:
    """The episode, once the user may read this work and use this page on it; the view or the
    refusal is logged (R13)."""
    episode = get_object_or_404(
        Episode.objects.select_related("child", "team__service"), pk=episode_id
    )
    open_episode_record(request, episode, unless=lambda child: refusal(request, episode))
    return episode


def closed(request: HttpRequest, episode: Episode, extra: dict | None = None) -> HttpResponse:
    """A page that records casework, asked for on work that has closed (a closure page adds
    where the work's closing outcome measure stands)."""
    return render(
        request,
        "casework/closed.html",
        {"episode": episode, "child": episode.child, **(extra or {})},
        status=409,
    )


def errors_in_page_order(form) -> None:
    """A service reports its errors in its own order; the error summary follows the page."""
    errors = form.errors
    form._errors = ErrorDict(
        (name, errors[name]) for name in (NON_FIELD_ERRORS, *form.fields) if name in errors
    )
