"""The review's plan: the overview tab (details, team, lines of enquiry, schedule, documents) and
the pages that change it. Thin views: ask access, call one service, redirect to the overview.

Host staff and the review team (while the review is live for them) read the overview; only the
host council's assistant directors change the plan, until the findings letter is issued.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from journey.access import peer_review as access
from journey.access.rules import worker_for
from journey.core.forms import GovukForm, add_service_errors
from journey.peer_review import selectors as review_selectors
from journey.peer_review.models import PeerReview
from journey.peer_review.planning import selectors, services
from journey.peer_review.planning.forms import (
    DocumentForm,
    LineForm,
    MemberForm,
    NewReviewerForm,
    ReasonForm,
    ReviewForm,
    SessionForm,
)
from journey.peer_review.views import readable_review, review_context
from journey.workforce.models import Worker


def _posted(request: HttpRequest) -> QueryDict | None:
    """What a form is bound to: the POST (even an empty one), or nothing on a GET."""
    return request.POST if request.method == "POST" else None


def _planner(request: HttpRequest) -> Worker:
    worker = worker_for(request.user)
    if worker is None or not access.may_plan_reviews(request.user):
        raise PermissionDenied(access.PLAN_REFUSED)
    return worker


def _changeable(request: HttpRequest, review_id: int) -> tuple[PeerReview, Worker]:
    """The review, if this user may change its plan now."""
    review = get_object_or_404(review_selectors.review_detail(), pk=review_id)
    worker = _planner(request)
    if not access.may_change_plan(request.user, review):
        raise PermissionDenied(access.CHANGE_REFUSED)
    return review, worker


def _overview(review: PeerReview, anchor: str = "") -> HttpResponse:
    url = reverse("peer_review", kwargs={"review_id": review.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_page(
    request: HttpRequest,
    review: PeerReview,
    form: GovukForm,
    save: Callable[[], str],
    *,
    template: str,
    anchor: str,
    fields: dict[str, str] | None = None,
    **context,
) -> HttpResponse:
    """A planning form: on a valid POST, call the service (its errors go on the form), say what
    was done and go back to the overview."""
    if request.method == "POST" and form.is_valid():
        try:
            done = save()
        except ValidationError as error:
            add_service_errors(form, error, fields)
        else:
            messages.success(request, done)
            return _overview(review, anchor)
    page = review_context(request, review, "overview") | {"form": form, **context}
    return render(request, template, page)


# --- the review ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new_review(request: HttpRequest) -> HttpResponse:
    worker = _planner(request)
    form = ReviewForm(_posted(request), initial=ReviewForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.plan_review(form.to_input(), by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Review planned: {review.title}. Now add its team, lines of enquiry and schedule.",
            )
            return _overview(review)
    return render(
        request,
        "peer_review/planning/review_form.html",
        {"form": form, "review": None, "section": "peer_review"},
    )


@require_http_methods(["GET", "POST"])
def change_review(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = ReviewForm(_posted(request), initial=ReviewForm.initial_for(review))

    def save() -> str:
        services.change_review(review, form.to_input(), by=worker)
        return "The review's details are changed"

    return _form_page(
        request, review, form, save, template="peer_review/planning/review_form.html", anchor=""
    )


def overview(request: HttpRequest, review_id: int) -> HttpResponse:
    review = readable_review(request, review_id)
    host = access.is_host_reader(request.user)
    context = review_context(request, review, "overview") | {
        "overview": selectors.overview(review, host=host),
        "may_change": access.may_change_plan(request.user, review),
        "host_reader": host,
    }
    return render(request, "peer_review/planning/overview.html", context)


# --- the team --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = MemberForm(_posted(request), review=review)

    def save() -> str:
        member = services.add_member(review, form.to_input(), by=worker)
        return f"{member.worker.name} joined the review team as {member.get_role_display()}"

    return _form_page(
        request, review, form, save, template="peer_review/planning/member_form.html", anchor="team"
    )


@require_http_methods(["GET", "POST"])
def add_new_reviewer(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = NewReviewerForm(_posted(request))

    def save() -> str:
        member = services.add_new_reviewer(review, form.to_input(), by=worker)
        return (
            f"{member.worker.name} joined the review team as {member.get_role_display()}. "
            "Ask the Journey administrator to issue their sign-in."
        )

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/new_reviewer_form.html",
        anchor="team",
        fields={"name": "first_name"},
    )


@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, review_id: int, team_member_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    member = get_object_or_404(
        review.members.select_related("worker__user", "visit"), pk=team_member_id
    )
    form = ReasonForm(_posted(request), label="Why they are leaving the team")

    def save() -> str:
        services.remove_member(member, form.cleaned_data["reason"], by=worker)
        return f"{member.worker.name} has left the review team; their access to cases has ended"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/remove_member.html",
        anchor="team",
        member=member,
    )


# --- lines of enquiry ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_line(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = LineForm(_posted(request))

    def save() -> str:
        line = services.add_line(review, form.to_input(), by=worker)
        return f"Line of enquiry {line.number} added"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/line_form.html",
        anchor="lines",
        line=None,
    )


@require_http_methods(["GET", "POST"])
def change_line(request: HttpRequest, review_id: int, line_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    line = get_object_or_404(review.lines, pk=line_id)
    form = LineForm(_posted(request), initial=LineForm.initial_for(line))

    def save() -> str:
        services.change_line(line, form.to_input(), by=worker)
        return f"Line of enquiry {line.number} changed"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/line_form.html",
        anchor=f"line-{line.number}",
        line=line,
    )


# --- the schedule ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_session(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = SessionForm(_posted(request), review=review, initial={"on": review.starts_on})

    def save() -> str:
        session = services.add_session(review, form.to_input(), by=worker)
        return f"Session added to the schedule: {session}"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/session_form.html",
        anchor="schedule",
    )


@require_http_methods(["GET", "POST"])
def cancel_session(request: HttpRequest, review_id: int, review_session_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    session = get_object_or_404(review.sessions, pk=review_session_id)
    form = ReasonForm(_posted(request), label="Why the session is cancelled")

    def save() -> str:
        services.cancel_session(session, form.cleaned_data["reason"], by=worker)
        return f"Session cancelled: {session}"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/cancel_session.html",
        anchor="schedule",
        session=session,
    )


# --- documents -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attach_document(request: HttpRequest, review_id: int) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)

    def save() -> str:
        document = services.attach_document(review, form.to_input(), by=worker)
        return f"Document attached: {document.title}"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/document_form.html",
        anchor="documents",
    )


@never_cache
def document(request: HttpRequest, review_id: int, review_document_id: int) -> FileResponse:
    """The file, to whoever may read the review, while it is offered (not withdrawn)."""
    review = readable_review(request, review_id)
    found = get_object_or_404(review.documents, pk=review_document_id)
    if found.withdrawn_at:
        raise Http404("This document has been withdrawn")
    name = found.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=name, content_type=found.content_type
    )


@require_http_methods(["GET", "POST"])
def withdraw_document(
    request: HttpRequest, review_id: int, review_document_id: int
) -> HttpResponse:
    review, worker = _changeable(request, review_id)
    found = get_object_or_404(review.documents, pk=review_document_id)
    form = ReasonForm(_posted(request), label="Why the document is withdrawn")

    def save() -> str:
        services.withdraw_document(found, form.cleaned_data["reason"], by=worker)
        return f"Document withdrawn: {found.title}"

    return _form_page(
        request,
        review,
        form,
        save,
        template="peer_review/planning/withdraw_document.html",
        anchor="documents",
        document=found,
    )
