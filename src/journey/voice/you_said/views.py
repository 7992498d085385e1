"""'You said, we did': the log for staff, recording an issue and its response, and the
published page for young people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import voice as access
from journey.core.forms import add_service_errors
from journey.voice.you_said import selectors, services
from journey.voice.you_said.forms import IssueForm, ResponseForm
from journey.voice.you_said.models import YouSaidIssue


def log(request: HttpRequest) -> HttpResponse:
    if not access.may_read_participation(request.user):
        raise PermissionDenied(access.READ_REFUSED)
    return render(
        request,
        "voice/you_said/log.html",
        {
            "issues": selectors.log(),
            "may_record": access.may_record_participation(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def record_issue(request: HttpRequest) -> HttpResponse:
    if not access.may_record_participation(request.user):
        raise PermissionDenied(access.RECORD_REFUSED)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.record_issue(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Issue recorded: record the response when there is one")
            return redirect("voice_you_said_respond", issue_id=issue.pk)
    return render(request, "voice/you_said/issue.html", {"form": form})


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, issue_id: int) -> HttpResponse:
    if not access.may_record_participation(request.user):
        raise PermissionDenied(access.RECORD_REFUSED)
    issue = get_object_or_404(YouSaidIssue.objects.select_related("owner__user"), pk=issue_id)
    initial = {
        "response": issue.response,
        "responded_on": issue.responded_on,
        "owner": issue.owner_id,
        "changed": issue.changed,
        "changed_on": issue.changed_on,
        "published": issue.published,
    }
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(issue, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Response recorded")
            return redirect("voice_you_said")
    return render(request, "voice/you_said/respond.html", {"form": form, "issue": issue})


def published(request: HttpRequest) -> HttpResponse:
    if not access.may_show_published(request.user):
        raise PermissionDenied(access.PUBLISHED_REFUSED)
    return render(request, "voice/you_said/published.html", {"issues": selectors.published()})
