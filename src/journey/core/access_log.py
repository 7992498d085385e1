"""Writes to the append-only access log (R13): every view, print and export, and every refusal."""

from __future__ import annotations

from django.http import HttpRequest

from journey.core.models import AccessEvent
from journey.people.models import Person


def log_access(
    request: HttpRequest, child: Person | None, action: str, reason: str = ""
) -> AccessEvent:
    return AccessEvent.objects.create(
        user=request.user,
        child=child,
        action=action,
        path=request.get_full_path()[:300],
        reason=reason[:300],
    )
