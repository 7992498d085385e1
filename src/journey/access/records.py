"""Opening a child's record in a view: check, then log the view or the refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from journey.access.log import log_access
from journey.access.rules import can_view_child, may_read_episode
from journey.cases.models import Episode
from journey.core.models import AccessEvent
from journey.people.models import Person


def refuse(request: HttpRequest, child: Person | None, reason: str) -> NoReturn:
    """Log the refusal against the child (if known) and answer 403 saying why."""
    log_access(request, child, AccessEvent.Action.DENIED, reason)
    raise PermissionDenied(reason)


def visible_child(request: HttpRequest, child_id: int) -> Person:
    """The child, if this user may see them (nothing logged yet), or the logged refusal."""
    child = get_object_or_404(Person.objects.children(), pk=child_id)
    access = can_view_child(request.user, child)
    if not access.allowed:
        refuse(request, child, access.reason)
    return child


def open_child_record(
    request: HttpRequest,
    child_id: int,
    action: str = AccessEvent.Action.VIEW,
    *,
    unless: Callable[[Person], str] | None = None,
) -> Person:
    """The child, if this user may see them; logs the view, or the refusal and raises 403.

    `unless` is the page's own check once the child is visible: it returns why this user may
    not use the page ("" when they may), so one event, the view or the refusal, is logged.
    """
    child = visible_child(request, child_id)
    reason = unless(child) if unless else ""
    if reason:
        refuse(request, child, reason)
    log_access(request, child, action)
    return child


def open_episode_record(
    request: HttpRequest,
    episode: Episode,
    action: str = AccessEvent.Action.VIEW,
    *,
    unless: Callable[[Person], str] | None = None,
) -> Person:
    """The child whose work this is, if this user may read the work (a partner only the early
    help they lead) and pass the page's own check; logs the view or the refusal."""

    def refusal(child: Person) -> str:
        return may_read_episode(request.user, episode).reason or (unless(child) if unless else "")

    return open_child_record(request, episode.child_id, action, unless=refusal)
