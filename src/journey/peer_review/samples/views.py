"""The review's "Cases and audits" tab: each line's sample (drawn here by the planner), the
team's audits of the sampled cases, and the peers' grades beside the council's own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import peer_review as access
from journey.access.rules import worker_for
from journey.core.forms import add_service_errors
from journey.core.templatetags.govuk import counted
from journey.peer_review.models import PeerReview, ReviewCase
from journey.peer_review.samples import criteria, selectors, services
from journey.peer_review.samples.forms import PeerAuditForm, SampleForm
from journey.peer_review.views import readable_review, review_context
from journey.quality.selectors import tool_domains
from journey.quality.services import current_tool
from journey.workforce.models import Worker


def samples(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    lines = selectors.sample_lines(review, request.user)
    context = review_context(request, review, "samples") | {
        "lines": lines,
        "summary": selectors.summary(lines),
    }
    return render(request, "peer_review/samples/samples.html", context)


def _planner(request: HttpRequest, review: PeerReview) -> Worker:
    worker = worker_for(request.user)
    if worker is None or not access.may_manage_review(request.user, review):
        raise PermissionDenied(access.PLAN_REFUSED)
    return worker


def _preview(form: SampleForm, review: PeerReview, worker: Worker) -> str | None:
    """How many children meet the criteria today, without drawing (a GET with the criteria)."""
    if not form.is_valid():
        return None
    data = form.to_input()
    errors = {k: v for k, v in services.sample_errors(data).items() if k != "size"}
    if errors:
        add_service_errors(form, ValidationError(errors))
        return None
    today = timezone.localdate()
    criterion = criteria.get(data.criterion)
    assert criterion is not None  # sample_errors refused an unknown one
    found = services.candidate_episodes(review, data, by=worker, on=today).count()
    who = "No children meet" if not found else f"{counted(found, 'child', 'children')} meet"
    return f"{who} these criteria today: {criterion.describe(data.months, today)}."


@require_http_methods(["GET", "POST"])
def draw_sample(request: HttpRequest, review_id: int, line_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    line = get_object_or_404(selectors.line_for_draw(review, line_id))
    worker = _planner(request, review)
    preview = None
    if request.method == "POST":
        form = SampleForm(request.POST)
        if form.is_valid():
            try:
                cases = services.draw_line_sample(line, form.to_input(), by=worker)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Line {line.number}'s sample is drawn: "
                    f"{counted(len(cases), 'case')}, opened to the review team",
                )
                return redirect("peer_review_samples", review_id=review.pk)
    elif "criterion" in request.GET:
        form = SampleForm(request.GET)
        preview = _preview(form, review, worker)
    else:
        form = SampleForm(initial={"months": 6, "size": 8, "criterion": line.criterion or None})
    context = review_context(request, review, "samples") | {
        "line": line,
        "form": form,
        "preview": preview,
        "refusal": services.draw_refusal(line, timezone.localdate()),
    }
    return render(request, "peer_review/samples/draw.html", context)


def _case(review: PeerReview, review_case_id: int) -> ReviewCase:
    return get_object_or_404(selectors.review_case(review, review_case_id))


def _case_context(request: HttpRequest, review: PeerReview, case: ReviewCase) -> dict:
    named = access.nameable_children(request.user, [case.child_id])
    council = selectors.council_audits(review, [case.child_id]).get(case.child_id)
    return review_context(request, review, "samples") | {
        "case": case,
        "named": case.child_id in named,
        "council": council,
    }


@require_http_methods(["GET", "POST"])
def record_audit(request: HttpRequest, review_id: int, review_case_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    case = _case(review, review_case_id)
    if hasattr(case, "audit"):
        return redirect("peer_review_audit_view", review_id=review.pk, review_case_id=case.pk)
    member = access.team_member(request.user, review)
    if member is None or not access.may_audit_case(request.user, case):
        raise PermissionDenied(access.AUDIT_REFUSED)
    tool = current_tool()
    domains = tool_domains(tool) if tool else []
    form = PeerAuditForm(request.POST or None, domains=domains)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_peer_audit(case, form.to_input(), by=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your audit of {case.reference} is recorded")
            return redirect("peer_review_samples", review_id=review.pk)
    context = _case_context(request, review, case) | {"form": form, "tool": tool}
    return render(request, "peer_review/samples/audit_form.html", context)


def view_audit(request: HttpRequest, review_id: int, review_case_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    case = _case(review, review_case_id)
    audit = getattr(case, "audit", None)
    context = _case_context(request, review, case) | {
        "audit": audit,
        "domains": selectors.audit_answers(audit) if audit else [],
        "may_audit": audit is None and access.may_audit_case(request.user, case),
    }
    return render(request, "peer_review/samples/audit.html", context)
