"""The outcomes page: use and distance travelled by cohort, and the closed work without a
closing measure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import outcomes as access
from journey.access.records import open_child_record
from journey.access.rules import (
    may_read_child_records,
    may_view_access_log,
    may_work_on_episode,
    visible_children,
)
from journey.cases.models import Episode
from journey.core.forms import add_service_errors
from journey.outcomes import selectors, services
from journey.outcomes.forms import CohortForm, MeasureForm

COUNCIL_RECORDS = "A child's outcome measures are shown to council workers."
MEASURE_REFUSED = (
    "Outcome measures are recorded by those working on the child's open work: ask the team "
    "that holds it."
)


def outcomes(request: HttpRequest) -> HttpResponse:
    if not access.may_read_outcomes(request.user):
        raise PermissionDenied(access.FIGURES_REFUSED)
    today = timezone.localdate()
    form = CohortForm(request.GET or None, initial=CohortForm.defaults(today))
    filters = form.filters(today)
    page = selectors.cohort_page(filters)
    return render(
        request,
        "outcomes/outcomes.html",
        {
            "form": form,
            "page": page,
            "unmeasured": selectors.closed_without_closing_measure(
                filters,
                visible_children(request.user),
                request.GET.get("page", 1),
                count=page.total.closed_unmeasured,
            ),
            "query": _without_page(request),
            "section": "outcomes",
            "may_define_tools": access.may_define_tools(request.user),
        },
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def child_outcomes(request: HttpRequest, child_id: int) -> HttpResponse:
    """On the child's record: each piece of work's measures, a chart beside the table."""
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_read_child_records(request.user) else COUNCIL_RECORDS,
    )
    work = selectors.measurable_work(child.pk)
    return render(
        request,
        "outcomes/child.html",
        {
            "child": child,
            "tab": "outcomes",
            "found": selectors.child_outcomes(child.pk),
            "measurable": [e for e in work if may_work_on_episode(request.user, e)],
            "sees_council_records": True,
            "may_view_access_log": may_view_access_log(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def record_measure(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("child", "team"), pk=episode_id)
    open_child_record(
        request,
        episode.child_id,
        unless=lambda c: "" if may_work_on_episode(request.user, episode) else MEASURE_REFUSED,
    )
    versions = selectors.tools_for(episode)
    if not versions:
        raise Http404("No outcome tool is used for this kind of work")
    chosen = next((v for v in versions if str(v.pk) == request.GET.get("tool")), versions[0])
    form = MeasureForm(request.POST or None, version=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(episode, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, form.field_names())
        else:
            messages.success(request, f"{chosen.tool.name} measure recorded")
            return redirect("child_outcomes", child_id=episode.child_id)
    return render(
        request,
        "outcomes/measure.html",
        {"episode": episode, "form": form, "version": chosen, "versions": versions},
    )
