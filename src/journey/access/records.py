"""Opening a child's record in a view: check, then log the view or the refusal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from journey.access.log import log_access
from journey.access.rules import can_view_child
from journey.core.models import AccessEvent
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
