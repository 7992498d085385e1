"""The review's findings and letter tab, the finding forms, the letter (draft, preview, issued,
PDF), the improvement plan made from it, and the review among earlier reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import peer_review as access
from journey.access.rules import worker_for
from journey.core.forms import add_service_errors
from journey.peer_review.findings import letter as letters
from journey.peer_review.findings import selectors, services
from journey.peer_review.findings.forms import (
    FindingForm,
    FirstActionForm,
    LetterForm,
    PlanForm,
    WithdrawFindingForm,
    plan_input,
)
from journey.peer_review.models import Finding, FindingsLetter, PeerReview, TeamMember
from journey.peer_review.views import readable_review, review_context


def _findings_url(review: PeerReview, finding: Finding | None = None) -> str:
    url = reverse("peer_review_findings", kwargs={"review_id": review.pk})
    return f"{url}#finding-{finding.pk}" if finding else url


def _recorder(request: HttpRequest, review_id: int) -> tuple[PeerReview, TeamMember]:
    """The review and the user's place on its team: only a live member records findings."""
    review = readable_review(request, review_id)
    member = access.team_member(request.user, review)
    if member is None:
        raise PermissionDenied(access.TEAM_REFUSED)
    return review, member


def _finding(review: PeerReview, finding_id: int) -> Finding:
    try:
        return selectors.finding(review, finding_id)
    except Finding.DoesNotExist as exc:
        raise Http404("No such finding in this review") from exc


def findings(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    context = review_context(request, review, "findings")
    context.update(
        {
            "lines": selectors.findings_by_line(review),
            "letter": selectors.letter_of(review),
            "may_record": context["member"] is not None,
            "may_draft": access.may_draft_letter(request.user, review),
            "may_make_plan": access.may_make_plan(request.user, review),
        }
    )
    return render(request, "peer_review/findings/findings.html", context)


def _finding_page(
    request: HttpRequest, review: PeerReview, form: FindingForm, finding: Finding | None
) -> HttpResponse:
    context = review_context(request, review, "findings")
    context.update(
        {
            "form": form,
            "finding": finding,
            "lapsed": selectors.lapsed_evidence(finding) if finding else [],
        }
    )
    return render(request, "peer_review/findings/finding_form.html", context)


@require_http_methods(["GET", "POST"])
def new_finding(request: HttpRequest, review_id: int) -> HttpResponse:
    review, member = _recorder(request, review_id)
    form = FindingForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.record_finding(review, form.to_input(), by=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Finding recorded: {finding.summary}")
            return redirect(_findings_url(review, finding))
    return _finding_page(request, review, form, None)


def _initial(finding: Finding) -> dict:
    return {
        "line": finding.line_id,
        "kind": finding.kind,
        "theme": finding.theme,
        "summary": finding.summary,
        "detail": finding.detail,
        "evidence": finding.evidence,
        "recommendation": finding.recommendation,
        "cases": [c.pk for c in finding.cases.all()],
        "sessions": [s.pk for s in finding.sessions.all()],
        "documents": [d.pk for d in finding.documents.all()],
    }


@require_http_methods(["GET", "POST"])
def change_finding(request: HttpRequest, review_id: int, finding_id: int) -> HttpResponse:
    review, member = _recorder(request, review_id)
    finding = _finding(review, finding_id)
    form = FindingForm(request.POST or None, review=review, initial=_initial(finding))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_finding(finding, form.to_input(), by=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Finding changed: the earlier version is kept")
            return redirect(_findings_url(review, finding))
    return _finding_page(request, review, form, finding)


@require_http_methods(["GET", "POST"])
def withdraw_finding(request: HttpRequest, review_id: int, finding_id: int) -> HttpResponse:
    review, member = _recorder(request, review_id)
    finding = _finding(review, finding_id)
    form = WithdrawFindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_finding(finding, form.cleaned_data["reason"], by=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Finding withdrawn: {finding.summary}")
            return redirect(_findings_url(review, finding))
    context = review_context(request, review, "findings")
    context.update({"form": form, "finding": finding})
    return render(request, "peer_review/findings/withdraw_form.html", context)


# --- the letter --------------------------------------------------------------------------------


def _letter_form(review: PeerReview, letter: FindingsLetter | None, data=None) -> LetterForm:
    initial = (
        {"addressee": letter.addressee, "opening": letter.opening, "closing": letter.closing}
        if letter
        else {"addressee": f"Director of Children's Services, {review.host}"}
    )
    return LetterForm(data, initial=initial)


@require_http_methods(["GET", "POST"])
def letter(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    drafted = selectors.letter_of(review)
    context = review_context(request, review, "findings")
    if drafted is not None and drafted.is_issued:
        if request.method == "POST":
            raise PermissionDenied(access.LETTER_REFUSED)
        context.update(
            {
                "letter": drafted,
                "c": drafted.content,
                "may_make_plan": access.may_make_plan(request.user, review),
            }
        )
        return render(request, "peer_review/findings/letter.html", context)
    may_draft = access.may_draft_letter(request.user, review)
    if request.method == "POST" and not may_draft:
        raise PermissionDenied(access.LETTER_REFUSED)
    form = _letter_form(review, drafted) if may_draft else None
    if request.method == "POST" and form is not None:
        member = context["member"]
        issuing = "issue" in request.POST
        # Issuing issues the draft as saved: its errors show against the saved words.
        form = LetterForm(form.initial if issuing else request.POST)
        if form.is_valid():
            try:
                if issuing:
                    services.issue_letter(review, by=member)
                    messages.success(
                        request,
                        f"The findings letter on {review.title} is issued and kept as issued. "
                        "The review team's access to the review and its cases has ended, yours "
                        "too: the host council reads the letter in Journey",
                    )
                    return redirect("my_work")
                services.draft_letter(review, form.to_input(), by=member)
                messages.success(request, "Draft saved: the preview below shows the letter")
                return redirect(reverse("peer_review_letter", args=[review.pk]) + "#preview")
            except ValidationError as error:
                add_service_errors(form, error)
    preview = None
    if drafted is not None and access.may_read_draft_letter(request.user, review):
        preview = letters.letter_content(review, drafted)
    context.update(
        {
            "letter": drafted,
            "form": form,
            "c": preview,
            "findings_count": selectors.current_findings(review),
        }
    )
    return render(request, "peer_review/findings/letter.html", context)


def letter_pdf(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    issued = FindingsLetter.objects.filter(review=review, issued_at__isnull=False).first()
    if issued is None:
        raise Http404("The findings letter has not been issued")
    if not access.may_read_letter(request.user, review):
        raise PermissionDenied(access.READ_REFUSED)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    name = f"peer-challenge-findings-letter-{review.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the improvement plan from the letter ------------------------------------------------------


def _plan_errors(error: ValidationError, plan: PlanForm, areas: list[FirstActionForm]) -> None:
    by_prefix = {form.prefix: form for form in areas}
    own: dict[str, list] = {}
    for key, problems in error.message_dict.items():
        prefix, _, name = key.partition("-")
        if prefix in by_prefix and name:
            for problem in problems:
                by_prefix[prefix].add_error(
                    name if name in by_prefix[prefix].fields else None, problem
                )
        else:
            own[key] = problems
    if own:
        add_service_errors(plan, ValidationError(own))


@require_http_methods(["GET", "POST"])
def make_plan(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    if not access.may_make_plan(request.user, review):
        raise PermissionDenied(access.MAKE_PLAN_REFUSED)
    issued = selectors.letter_of(review)
    assert issued is not None  # may_make_plan: the letter is issued
    data = request.POST if request.method == "POST" else None
    plan_form = PlanForm(data)
    areas = [
        FirstActionForm(data, number=number, area=area)
        for number, area in enumerate(letters.developments(issued.content or {}), start=1)
    ]
    if request.method == "POST":
        checked = [plan_form.is_valid(), *(form.is_valid() for form in areas)]
        worker = worker_for(request.user)
        if all(checked) and worker is not None:
            try:
                plan = services.make_plan(review, plan_input(plan_form, areas), by=worker)
            except ValidationError as error:
                _plan_errors(error, plan_form, areas)
            else:
                messages.success(
                    request,
                    f"Improvement plan made from the findings letter: {len(areas)} areas for "
                    "improvement, each with its first action",
                )
                return redirect("improvement_plan", plan_id=plan.pk)
    context = review_context(request, review, "findings")
    context.update({"plan_form": plan_form, "areas": areas, "letter": issued})
    return render(request, "peer_review/findings/plan_form.html", context)


# --- across reviews ----------------------------------------------------------------------------


def history(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    context = review_context(request, review, "history")
    context["history"] = selectors.history(review, timezone.localdate())
    return render(request, "peer_review/findings/history.html", context)
