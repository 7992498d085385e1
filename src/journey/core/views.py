"""The pages every app shares: refusals."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = (
        str(exception)
        if exception and str(exception)
        else ("You do not have permission to see this page.")
    )
    return render(request, "403.html", {"reason": reason}, status=403)
