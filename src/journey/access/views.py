"""The refusal page. Every 403 is logged, whichever check refused it: a view that logged its own
refusal (with the child) is not logged twice; any other names the child its URL points at."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journey.access.log import log_access
from journey.cases.models import Episode, StepChange
from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.quality.models import CaseAudit

#: A URL's id -> the model it names and the field holding that record's child.
CHILD_OF: dict[str, tuple[type[Model], str]] = {
    "child_id": (Person, "pk"),
    "episode_id": (Episode, "child_id"),
    "step_id": (StepChange, "child_id"),
    "audit_id": (CaseAudit, "child_id"),
}
DEFAULT_REASON = "You do not have permission to see this page."


def child_named_by(request: HttpRequest) -> Person | None:
    """The child a URL is about, if it names one that exists."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    for name, (model, field) in CHILD_OF.items():
        if name in kwargs:
            child_id = model.objects.filter(pk=kwargs[name]).values_list(field, flat=True).first()
            return Person.objects.filter(pk=child_id).first() if child_id else None
    return None


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else DEFAULT_REASON
    if request.user.is_authenticated and not getattr(request, "refusal_logged", False):
        log_access(request, child_named_by(request), AccessEvent.Action.DENIED, reason)
    return render(request, "403.html", {"reason": reason}, status=403)
