from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record, refuse, visible_child
from journey.access.rules import (
    PARTNER_REFUSAL,
    is_partner,
    may_manage_episodes,
    may_mark_in_error,
    may_read_source,
    may_record_in_open_work,
    may_view_access_log,
)
from journey.cases.selectors import decisions_awaiting_a_manager
from journey.casework.visits.selectors import visits_overdue_for
from journey.chronology import printing, selectors, services
from journey.chronology.forms import ChronologyFilterForm, ReasonForm
from journey.chronology.models import ChronologyEntry
from journey.chronology.sources import load_source, own_page
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent

PAGE_SIZE = 50


def _filters(request: HttpRequest, child) -> ChronologyFilterForm:
    return ChronologyFilterForm(
        request.GET or None, **selectors.filter_choices(child, request.user)
    )


def _tab_context(request: HttpRequest, child) -> dict:
    return {
        "child": child,
        "tab": "chronology",
        "may_manage": may_manage_episodes(request.user),
        "may_view_access_log": may_view_access_log(request.user),
        "sees_council_records": not is_partner(request.user),
    }


def child_chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(request, child_id)
    form = _filters(request, child)
    chronology_filter = form.to_filter()
    entries = selectors.chronology_for(child, request.user, chronology_filter)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = decisions_awaiting_a_manager(child.pk)
    for entry in page:
        entry.may_mark_in_error = may_mark_in_error(request.user, entry)
        entry.awaits_manager = (
            entry.source_model == "thresholddecision" and entry.source_pk in awaiting
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "chronology/child_chronology.html",
        {
            **_tab_context(request, child),
            "form": form,
            "page": page,
            "filter": chronology_filter,
            "query": query.urlencode(),
            "may_record_visit": may_record_in_open_work(request.user, child),
            "visits_overdue": visits_overdue_for(child, request.user),
        },
    )


def chronology_pdf(request: HttpRequest, child_id: int) -> HttpResponse:
    """The chronology as a PDF, with the same filters as the page; printing is logged (when it
    is asked for). One of more than JOURNEY_PRINT_IN_BACKGROUND_OVER entries is printed in the
    background: the person is sent to its progress page, which then offers the PDF."""
    from django.conf import settings

    from journey.background import services as background

    child = open_child_record(request, child_id, action=AccessEvent.Action.PRINT)
    form = _filters(request, child)
    chosen = selectors.chronology_for(child, request.user, form.to_filter())
    entries = min(chosen.count(), printing.PRINT_LIMIT)
    if entries > settings.JOURNEY_PRINT_IN_BACKGROUND_OVER:
        job = background.start_chronology_print(
            child, by=request.user, query=request.GET.urlencode(), entries=entries
        )
        return redirect(job)
    pdf = printing.chronology_pdf(printing.chronology_print(child, request.user, form))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printing.file_name(child)}"'
    return response


def chronology_source(
    request: HttpRequest, child_id: int, app: str, model: str, pk: int
) -> HttpResponse:
    child = visible_child(request, child_id)
    try:
        page = own_page(child_id, app, model, pk)
        record = None if page else load_source(child_id, app, model, pk)
    except Http404:
        if is_partner(request.user):  # a partner learns nothing from whether a record exists
            refuse(request, child, PARTNER_REFUSAL)
        raise
    if page:
        return redirect(page)  # that page decides who may read the record
    open_child_record(
        request,
        child_id,
        unless=lambda child: may_read_source(request.user, app, model, record.episode, pk).reason,
    )
    return render(
        request, "chronology/source.html", {**_tab_context(request, child), "record": record}
    )


def _entry_for_change(request: HttpRequest, child_id: int, entry_id: int) -> ChronologyEntry:
    if not may_manage_episodes(request.user):
        raise PermissionDenied("Your role cannot change the chronology.")
    child = open_child_record(request, child_id)
    return get_object_or_404(ChronologyEntry, pk=entry_id, child=child)


def _change_entry(request, entry, action: str, change, done: str) -> HttpResponse:
    """Ask for a reason, then apply one change to a chronology entry through its service."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change(form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("child_chronology", child_id=entry.child_id)
    context = {"form": form, "entry": entry, "child": entry.child, "action": action}
    return render(request, "chronology/change_entry.html", context)


@require_http_methods(["GET", "POST"])
def change_significance(request: HttpRequest, child_id: int, entry_id: int) -> HttpResponse:
    entry = _entry_for_change(request, child_id, entry_id)
    return _change_entry(
        request,
        entry,
        "unmark" if entry.is_significant else "mark",
        lambda reason: services.mark_significant(
            entry, significant=not entry.is_significant, reason=reason, by=request.user
        ),
        "The chronology has been updated",
    )


@require_http_methods(["GET", "POST"])
def mark_in_error(request: HttpRequest, child_id: int, entry_id: int) -> HttpResponse:
    entry = _entry_for_change(request, child_id, entry_id)
    if not may_mark_in_error(request.user, entry):
        raise PermissionDenied(
            "Only the person who recorded this, or a manager, can mark it as recorded in error."
        )
    return _change_entry(
        request,
        entry,
        "error",
        lambda reason: services.mark_in_error(entry, reason=reason, by=request.user),
        "The entry is marked as recorded in error",
    )
