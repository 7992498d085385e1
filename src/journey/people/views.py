from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from journey.access.log import log_access
from journey.access.records import open_child_record
from journey.access.rules import (
    can_view_child,
    may_manage_episodes,
    may_read_child_records,
    may_record_in_open_work,
    may_review_duplicates,
    may_view_access_log,
)
from journey.access.voice_links import may_keep_contact_details
from journey.core.forms import add_service_errors
from journey.core.identifiers import consistent_identifier
from journey.core.models import AccessEvent
from journey.outcomes.selectors import latest_outcomes
from journey.people import selectors, services
from journey.people.contact_details.selectors import reachable
from journey.people.family import family_view
from journey.people.forms import ChildForm, CorrectChildDetailsForm, SearchForm
from journey.people.models import Person
from journey.sharing.selectors import sharing_log


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if request.GET and form.is_valid():
        results = list(
            selectors.search_children(
                request.user, text=form.cleaned_data["q"], date_of_birth=form.cleaned_data["dob"]
            )
        )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "results": results,
            "limit": selectors.SEARCH_LIMIT,
            "may_manage": may_manage_episodes(request.user),
            "may_review_duplicates": may_review_duplicates(request.user),
            "identifier_label": consistent_identifier().label,
            "identifier_label_a": consistent_identifier().a_label,
        },
    )


@require_http_methods(["GET", "POST"])
def new_child(request: HttpRequest) -> HttpResponse:
    if not may_manage_episodes(request.user):
        raise PermissionDenied("Your role cannot record new children.")
    form = ChildForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        former = (
            [(data["former_first_name"], data["former_last_name"])]
            if (data["former_first_name"] or data["former_last_name"])
            else []
        )
        details = services.ChildDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disabilities=data["disabilities"],
            upn=data["upn"],
            upn_unknown=data["upn_unknown"],
            nhs_number=data["nhs_number"],
            address_area=data["address_area"],
            postcode=data["postcode"],
            former_names=former,
        )
        try:
            child = services.record_child(
                details,
                recorded_by=request.user,
                confirm_not_duplicate=data["confirm_not_duplicate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            duplicates = (
                list(
                    selectors.search_children(
                        request.user,
                        text=f"{details.first_name} {details.last_name}",
                        date_of_birth=details.date_of_birth,
                    )
                )
                if "confirm_not_duplicate" in getattr(error, "error_dict", {})
                else []
            )
        else:
            messages.success(request, f"{child.full_name} has been recorded")
            return redirect("child", child_id=child.pk)
    return render(request, "people/new_child.html", {"form": form, "duplicates": duplicates})


def _child_to_correct(request: HttpRequest, child_id: int) -> Person:
    """The child, if this user may change their record: the rule every page that records on a
    child uses (may_manage_episodes, and may see the child). Every refusal is logged."""
    if not may_manage_episodes(request.user):
        child = get_object_or_404(Person.objects.children(), pk=child_id)
        reason = "Your role can read children's records but not correct them."
        if can_view_child(request.user, child).allowed:
            log_access(request, child, AccessEvent.Action.DENIED, reason)
            raise PermissionDenied(reason)
    # Logs the view, or the refusal of a child this user may not see, and raises 403.
    return open_child_record(request, child_id)


@require_http_methods(["GET", "POST"])
def change_child_details(request: HttpRequest, child_id: int) -> HttpResponse:
    """Correct a child's identifiers and characteristics, with the reason; the old values are
    kept and shown below the form."""
    child = _child_to_correct(request, child_id)
    disabilities = list(child.disabilities.values_list("code", flat=True))
    form = CorrectChildDetailsForm(
        request.POST or None, initial=CorrectChildDetailsForm.initial_for(child, disabilities)
    )
    if request.method == "POST" and form.is_valid():
        try:
            corrections = services.correct_child_details(
                child,
                form.changes(),
                reason=form.cleaned_data["reason"],
                corrected_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = ", ".join(c.label for c in corrections)
            name = corrections[0].person.full_name  # as corrected
            messages.success(request, f"{name}'s details have been corrected: {what}")
            return redirect("child", child_id=child.pk)
    return render(
        request,
        "people/change_child_details.html",
        {"form": form, "child": child, "corrections": selectors.corrections_for(child)},
    )


def _child_page(request: HttpRequest, child_id: int, tab: str, extra: dict, template: str):
    child = open_child_record(request, child_id)
    context = {
        "child": child,
        "tab": tab,
        "may_manage": may_manage_episodes(request.user),
        "may_view_access_log": may_view_access_log(request.user),
        "sees_council_records": may_read_child_records(request.user),
        **extra(child),
    }
    return render(request, template, context)


def _recording(request: HttpRequest, child: Person) -> dict:
    """What the summary offers to record: visits and notes, and the network (one rule)."""
    records = may_record_in_open_work(request.user, child)
    return {"may_record_visit": records, "may_keep_network": records}


def child(request: HttpRequest, child_id: int) -> HttpResponse:
    return _child_page(
        request,
        child_id,
        "summary",
        lambda c: {
            **selectors.child_summary(c, request.user),
            **_recording(request, c),
            "outcomes": latest_outcomes(c.pk),
        },
        "people/child_summary.html",
    )


def _contact_details(request: HttpRequest, child: Person) -> dict:
    """Whose email and mobile the family page offers to change: the child's and their parents'
    and carers' (for a secure link to give their views), to those who keep them."""
    if not may_keep_contact_details(request.user, child):
        return {"contactable": set()}
    return {"contactable": {r.person.pk for r in reachable(child)}}


def child_family(request: HttpRequest, child_id: int) -> HttpResponse:
    return _child_page(
        request,
        child_id,
        "family",
        lambda c: {**family_view(c, request.user), **_contact_details(request, c)},
        "people/child_family.html",
    )


def child_access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    if not may_view_access_log(request.user):
        raise PermissionDenied("Only managers and quality assurance can see who viewed a record.")
    return _child_page(
        request,
        child_id,
        "access",
        lambda c: {
            "events": AccessEvent.objects.filter(child=c)
            .select_related("user")
            .order_by("-occurred_at")[:200],
            "log": sharing_log(c),
        },
        "people/child_access_log.html",
    )


def child_url(child_id: int) -> str:
    return reverse("child", kwargs={"child_id": child_id})
