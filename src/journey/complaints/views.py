"""The complaints officer's pages (the list, recording, each step of a complaint, compliments),
a responder's view of what they must answer, and the line on a child's record."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import complaints as rules
from journey.access.log import log_listed
from journey.access.records import open_child_record, refuse
from journey.access.rules import may_read_child_records, may_view_access_log
from journey.complaints import selectors, services
from journey.complaints.forms import (
    CloseForm,
    ComplaintForm,
    ComplimentForm,
    DoneForm,
    ElementsForm,
    ExtensionForm,
    InvestigationForm,
    LearningForm,
    ListFilterForm,
    NextStageForm,
    OmbudsmanForm,
    PanelForm,
    RespondersForm,
    ResponseForm,
)
from journey.complaints.models import Complaint, LearningAction, ResponseLetter
from journey.complaints.stages import services as stages
from journey.core.forms import GovukForm, add_service_errors

SECTION = "complaints"


def _officer(request: HttpRequest) -> None:
    if not rules.may_record_complaints(request.user):
        refuse(request, None, rules.RECORDED_BY_OFFICER)


def _open_file(request: HttpRequest, complaint_id: int, *, respond: bool = False) -> Complaint:
    """The complaint, if this user may open it (or answer it); the view is logged against every
    child it is about, the refusal against none (the file is not a child's record)."""
    complaint = get_object_or_404(Complaint, pk=complaint_id)
    access = (rules.may_respond if respond else rules.may_read_complaint)(request.user, complaint)
    if not access.allowed:
        refuse(request, None, access.reason)
    log_listed(request, selectors.child_ids(complaint), f"Complaint file {complaint.reference}")
    return complaint


def complaints(request: HttpRequest) -> HttpResponse:
    if not rules.may_list_complaints(request.user):
        refuse(request, None, rules.LIST_REFUSED)
    form = ListFilterForm(request.GET or None)
    listing = selectors.complaint_list(
        rules.listed_complaints(request.user),
        form.filters(),
        timezone.localdate(),
        request.GET.get("page", 1),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/list.html",
        {
            "section": SECTION,
            "listing": listing,
            "form": form,
            "query": query.urlencode(),
            "officer": rules.is_complaints_officer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def record_complaint(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = ComplaintForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.record_complaint(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Complaint {complaint.reference} recorded")
            return redirect("complaint", complaint_id=complaint.pk)
    found = selectors.find_children(request.GET.get("find", ""))
    return render(
        request,
        "complaints/record.html",
        {
            "section": SECTION,
            "form": form,
            "found": found,
            "named": rules.named_children(request.user, found),
            "find": request.GET.get("find", ""),
        },
    )


def complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _open_file(request, complaint_id)
    file = selectors.complaint_file(complaint.pk, timezone.localdate())
    return render(
        request,
        "complaints/file.html",
        {
            "section": SECTION,
            "file": file,
            "complaint": file.complaint,
            "named": rules.named_children(request.user, file.children),
            "officer": rules.sees_full_file(request.user),
            "today": timezone.localdate(),
        },
    )


def _step(
    request: HttpRequest,
    complaint_id: int,
    form_class: type[GovukForm],
    service: Callable,
    *,
    title: str,
    done: str,
    respond: bool = False,
    form_kwargs: dict | None = None,
    initial: dict | None = None,
    extra: dict | None = None,
) -> HttpResponse:
    """One step on a complaint: check, parse, call its service, back to the file."""
    if not respond:
        _officer(request)
    complaint = _open_file(request, complaint_id, respond=respond)
    form = form_class(request.POST or None, initial=initial, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            service(complaint, form.to_input(), by=request.user)  # type: ignore[attr-defined]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("complaint", complaint_id=complaint.pk)
    return render(
        request,
        "complaints/step.html",
        {
            "section": SECTION,
            "complaint": complaint,
            "form": form,
            "title": title,
            "stage": stages.current_stage(complaint),
            **(extra or {}),
        },
    )


@require_http_methods(["GET", "POST"])
def responders(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=complaint_id)
    return _step(
        request,
        complaint_id,
        RespondersForm,
        services.set_responders,
        title="Who is named to respond",
        done="Managers named to respond changed",
        initial={"responders": list(complaint.responders.values_list("pk", flat=True))},
    )


@require_http_methods(["GET", "POST"])
def elements(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=complaint_id)
    return _step(
        request,
        complaint_id,
        ElementsForm,
        services.change_elements,
        title="Change or add elements",
        done="Elements saved",
        form_kwargs={"elements": list(complaint.elements.order_by("number"))},
        extra={"elements_page": True},
    )


@require_http_methods(["GET", "POST"])
def extend_stage(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        ExtensionForm,
        stages.extend_stage,
        title="Extend the stage",
        done="Deadline extended",
        initial={"agreed_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=complaint_id)
    stage = stages.current_stage(complaint)
    elements = list(complaint.elements.select_related("theme").order_by("number"))
    draft = stages.draft_letter(complaint, stage) if stage else ""
    return _step(
        request,
        complaint_id,
        ResponseForm,
        stages.record_response,
        title="Record the response",
        done="Response recorded and its letter kept",
        respond=True,
        form_kwargs={"elements": elements},
        initial={"responded_on": timezone.localdate(), "letter": draft},
        extra={"response": True},
    )


@require_http_methods(["GET", "POST"])
def next_stage(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        NextStageForm,
        stages.ask_for_next_stage,
        title="The complainant asks for the next stage",
        done="Next stage started",
        initial={"asked_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def investigation(request: HttpRequest, complaint_id: int) -> HttpResponse:
    stage = stages.current_stage(get_object_or_404(Complaint, pk=complaint_id))
    initial = {}
    if stage and stage.number == 2:
        initial = {
            "investigating_officer": stage.investigating_officer,
            "independent_person": stage.independent_person,
            "appointed_on": stage.appointed_on,
            "record_agreed_on": stage.record_agreed_on,
        }
    return _step(
        request,
        complaint_id,
        InvestigationForm,
        stages.record_investigation,
        title="Stage 2: appointments and the written record",
        done="Stage 2 investigation recorded",
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        PanelForm,
        stages.record_panel,
        title="Stage 3: the review panel",
        done="Review panel recorded",
    )


@require_http_methods(["GET", "POST"])
def ombudsman(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        OmbudsmanForm,
        stages.record_ombudsman,
        title="The Ombudsman's enquiry",
        done="Ombudsman's enquiry recorded",
    )


@require_http_methods(["GET", "POST"])
def learning(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        LearningForm,
        services.add_learning,
        title="Learning and an action",
        done="Learning and action recorded",
        form_kwargs={"areas": selectors.plan_areas(timezone.localdate())},
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _officer(request)
    complaint = _open_file(request, complaint_id)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            stages.close_complaint(complaint, form.cleaned_data["closed_on"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Complaint {complaint.reference} closed")
            return redirect("complaint", complaint_id=complaint.pk)
    return render(
        request,
        "complaints/step.html",
        {"section": SECTION, "complaint": complaint, "form": form, "title": "Close the complaint"},
    )


@require_http_methods(["GET", "POST"])
def learning_done(request: HttpRequest, learning_id: int) -> HttpResponse:
    _officer(request)
    action = get_object_or_404(LearningAction, pk=learning_id)
    complaint = _open_file(request, action.complaint_id)
    form = DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complete_learning(action, data["done_on"], data["evidence"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action marked done")
            return redirect("complaint", complaint_id=complaint.pk)
    return render(
        request,
        "complaints/step.html",
        {
            "section": SECTION,
            "complaint": complaint,
            "form": form,
            "title": "Mark the action done",
            "learning_action": action,
        },
    )


def letter_pdf(request: HttpRequest, complaint_letter_id: int) -> HttpResponse:
    letter = get_object_or_404(
        ResponseLetter.objects.select_related("stage"), pk=complaint_letter_id
    )
    complaint = _open_file(request, letter.stage.complaint_id)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    name = f"{complaint.reference}-stage-{letter.stage.number}-response.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def compliments(request: HttpRequest) -> HttpResponse:
    _officer(request)
    return render(
        request,
        "complaints/compliments.html",
        {"section": SECTION, "page": selectors.compliments_page(request.GET.get("page", 1))},
    )


@require_http_methods(["GET", "POST"])
def record_compliment(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = ComplimentForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            compliment = services.record_compliment(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{compliment.get_kind_display()} recorded")
            return redirect("compliments")
    return render(request, "complaints/compliment_form.html", {"section": SECTION, "form": form})


def child_complaints(request: HttpRequest, child_id: int) -> HttpResponse:
    """On the child's record: that complaints about the viewer's work exist, and their outcome."""
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_read_child_records(request.user) else rules.COUNCIL_RECORD,
    )
    rows = selectors.child_complaint_rows(rules.complaints_about_my_work(request.user, child))
    return render(
        request,
        "complaints/child.html",
        {
            "child": child,
            "tab": "complaints",
            "rows": rows,
            "sees_council_records": True,
            "may_view_access_log": may_view_access_log(request.user),
        },
    )
