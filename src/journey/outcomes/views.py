"""The outcomes page: use and distance travelled by cohort, and the closed work without a
closing measure."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access import outcomes as access
from journey.access.rules import visible_children
from journey.outcomes import selectors
from journey.outcomes.forms import CohortForm


def outcomes(request: HttpRequest) -> HttpResponse:
    if not access.may_read_outcomes(request.user):
        raise PermissionDenied(access.FIGURES_REFUSED)
    form = CohortForm(request.GET or None)
    filters = form.filters(timezone.localdate())
    return render(
        request,
        "outcomes/outcomes.html",
        {
            "form": form,
            "page": selectors.cohort_page(filters),
            "unmeasured": selectors.closed_without_closing_measure(
                filters, visible_children(request.user), request.GET.get("page", 1)
            ),
            "section": "outcomes",
        },
    )
