"""The CAF tracker and the single-agency tracker: thin views over tracker.selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from journey.access.log import log_export
from journey.access.rules import may_use_trackers, worker_for
from journey.tracker import selectors
from journey.tracker.exports import OUTCOME_COLUMN, tracker_workbook
from journey.tracker.forms import SingleAgencyFilterForm, TrackerFilterForm
from journey.tracker.rows import caf_rows
from journey.tracker.rules import DriftParams
from journey.workforce.models import Worker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _worker(request: HttpRequest) -> Worker:
    if not may_use_trackers(request.user):
        raise PermissionDenied(
            "The trackers are for council staff who hold or manage early help, and for partner "
            "agencies' lead professionals. Ask the Journey administrator if you need them."
        )
    return worker_for(request.user)


def _caf_form(request: HttpRequest, worker: Worker) -> TrackerFilterForm:
    teams = selectors.team_choices() if not worker.is_external else []
    default = selectors.default_team(worker)
    team = TrackerFilterForm.team_from(request.GET, teams, default)
    return TrackerFilterForm(
        request.GET,
        teams=teams,
        default_team=default,
        external=worker.is_external,
        leads=selectors.lead_choices(request.user, team),
        rules=selectors.drift_rules_for(request.user),
    )


def _query(values: dict, **changes) -> str:
    merged = {**values, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _sort_headers(columns, current: str, values: dict) -> list[dict]:
    headers = []
    for column in columns:
        if current == column.key:
            state, next_sort = "ascending", f"-{column.key}"
        elif current == f"-{column.key}":
            state, next_sort = "descending", column.key
        else:
            state, next_sort = "none", column.first_sort  # the most urgent first
        headers.append(
            {
                "key": column.key,
                "label": column.label,
                "numeric": column.numeric,
                "aria_sort": state,
                "href": "?" + _query(values, sort=next_sort),
            }
        )
    return headers


def _team_label(form, team: str) -> str:
    if "team" not in form.fields or team == selectors.ALL:
        return ""
    return dict(form.fields["team"].choices).get(team, "")


def _described(form: TrackerFilterForm, filters: selectors.TrackerFilter) -> str:
    parts = []
    for name, value in (
        ("team", filters.team),
        ("lead", filters.lead),
        ("agency", filters.agency),
        ("flag", filters.flag),
        ("name", filters.name),
    ):
        if name in form.fields and value not in (None, "", selectors.ALL):
            choices = dict(getattr(form.fields[name], "choices", []))
            parts.append(f"{form.fields[name].label}: {choices.get(value, value)}")
    if "team" not in form.fields:
        parts.insert(0, "The families you are lead professional for")
    return "; ".join(parts) or "All open CAF work you can see"


def caf_tracker(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    today = timezone.localdate()
    params = DriftParams.from_settings()
    form = _caf_form(request, worker)
    filters = form.to_filter()
    page, rows = selectors.caf_tracker_page(
        request.user, today, filters, request.GET.get("page"), params
    )
    values = {
        "team": filters.team if not worker.is_external else "",
        "lead": filters.lead,
        "agency": filters.agency,
        "flag": filters.flag,
        "name": filters.name,
        "sort": filters.sort,
    }
    return render(
        request,
        "tracker/caf_tracker.html",
        {
            "worker": worker,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "row_html": caf_rows(rows),
            "headers": _sort_headers(selectors.CAF_COLUMNS, filters.sort, values),
            "query": _query(values),
            "described": _described(form, filters),
            "trend": selectors.trend(request.user, today, filters),
            "team_label": _team_label(form, filters.team),
            "rules": [
                (rule, rule.describe(params)) for rule in selectors.drift_rules_for(request.user)
            ],
            "today": today,
            "outcome_column": OUTCOME_COLUMN,
        },
    )


def caf_tracker_xlsx(request: HttpRequest) -> HttpResponse:
    """The current view (filters and sort, every page) as XLSX; each child's export is logged."""
    worker = _worker(request)
    today = timezone.localdate()
    params = DriftParams.from_settings()
    form = _caf_form(request, worker)
    filters = form.to_filter()
    rows = selectors.caf_tracker_all(request.user, today, filters, params)
    content = tracker_workbook(
        rows,
        today=today,
        described=_described(form, filters),
        params=params,
        rules=selectors.drift_rules_for(request.user),
    )
    log_export(
        request.user,
        (row.child_id for row in rows),
        path=request.get_full_path(),
        what="CAF tracker export",
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="caf-tracker-{today:%Y-%m-%d}.xlsx"'
    return response


def single_agency(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    today = timezone.localdate()
    teams = selectors.team_choices() if not worker.is_external else []
    default = selectors.default_team(worker)
    team = SingleAgencyFilterForm.team_from(request.GET, teams, default)
    form = SingleAgencyFilterForm(
        request.GET,
        teams=teams,
        default_team=default,
        external=worker.is_external,
        workers=selectors.single_agency_worker_choices(request.user, team),
    )
    filters = form.to_filter()
    page, rows = selectors.single_agency_page(request.user, today, filters, request.GET.get("page"))
    values = {
        "team": filters.team if not worker.is_external else "",
        "worker": filters.worker,
        "sort": filters.sort,
    }
    return render(
        request,
        "tracker/single_agency.html",
        {
            "worker": worker,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "headers": _sort_headers(selectors.SINGLE_AGENCY_COLUMNS, filters.sort, values),
            "query": _query(values),
            "outcomes": selectors.single_agency_outcomes(request.user, today, filters.team),
            "team_label": _team_label(form, filters.team),
            "today": today,
        },
    )
