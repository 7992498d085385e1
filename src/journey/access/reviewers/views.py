"""Reviewer visit pages (R12): thin views over access.reviewers.visits.

Who may do what:
- Plan a visit, sample it, extend it, revoke it: heads of service (their service's teams) and
  assistant directors; sampling, extending and revoking only by whoever granted the visit, or a
  director. A refused extension is written to the access log.
- The visits and their reports: the granting head, assistant directors and QA officers.
- The reviewer's own page: the reviewer, listing the children open to them now. Their views of a
  child go through the child's own pages, which check the grant and write the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from journey.access.log import log_access, log_export
from journey.access.peer_review import readable_reviews
from journey.access.reviewers import services as reviewers
from journey.access.reviewers.forms import (
    ChooseForm,
    ChooseSearchForm,
    DrawForm,
    ExtendForm,
    RevokeForm,
    VisitForm,
)
from journey.access.rules import is_reviewer, visible_children, worker_for
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent, ReviewerAccess
from journey.core.templatetags.govuk import govuk_date
from journey.quality.models import SampleMethod
from journey.workforce.models import Role, Team, Worker

CHOOSE_LIMIT = 200


def _worker(request: HttpRequest) -> Worker:
    worker = worker_for(request.user)
    if worker is None or not worker.is_active:
        raise PermissionDenied(
            "Your account is not linked to an active worker record. Ask the Journey administrator."
        )
    return worker


def _overseer(request: HttpRequest) -> Worker:
    worker = _worker(request)
    if not reviewers.may_see_visits(worker):
        raise PermissionDenied(
            "Reviewer visits are granted by heads of service and assistant directors, and seen "
            "by them and quality assurance officers."
        )
    return worker


def _granter(request: HttpRequest) -> Worker:
    worker = _worker(request)
    if not reviewers.may_grant(worker):
        raise PermissionDenied(
            "Only heads of service and assistant directors grant reviewer access."
        )
    return worker


def _visit(worker: Worker, visit_id: int) -> ReviewerAccess:
    return get_object_or_404(
        reviewers.visit_detail_qs().filter(reviewers.visits_scope(worker)), pk=visit_id
    )


def _managed_visit(request: HttpRequest, visit_id: int) -> tuple[Worker, ReviewerAccess]:
    worker = _granter(request)
    visit = _visit(worker, visit_id)
    if not reviewers.may_manage_visit(worker, visit):
        raise PermissionDenied(f"{reviewers.manage_refusal(visit)}.")
    return worker, visit


def _teams_for(worker: Worker):
    teams = Team.objects.filter(is_active=True).select_related("service").order_by("name")
    if worker.role == Role.HEAD_OF_SERVICE:
        return teams.filter(service_id=worker.home_service_id)
    return teams


# --- Visits ----------------------------------------------------------------------------------


def reviewer_visits(request: HttpRequest) -> HttpResponse:
    worker = _overseer(request)
    visits = list(reviewers.visits_list(worker))
    today = timezone.localdate()
    for visit in visits:
        visit.status = reviewers.status(visit, today)
    context = {"visits": visits, "may_grant": reviewers.may_grant(worker)}
    return render(request, "access/reviewers/visits.html", context)


@require_http_methods(["GET", "POST"])
def new_reviewer_visit(request: HttpRequest) -> HttpResponse:
    worker = _granter(request)
    today = timezone.localdate()
    form = VisitForm(
        request.POST or None,
        teams=_teams_for(worker),
        initial={"starts_on": today, "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = reviewers.plan_visit(form.to_input(), by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Access for {visit.reviewer.name} is planned: add the cases")
            return redirect("reviewer_visit", visit_id=visit.pk)
    return render(request, "access/reviewers/new_visit.html", {"form": form})


def _report(request: HttpRequest, visit: ReviewerAccess) -> reviewers.VisitReport:
    """The visit's report, naming only the children the reader may see."""
    report = reviewers.visit_report(visit)
    ids = [viewed.case.child_id for viewed in report.cases]
    visible = set(visible_children(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    for viewed in report.cases:
        viewed.named = viewed.case.child_id in visible
    return report


def reviewer_visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    worker = _overseer(request)
    return _visit_page(request, worker, _visit(worker, visit_id))


def _visit_page(
    request: HttpRequest,
    worker: Worker,
    visit: ReviewerAccess,
    draw_form: DrawForm | None = None,
    extend_form: ExtendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    report = _report(request, visit)
    may_extend = reviewers.may_extend(worker, visit)
    context = {
        "visit": visit,
        "status": reviewers.status(visit),
        "report": report,
        "may_manage": reviewers.may_manage_visit(worker, visit),
        "draw_form": draw_form or DrawForm(initial={"method": SampleMethod.RANDOM}),
        "may_extend": may_extend,
        "extend_form": (extend_form or ExtendForm(visit=visit)) if may_extend else None,
        "extensions": reviewers.visit_extensions(visit),
        "eligible": len(reviewers.candidates(visit, visit.granted_by))
        if not visit.is_sampled
        else None,
        "kind_labels": reviewers.kind_labels(visit),
    }
    return render(request, "access/reviewers/visit.html", context, status=status)


@require_POST
def draw_reviewer_sample(request: HttpRequest, visit_id: int) -> HttpResponse:
    worker, visit = _managed_visit(request, visit_id)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            drawn = reviewers.draw_sample(
                visit,
                size=form.cleaned_data["size"],
                method=form.cleaned_data["method"],
                seed=form.cleaned_data["seed"],
                by=worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            visit.refresh_from_db()
            cases = f"{len(drawn)} case{'s' if len(drawn) != 1 else ''}"
            messages.success(request, f"{cases} drawn with seed {visit.seed}")
            return redirect("reviewer_visit", visit_id=visit.pk)
    return _visit_page(request, worker, visit, draw_form=form, status=400)


@require_http_methods(["GET", "POST"])
def choose_reviewer_cases(request: HttpRequest, visit_id: int) -> HttpResponse:
    worker, visit = _managed_visit(request, visit_id)
    search = ChooseSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    eligible = reviewers.eligible_children(visit, text)
    listed = eligible[:CHOOSE_LIMIT] if request.method == "GET" else eligible
    form = ChooseForm(request.POST or None, children=listed)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = reviewers.choose_sample(
                visit, children=list(form.cleaned_data["children"]), by=worker
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            cases = f"{len(chosen)} case{'s' if len(chosen) != 1 else ''}"
            messages.success(request, f"{cases} opened to {visit.reviewer.name}")
            return redirect("reviewer_visit", visit_id=visit.pk)
    if request.method == "POST":
        form.fields["children"].queryset = eligible[:CHOOSE_LIMIT]
    context = {"visit": visit, "form": form, "search": search, "limit": CHOOSE_LIMIT}
    return render(request, "access/reviewers/choose.html", context)


@require_POST
def extend_reviewer_visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The extension form is on the visit page; a refusal is logged, whoever asked."""
    try:
        worker = _granter(request)
        visit = get_object_or_404(reviewers.visit_detail_qs(), pk=visit_id)
        if not reviewers.may_manage_visit(worker, visit):
            raise PermissionDenied(f"{reviewers.manage_refusal(visit)}.")
    except PermissionDenied as denial:
        log_access(request, None, AccessEvent.Action.DENIED, str(denial))
        raise
    form = ExtendForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            reviewers.extend_visit(
                visit,
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
                by=worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            visit.refresh_from_db()
            messages.success(
                request,
                f"The visit is extended: {visit.reviewer.name} can open its cases until the end "
                f"of {govuk_date(visit.ends_on)}",
            )
            return redirect("reviewer_visit", visit_id=visit.pk)
    return _visit_page(request, worker, visit, extend_form=form, status=400)


@require_http_methods(["GET", "POST"])
def revoke_reviewer_visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    worker, visit = _managed_visit(request, visit_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviewers.revoke_visit(visit, reason=form.cleaned_data["reason"], by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{visit.reviewer.name}'s access has been revoked")
            return redirect("reviewer_visit", visit_id=visit.pk)
    return render(request, "access/reviewers/revoke.html", {"visit": visit, "form": form})


def reviewer_visit_xlsx(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The report as a spreadsheet. It names children, so each one's export is logged."""
    worker = _overseer(request)
    visit = _visit(worker, visit_id)
    report = _report(request, visit)
    content = reviewers.report_workbook(report)
    log_export(
        request.user,
        (viewed.case.child_id for viewed in report.cases),
        path=request.get_full_path(),
        what="Reviewer visit report",
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"reviewer-visit-{visit.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The reviewer's own page -----------------------------------------------------------------


def my_reviews(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    if not is_reviewer(request.user):
        raise PermissionDenied("This page is for peer reviewers and inspectors.")
    context = reviewers.my_reviews(worker) | {
        "peer_reviews": list(readable_reviews(request.user).order_by("starts_on", "pk")),
    }
    return render(request, "access/reviewers/my_reviews.html", context)
