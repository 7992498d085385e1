"""The CIN census pages: choose the collection year, check the records against the DfE rules,
see the children whose records break a rule (each linked to the record to fix; filtered by rule
or by error and query, a page at a time) and download the return as DfE XML.

The check is stored (`reporting.census.checks`): running it reads the whole return, so it runs
when asked, in the background (`journey.background`: the person watches its progress page, then
comes back here), and the page reads the latest stored check.

Who may: performance and data officers and assistant directors (`access.returns`); everyone
else, administrators included, is refused with a 403 and the refusal is logged.

The same people explain a query (a rule whose number ends in Q: the record may be right) on its
own page, for the DfE; the explanation carries over to later checks of the collection. The
child's record must be one they may see (a restricted record needs a grant).

The import page checks or imports a return from a previous system, all or nothing, in the
background (the progress page, then the run's page), and lists every run with what it found.

The download is streamed and holds every child in scope, restricted records included (the DfE
is entitled to them); it writes one access-log EXPORT event per child in it, in bulk, so each
child's "viewed by" page shows the return. The problems workbook does the same for the children
it names.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from journey.access.log import log_access, log_export
from journey.access.returns import RETURNS_REFUSED, may_produce_returns
from journey.access.rules import can_view_child
from journey.background import services as background
from journey.core.forms import GovukForm, add_service_errors
from journey.core.models import AccessEvent
from journey.reporting.census import checks, explanations, rules
from journey.reporting.census.collection import (
    Collection,
    child_ids_in_scope,
    current_year,
)
from journey.reporting.census.forms import CensusImportForm
from journey.reporting.census.xml import census_bytes
from journey.reporting.models import CensusBreach, CensusCheck, CensusImport

FIRST_YEAR = 2024
RUNS_LISTED = 20
PROBLEMS_LISTED = 500


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
    if not may_produce_returns(request.user):
        log_access(request, None, AccessEvent.Action.DENIED, RETURNS_REFUSED)
        raise PermissionDenied(RETURNS_REFUSED)


def _collection(request: HttpRequest) -> tuple[YearForm, Collection]:
    data = request.POST if request.method == "POST" else request.GET
    form = YearForm(data or None, today=timezone.localdate())
    return form, form.collection()


def census(request: HttpRequest) -> HttpResponse:
    _census_reader(request)
    form, collection = _collection(request)
    latest = CensusCheck.objects.latest_for(collection.year)
    rule, kind = request.GET.get("rule", ""), request.GET.get("kind", "")
    kind = kind if kind in checks.KINDS else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/census/census.html",
        {
            "form": form,
            "collection": collection,
            "latest": latest,
            "counts": checks.counts_by_rule(latest) if latest else [],
            "return_rules": checks.return_rules_of(latest) if latest else [],
            "met_by_export": rules.MET_BY_THE_EXPORT,
            "return_rules_checked": rules.RETURN_RULES,
            "page": checks.breaches_page(latest, request.GET.get("page"), rule=rule, kind=kind)
            if latest
            else None,
            "chosen_rule": rules.rule_numbered(rule),
            "kind": kind,
            "query": query.urlencode(),
            "here": request.GET.urlencode(),
            "explained": checks.explained_queries(latest) if latest else 0,
            "rules": [r for r in rules.RULES if r.applies(collection)],
        },
    )


@require_POST
def census_check(request: HttpRequest) -> HttpResponse:
    _census_reader(request)
    _form, collection = _collection(request)
    return redirect(background.start_census_check(collection, by=request.user))


def census_download(request: HttpRequest) -> StreamingHttpResponse:
    _census_reader(request)
    _form, collection = _collection(request)
    log_export(
        request.user,
        child_ids_in_scope(collection).values_list("child_id", flat=True),
        path=request.get_full_path(),
        what=f"CIN census return {collection.label}",
    )
    response = StreamingHttpResponse(census_bytes(collection), content_type="application/xml")
    name = f"CIN_census_{collection.year}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExplainQueryForm(GovukForm):
    explanation = forms.CharField(
        label="Why the record is right",
        help_text=(
            "The DfE reads this with the return. Say what happened, in a sentence or two: for "
            "example, the family moved during the assessment and it was restarted."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the record is right"},
    )


def _back_to_census(request: HttpRequest, year: int) -> str:
    """The census page as it was (year, rule, kind and page), to return to after explaining."""
    params = {"year": year}
    for name in ("rule", "kind", "page"):
        if value := request.GET.get(name, "")[:20]:
            params[name] = value
    return f"{reverse('census')}?{urlencode(params)}"


@require_http_methods(["GET", "POST"])
def explain_census_query(request: HttpRequest, breach_id: int) -> HttpResponse:
    """Say why a query's record is right. The newest explanation counts; earlier ones are kept."""
    _census_reader(request)
    breach = get_object_or_404(
        CensusBreach.objects.select_related("census_check", "child"), pk=breach_id
    )
    child = breach.child
    access = can_view_child(request.user, child)
    if not access.allowed:
        log_access(request, child, AccessEvent.Action.DENIED, access.reason)
        raise PermissionDenied(access.reason)
    collection = Collection(breach.census_check.year)
    back = _back_to_census(request, collection.year)
    latest = explanations.latest_explanation(breach)
    form = ExplainQueryForm(
        request.POST or None, initial={"explanation": latest.explanation} if latest else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            explanations.explain_census_query(
                breach, explanation=form.cleaned_data["explanation"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Query {breach.rule} for {child.full_name} ({child.local_id}) is explained",
            )
            return redirect(back)
    if request.method == "GET":
        log_access(
            request,
            child,
            AccessEvent.Action.VIEW,
            f"CIN census {collection.label}: explain query {breach.rule}",
        )
    return render(
        request,
        "reporting/census/explain.html",
        {
            "breach": breach,
            "child": child,
            "collection": collection,
            "rule": rules.rule_numbered(breach.rule),
            "latest": latest,
            "form": form,
            "back": back,
        },
    )


def census_import(request: HttpRequest) -> HttpResponse:
    _census_reader(request)
    form = CensusImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = background.start_census_file(
            form.cleaned_data["file"],
            team=form.cleaned_data["team"],
            check_only=form.check_only,
            by=request.user,
        )
        return redirect(job)
    runs = CensusImport.objects.select_related("team")[:RUNS_LISTED]
    return render(
        request,
        "reporting/census/import.html",
        {"form": form, "runs": runs, "max_mb": settings.JOURNEY_MAX_UPLOAD_MB},
    )


def census_import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    _census_reader(request)
    run = get_object_or_404(CensusImport.objects.select_related("team"), pk=run_id)
    return render(
        request,
        "reporting/census/import_run.html",
        {
            "run": run,
            "problems": run.problems[:PROBLEMS_LISTED],
            "more_problems": max(len(run.problems) - PROBLEMS_LISTED, 0),
        },
    )


def census_problems_xlsx(request: HttpRequest) -> HttpResponse:
    """The latest check's problems as a spreadsheet, to share out and work through."""
    _census_reader(request)
    _form, collection = _collection(request)
    latest = CensusCheck.objects.latest_for(collection.year)
    if latest is None:
        raise Http404("These records have not been checked yet.")

    def link_for(breach) -> str:
        if breach.episode_id:
            return request.build_absolute_uri(
                reverse("social_care_record", args=[breach.episode_id])
            )
        return request.build_absolute_uri(reverse("child", args=[breach.child_id]))

    body = checks.problems_workbook(latest, link_for)
    log_export(
        request.user,
        latest.breaches.values_list("child_id", flat=True),
        path=request.get_full_path(),
        what=f"CIN census {collection.label} data-quality list",
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"CIN_census_{collection.year}_problems.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
