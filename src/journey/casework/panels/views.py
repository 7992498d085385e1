"""The panel pages (R3): the list of panels, scheduling one, a panel with its case list and
decisions, bringing a child's case, and recording the decision for a case.

Who may do what:
- The panel list and a panel's page, scheduling panels and recording decisions: council staff
  who hold or manage cases (may_manage_episodes). A panel's case list spans many families, so
  partners' lead professionals do not see it; on it, a child the viewer may not see is shown
  without name, link or decision.
- Bringing a case starts from a child: anyone who records casework and may see the child,
  partners' lead professionals included (a "stuck" case is often theirs).
- Recording a decision opens that child's record, which checks and logs the view.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.log import log_listed
from journey.access.records import open_child_record, refuse
from journey.access.rules import (
    may_manage_episodes,
    may_record_casework,
    worker_for,
)
from journey.casework.early_help.selectors import agencies as active_agencies
from journey.casework.models import Panel
from journey.casework.panels import selectors
from journey.casework.panels import services as panels
from journey.casework.panels.forms import (
    BringCaseForm,
    DecisionForm,
    PanelAttendeeFormSet,
    PanelForm,
)
from journey.core.forms import add_service_errors, filled_rows
from journey.core.templatetags.govuk import govuk_error_summary
from journey.people.models import Person

PAST_PAGE_SIZE = 20


def _require_panel_staff(request: HttpRequest) -> None:
    if not may_manage_episodes(request.user):
        raise PermissionDenied(
            "A panel's case list spans many families, so panels are for council staff who hold "
            "or manage cases. To bring a child's case to a panel, start from the child's record."
        )


READ_ONLY_REFUSAL = "Your role can read children's records but not bring cases to panels."


def _refuse_child_page(request: HttpRequest, child_id: int, reason: str) -> None:
    """Refuse a page about a child; the refusal is logged against the child."""
    refuse(request, get_object_or_404(Person.objects.children(), pk=child_id), reason)


def _panel_url(panel: Panel, anchor: str = "") -> str:
    url = reverse("panel", kwargs={"panel_id": panel.pk})
    return f"{url}#{anchor}" if anchor else url


# --- The list of panels ---------------------------------------------------------------------


def panel_list(request: HttpRequest) -> HttpResponse:
    _require_panel_staff(request)
    kind = request.GET.get("kind", "")
    if kind not in Panel.Kind.values:
        kind = ""
    lists = selectors.panel_list(today=timezone.localdate(), kind=kind)
    past = Paginator(lists["past"], PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/panels/list.html",
        {
            "kind": kind,
            "kinds": Panel.Kind.choices,
            "upcoming": lists["upcoming"],
            "past": past,
            "query": f"kind={kind}" if kind else "",
        },
    )


# --- Scheduling a panel ---------------------------------------------------------------------


def _attach_panel_errors(error: ValidationError, form: PanelForm) -> str:
    """The service's errors beside their fields; returns the one about the attendees."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return ""
    about_attendees = error.error_dict.pop("attendees", None)
    if error.error_dict:
        add_service_errors(form, ValidationError(error.error_dict))
    return ValidationError(about_attendees).messages[0] if about_attendees else ""


def _panel_error_summary(form: PanelForm, attendees, attendees_error: str) -> list[dict]:
    """Every error on the page, in the page's order: the panel, then who is invited."""
    main = govuk_error_summary(form)["items"]
    notes = [item for item in main if item["href"] == "#id_notes"]
    rows = [{"text": message, "href": ""} for message in attendees.non_form_errors()]
    if attendees_error:
        rows.append({"text": attendees_error, "href": "#id_attendees-0-name"})
    rows += govuk_error_summary(*attendees.forms)["items"]
    return [item for item in main if item not in notes] + rows + notes


@require_http_methods(["GET", "POST"])
def new_panel(request: HttpRequest) -> HttpResponse:
    _require_panel_staff(request)
    data = request.POST if request.method == "POST" else None
    form = PanelForm(data, chairs=selectors.panel_chairs())
    attendees = PanelAttendeeFormSet(
        data, prefix="attendees", form_kwargs={"agencies": active_agencies()}
    )
    attendees_error = ""
    if data is not None and all([form.is_valid(), attendees.is_valid()]):
        try:
            panel = panels.schedule_panel(
                kind=form.cleaned_data["kind"],
                held_on=form.cleaned_data["held_on"],
                chair=form.chairs.get(form.cleaned_data["chair"]),
                attendees=[row.to_input() for row in filled_rows(attendees)],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            attendees_error = _attach_panel_errors(error, form)
        else:
            messages.success(request, f"{panel} recorded")
            return redirect(_panel_url(panel))
    errors = _panel_error_summary(form, attendees, attendees_error) if data is not None else []
    return render(
        request,
        "casework/panels/new_panel.html",
        {
            "form": form,
            "attendees": attendees,
            "attendees_error": attendees_error,
            "error_items": errors,
            "has_errors": bool(errors),
        },
    )


# --- A panel and its case list --------------------------------------------------------------


def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    _require_panel_staff(request)
    page = selectors.panel_page(panel_id, request.user)
    if page is None:
        raise Http404("No such panel")
    log_listed(request, page.visible_ids, f"{page.panel.get_kind_display()} case list")
    today = timezone.localdate()
    return render(
        request,
        "casework/panels/panel.html",
        {
            "page": page,
            "panel": page.panel,
            "has_sat": page.panel.held_on <= today,
            "today": today,
        },
    )


# --- Bringing a child's case ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def bring_to_panel(request: HttpRequest, child_id: int) -> HttpResponse:
    worker = worker_for(request.user)
    if worker is None or not may_record_casework(request.user):
        _refuse_child_page(request, child_id, READ_ONLY_REFUSAL)
    child = open_child_record(request, child_id)
    open_panels = selectors.panels_open_for_cases(timezone.localdate())
    form = BringCaseForm(request.POST or None, panels=open_panels)
    if request.method == "POST" and form.is_valid():
        try:
            case = panels.bring_case(
                panel=form.chosen_panel(),
                child=child,
                reason=form.cleaned_data["reason"],
                brought_by=worker,
                by=request.user,
                views=form.views_input(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{child.full_name}'s case is on the list for the {case.panel}"
            )
            if may_manage_episodes(request.user):
                return redirect(_panel_url(case.panel, f"case-{case.pk}"))
            return redirect("child", child_id=child.pk)
    return render(
        request,
        "casework/panels/bring.html",
        {"child": child, "form": form, "open_panels": open_panels},
    )


# --- The decision for a case ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def record_decision(request: HttpRequest, panel_id: int, case_id: int) -> HttpResponse:
    _require_panel_staff(request)
    case = selectors.panel_case(panel_id, case_id)
    if case is None:
        raise Http404("No such case on this panel")
    child = open_child_record(request, case.child_id)
    panel = case.panel
    if request.method == "GET" and (case.is_decided or panel.held_on > timezone.localdate()):
        return redirect(_panel_url(panel, f"case-{case.pk}"))  # a POST hears why from the service
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panels.record_decision(
                case,
                outcome=form.cleaned_data["outcome"],
                decision=form.cleaned_data["decision"],
                actions=form.cleaned_data["actions"],
                decided_on=form.cleaned_data["decided_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Decision recorded for {child.full_name} and added to their chronology"
            )
            return redirect(_panel_url(panel, f"case-{case.pk}"))
    return render(
        request,
        "casework/panels/decision.html",
        {"child": child, "case": case, "panel": panel, "form": form},
    )
