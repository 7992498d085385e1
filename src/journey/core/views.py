"""Shared view helpers: opening a child's record checks visibility and writes the access log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from journey.core.access_log import log_access
from journey.core.models import AccessEvent
from journey.core.permissions import can_view_child
from journey.people.models import Person


def open_child_record(
    request: HttpRequest, child_id: int, action: str = AccessEvent.Action.VIEW
) -> Person:
    """The child, if this user may see them; logs the view, or the refusal and raises 403."""
    child = get_object_or_404(Person.objects.children(), pk=child_id)
    access = can_view_child(request.user, child)
    if not access.allowed:
        log_access(request, child, AccessEvent.Action.DENIED, access.reason)
        raise PermissionDenied(access.reason)
    log_access(request, child, action)
    return child


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = (
        str(exception)
        if exception and str(exception)
        else ("You do not have permission to see this page.")
    )
    return render(request, "403.html", {"reason": reason}, status=403)
