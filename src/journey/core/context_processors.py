from django.http import HttpRequest

from journey.core.permissions import worker_for


def current_worker(request: HttpRequest) -> dict:
    return {"current_worker": worker_for(request.user) if hasattr(request, "user") else None}
