"""The child's Family network tab (the genogram, the ecomap and their text alternative) and the
pages that add to it: a relative, a relationship, an informal support, a support that ended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record
from journey.access.rules import (
    may_keep_family_network,
    may_manage_episodes,
    may_read_child_records,
    may_view_access_log,
)
from journey.core.forms import add_service_errors
from journey.people.genogram import services
from journey.people.genogram.forms import (
    EndSupportForm,
    RelationshipForm,
    RelativeForm,
    SupportForm,
)
from journey.people.genogram.selectors import family_network as network_of
from journey.people.genogram.selectors import family_network_drawn
from journey.people.models import InformalSupport, Person

KEPT_BY_WORKERS = "The family network is kept by the workers on the child's open work."


def family_network(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(request, child_id)
    return render(
        request,
        "people/genogram/family_network.html",
        {
            "child": child,
            "tab": "network",
            "may_manage": may_manage_episodes(request.user),
            "may_view_access_log": may_view_access_log(request.user),
            "sees_council_records": may_read_child_records(request.user),
            "may_keep": may_keep_family_network(request.user, child),
            **family_network_drawn(child, request.user),
        },
    )


def _child(request: HttpRequest, child_id: int) -> Person:
    def refusal(child: Person) -> str:
        return "" if may_keep_family_network(request.user, child) else KEPT_BY_WORKERS

    return open_child_record(request, child_id, unless=refusal)


def _done(request: HttpRequest, child: Person, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("family_network", child_id=child.pk)


@require_http_methods(["GET", "POST"])
def add_relative(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relationship = services.add_relative(
                child,
                form.relative(),
                form.relationship(None, child, form.cleaned_data["kind"]),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = relationship.from_person.full_name
            return _done(request, child, f"{name} is in {child.first_name}'s family network")
    return render(request, "people/genogram/add_relative.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
def add_relationship(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    people = [entry.person for entry in network_of(child, request.user).people]
    form = RelationshipForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            relationship = services.record_relationship(
                form.details(), recorded_for=child, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, child, f"Recorded: {services.relationship_words(relationship)}")
    return render(request, "people/genogram/add_relationship.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
def add_support(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    form = SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support = services.add_support(child, form.details(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, child, f"{support.name} is one of {child.first_name}'s supports")
    return render(request, "people/genogram/add_support.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
def end_support(request: HttpRequest, child_id: int, support_id: int) -> HttpResponse:
    child = _child(request, child_id)
    support = get_object_or_404(InformalSupport, pk=support_id, child=child)
    form = EndSupportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_support(support, ended_on=form.cleaned_data["ended_on"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, child, f"{support.name} is no longer one of the supports")
    return render(
        request,
        "people/genogram/end_support.html",
        {"form": form, "child": child, "support": support},
    )
