"""Record or change the email address and mobile number of a child or a parent or carer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record, refuse
from journey.access.voice_links import (
    CONTACT_KEPT_BY_WORKERS,
    NOT_THEIR_FAMILY,
    may_keep_contact_details,
    shown_people,
)
from journey.core.forms import add_service_errors
from journey.people.contact_details import selectors, services
from journey.people.contact_details.forms import ContactDetailsForm


@require_http_methods(["GET", "POST"])
def change_contact_details(request: HttpRequest, child_id: int, person_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: (
            "" if may_keep_contact_details(request.user, c) else CONTACT_KEPT_BY_WORKERS
        ),
    )
    family = {r.person.pk: r for r in selectors.reachable(child)}
    who = family.get(person_id)
    if who is None or person_id not in shown_people(request.user, [who.person]):
        refuse(request, child, NOT_THEIR_FAMILY)
    person = who.person
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    form = ContactDetailsForm(
        request.POST or None, initial={"email": person.email, "mobile": person.mobile}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact_details(person, form.details(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name}'s contact details have been saved")
            return redirect(back or "child_family", **({} if back else {"child_id": child.pk}))
    return render(
        request,
        "people/contact_details/change.html",
        {"child": child, "form": form, "who": who, "back": back},
    )
