"""The child's professional network: add someone, or record they are no longer involved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record
from journey.access.rules import may_keep_network
from journey.core.forms import add_service_errors
from journey.people.models import NetworkMember
from journey.people.network import services
from journey.people.network.forms import EndInvolvementForm, ProfessionalForm

KEPT_BY_WORKERS = "The network is kept by the workers on the child's open work."


def _child(request: HttpRequest, child_id: int):
    return open_child_record(
        request,
        child_id,
        unless=lambda child: "" if may_keep_network(request.user, child) else KEPT_BY_WORKERS,
    )


@require_http_methods(["GET", "POST"])
def add_professional(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    form = ProfessionalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_to_network(child, form.details(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{member.professional.name} is in {child.first_name}'s network"
            )
            return redirect("child", child_id=child.pk)
    return render(request, "people/network/add.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
def end_involvement(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child = _child(request, child_id)
    member = get_object_or_404(
        NetworkMember.objects.select_related("professional__agency"), pk=member_id, child=child
    )
    form = EndInvolvementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_involvement(
                member, ended_on=form.cleaned_data["ended_on"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{member.professional.name} is no longer in {child.first_name}'s network"
            )
            return redirect("child", child_id=child.pk)
    return render(
        request, "people/network/end.html", {"form": form, "child": child, "member": member}
    )
