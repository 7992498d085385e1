"""The child's information-sharing log and recording a sharing or a decision not to share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.records import open_child_record
from journey.access.rules import may_read_child_records, may_record_sharing, may_view_access_log
from journey.core.forms import add_service_errors
from journey.sharing import selectors, services
from journey.sharing.forms import SharingForm

COUNCIL_RECORD = "The information-sharing log is the council's record."
RECORDED_BY_WORKERS = "Information sharing is recorded by council workers who record casework."


def sharing_log(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_read_child_records(request.user) else COUNCIL_RECORD,
    )
    return render(
        request,
        "sharing/log.html",
        {
            "child": child,
            "tab": "sharing",
            "log": selectors.sharing_log(child),
            "may_record": may_record_sharing(request.user),
            "may_view_access_log": may_view_access_log(request.user),
            "sees_council_records": True,
        },
    )


@require_http_methods(["GET", "POST"])
def record_sharing(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_record_sharing(request.user) else RECORDED_BY_WORKERS,
    )
    form = SharingForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.record_sharing(child, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{disclosure.get_decision_display()}: on the record")
            return redirect("sharing_log", child_id=child.pk)
    return render(request, "sharing/record.html", {"child": child, "form": form})
