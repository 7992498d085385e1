"""Checking a child's consistent identifier, the possible duplicates list, and recording that
two children who share an identifier are not the same child."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from journey.access.log import log_listed
from journey.access.records import open_child_record
from journey.access.rules import (
    DUPLICATES_REFUSED,
    IDENTIFIER_CHECKED_BY_WORKERS,
    may_check_identifier,
    may_review_duplicates,
)
from journey.core.forms import add_service_errors
from journey.core.identifiers import consistent_identifier
from journey.people.identifier import selectors, services
from journey.people.identifier.forms import IdentifierCheckForm, NotSameChildForm


@require_http_methods(["GET", "POST"])
def check_identifier(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: (
            "" if may_check_identifier(request.user) else IDENTIFIER_CHECKED_BY_WORKERS
        ),
    )
    form = IdentifierCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            check = services.record_identifier_check(child, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = consistent_identifier().label
            messages.success(request, f"{label}: {check.get_status_display().lower()}, recorded")
            return redirect("child", child_id=child.pk)
    return render(
        request,
        "people/identifier/check.html",
        {
            "child": child,
            "form": form,
            "status": selectors.identifier_status(child),
            "history": selectors.check_history(child),
        },
    )


@require_GET
def possible_duplicates(request: HttpRequest) -> HttpResponse:
    if not may_review_duplicates(request.user):
        raise PermissionDenied(DUPLICATES_REFUSED)
    pairs = selectors.possible_duplicates(request.user)
    identifier = consistent_identifier()
    log_listed(
        request,
        [child.pk for pair in pairs for child in (pair.first, pair.second)],
        f"Possible duplicates by {identifier.label}",
    )
    return render(
        request,
        "people/identifier/duplicates.html",
        {"pairs": pairs, "label": identifier.label, "a_label": identifier.a_label},
    )


@require_http_methods(["GET", "POST"])
def not_same_child(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_review_duplicates(request.user) else DUPLICATES_REFUSED,
    )
    other_id = (request.POST if request.method == "POST" else request.GET).get("other", "")
    if not other_id.isdigit():
        raise Http404("Choose the other record from the list of possible duplicates.")
    other = open_child_record(request, int(other_id))  # logs the view, or refuses
    form = NotSameChildForm(request.POST or None, initial={"other": other.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_not_same_child(
                child, other, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={"other": "__all__"})
        else:
            messages.success(
                request, f"{child.full_name} and {other.full_name}: recorded as different children"
            )
            return redirect("possible_duplicates")
    identifier = consistent_identifier()
    return render(
        request,
        "people/identifier/not_same.html",
        {
            "child": child,
            "other": other,
            "form": form,
            "label": identifier.label,
            "shown": identifier.format(getattr(child, identifier.field)),
        },
    )
