"""The CIN census pages: choose the collection year, see the children whose records would break
a census rule (each linked to the record to fix), and download the return as DfE XML.

Who may: heads of service, assistant directors, quality assurance officers and administrators
(the people who answer for the statutory return); everyone else is refused with a 403.

The download is streamed. It writes one access-log EXPORT event for the whole return (with the
collection and the number of children), not one per child: a council's return holds tens of
thousands of children, and the event names the return, which names every child in it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.core.access_log import log_access
from journey.core.models import AccessEvent
from journey.core.permissions import worker_for
from journey.people.models import Person
from journey.reporting.census import rules
from journey.reporting.census.collection import (
    Collection,
    child_ids_in_scope,
    current_year,
)
from journey.reporting.census.xml import census_bytes
from journey.workforce.models import Role

CENSUS_ROLES = {
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
    Role.ADMINISTRATOR,
}
FIRST_YEAR = 2024


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Collection year", coerce=int)

    def __init__(self, data, *, today):
        self.current = current_year(today)
        super().__init__(data)
        years = range(self.current, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(y, Collection(y).label) for y in years]

    def collection(self) -> Collection:
        year = self.cleaned_data["year"] if self.is_valid() else self.current
        return Collection(year)


def _census_reader(request: HttpRequest) -> None:
    worker = worker_for(request.user)
    allowed = request.user.is_superuser or (
        worker is not None and worker.is_active and worker.role in CENSUS_ROLES
    )
    if not allowed:
        log_access(request, None, AccessEvent.Action.DENIED, "CIN census return")
        raise PermissionDenied(
            "The CIN census return is for heads of service, assistant directors, quality "
            "assurance officers and administrators."
        )


def _collection(request: HttpRequest) -> tuple[YearForm, Collection]:
    form = YearForm(request.GET or None, today=timezone.localdate())
    return form, form.collection()


def census(request: HttpRequest) -> HttpResponse:
    _census_reader(request)
    form, collection = _collection(request)
    summary = rules.check(collection)
    return render(
        request,
        "reporting/census/census.html",
        {
            "form": form,
            "collection": collection,
            "summary": summary,
            "rules": [r for r in rules.RULES if rules.applies(r, collection)],
        },
    )


def census_download(request: HttpRequest) -> StreamingHttpResponse:
    _census_reader(request)
    _form, collection = _collection(request)
    children = Person.objects.filter(pk__in=child_ids_in_scope(collection)).count()
    log_access(
        request,
        None,
        AccessEvent.Action.EXPORT,
        f"CIN census return {collection.label}: {children} children",
    )
    response = StreamingHttpResponse(census_bytes(collection), content_type="application/xml")
    name = f"CIN_census_{collection.year}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
