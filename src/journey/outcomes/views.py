"""The outcomes page: use and distance travelled by cohort, and the closed work without a
closing measure."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from journey.access import outcomes as access
from journey.access.records import open_child_record
from journey.access.rules import (
    may_read_child_records,
    may_view_access_log,
    visible_children,
)
from journey.cases.models import Episode
from journey.core.forms import add_service_errors
from journey.outcomes import selectors, services
from journey.outcomes.forms import CohortForm, MeasureForm

COUNCIL_RECORDS = "A child's outcome measures are shown to council workers."


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
            "measurable": [e for e in work if access.may_record_measure(request.user, e)],
            "sees_council_records": True,
            "may_view_access_log": may_view_access_log(request.user),
        },
    )


def _came_from(request: HttpRequest, episode: Episode) -> str:
    """Where the user came from (?next=, a page of this site), else the child's outcomes."""
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("child_outcomes", args=[episode.child_id])


def _with_tool(request: HttpRequest, version) -> str:
    query = request.GET.copy()
    query["tool"] = str(version.pk)
    return f"?{query.urlencode()}"


@require_http_methods(["GET", "POST"])
def record_measure(request: HttpRequest, episode_id: int) -> HttpResponse:
    """A measure of the work; from a TAF meeting (?meeting=<id>: made at it, dated its day) or
    from closure (?at=closure: the closing measure), returning to ?next= once saved."""
    episode = get_object_or_404(Episode.objects.select_related("child", "team"), pk=episode_id)
    open_child_record(
        request, episode.child_id, unless=lambda c: access.measure_refusal(request.user, episode)
    )
    versions = selectors.tools_for(episode)
    if not versions:
        raise Http404("No outcome tool is used for this kind of work")
    meeting = None
    if "meeting" in request.GET:
        meeting = selectors.taf_meeting(episode, request.GET["meeting"])
        if meeting is None:
            raise Http404("No such TAF meeting in this work")
    closing = request.GET.get("at") == "closure" or (meeting is None and not episode.is_open)
    chosen = next((v for v in versions if str(v.pk) == request.GET.get("tool")), versions[0])
    work = selectors.work_measures(episode)
    initial = {"point": work.next_point} if meeting else {}
    if closing and episode.ended_on:
        initial["measured_on"] = min(episode.ended_on, timezone.localdate())
    form = MeasureForm(
        request.POST or None, version=chosen, meeting=meeting, closing=closing, initial=initial
    )
    back = _came_from(request, episode)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(episode, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, form.field_names())
        else:
            messages.success(request, f"{chosen.tool.name} measure recorded")
            return redirect(back)
    return render(
        request,
        "outcomes/measure.html",
        {
            "episode": episode,
            "form": form,
            "version": chosen,
            "versions": versions,
            "meeting": meeting,
            "closing": closing,
            "work": work,
            "back": back,
            "other_tools": [(v, _with_tool(request, v)) for v in versions if v != chosen],
        },
    )


# --- measures offered on other apps' pages (the TAF meeting, closure) -------------------------


def measure_url(episode: Episode, back: str, **query: object) -> str:
    """The measure page for this work, returning to `back` once saved."""
    address = reverse("record_outcome_measure", args=[episode.pk])
    return f"{address}?{urlencode({**query, 'next': back})}"


def closing_measure(request: HttpRequest, episode: Episode) -> dict:
    """For a closure page: where the work's closing measure stands, and the link to record it
    (coming back to this page) for those who may."""
    work = selectors.work_measures(episode)
    offer = work.may_close_measure(timezone.localdate()) and access.may_record_measure(
        request.user, episode
    )
    return {
        "closing": work,
        "closing_url": measure_url(episode, request.get_full_path(), at="closure") if offer else "",
        "closing_days": access.closing_measure_days(),
    }


def closing_reminder(episode: Episode) -> str:
    """After closing work: a word if its closing measure is still to record ("" if not)."""
    episode.refresh_from_db(fields=["ended_on"])
    work = selectors.work_measures(episode)
    if not work.may_close_measure(timezone.localdate()) or work.record_closing_by is None:
        return ""
    return (
        f". No closing outcome measure is recorded: it can be recorded from the child's "
        f"Outcomes tab until {work.record_closing_by:%-d %B %Y}"
    )
