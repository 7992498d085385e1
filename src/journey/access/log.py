"""Writes to the append-only access log (R13): every view, print and export, and every refusal.

Nothing else creates `AccessEvent` rows: views call `log_access`, and anything that writes a
file naming children (a workbook, a return, a print), in a request or a background task, calls
`log_export` with every child in it, so each child's "viewed by" page shows the export.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from journey.core.models import AccessEvent
from journey.people.models import Person

EXPORT_BATCH = 2000


def log_access(
    request: HttpRequest, child: Person | None, action: str, reason: str = ""
) -> AccessEvent:
    if action == AccessEvent.Action.DENIED:
        request.refusal_logged = True  # the 403 page logs refusals no view has logged
    return AccessEvent.objects.create(
        user=request.user,
        child=child,
        action=action,
        path=request.get_full_path()[:300],
        reason=reason[:300],
    )


def log_export(
    user: AbstractBaseUser,
    child_ids: Iterable[int],
    *,
    path: str,
    what: str,
    action: str = AccessEvent.Action.EXPORT,
) -> int:
    """One export (or print) event per child in the file, in bulk; returns how many."""
    events = (
        AccessEvent(user=user, child_id=child_id, action=action, path=path[:300], reason=what[:300])
        for child_id in dict.fromkeys(child_ids)
    )
    return len(AccessEvent.objects.bulk_create(events, batch_size=EXPORT_BATCH))


def log_listed(request: HttpRequest, child_ids: Iterable[int], what: str) -> int:
    """A page naming several children (a panel's case list): one view event for each."""
    return log_export(
        request.user,
        child_ids,
        path=request.get_full_path(),
        what=what,
        action=AccessEvent.Action.VIEW,
    )
