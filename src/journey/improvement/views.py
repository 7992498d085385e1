"""Improvement plans and the measures: thin views that ask access, then call one service or
selector."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access import improvement as access
from journey.access.returns import MEASURES_REFUSED, may_read_measures
from journey.core import measures as registry
from journey.core.forms import add_service_errors
from journey.core.measures import Window
from journey.improvement import selectors, services
from journey.improvement.forms import (
    ActionForm,
    AreaForm,
    OverrideForm,
    PlanForm,
    ProgressForm,
    WithdrawForm,
)
from journey.improvement.models import Action, Area, ImprovementPlan


def _plan_reader(request: HttpRequest, plan: ImprovementPlan | None = None) -> None:
    allowed = (
        access.may_read_plan(request.user, plan)
        if plan is not None
        else access.may_read_plans(request.user)
    )
    if not allowed:
        raise PermissionDenied(access.PLANS_REFUSED)


def _manager(request: HttpRequest, plan: ImprovementPlan) -> None:
    if not access.may_manage_plan(request.user, plan):
        raise PermissionDenied(access.MANAGE_REFUSED.format(owner=plan.owner))


def plans(request: HttpRequest) -> HttpResponse:
    _plan_reader(request)
    return render(
        request,
        "improvement/plans.html",
        {
            "plans": selectors.plan_list(timezone.localdate()),
            "may_create": access.may_create_plan(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_plan(request: HttpRequest) -> HttpResponse:
    if not access.may_create_plan(request.user):
        raise PermissionDenied(access.CREATE_REFUSED)
    form = PlanForm(request.POST or None, initial={"owner": getattr(request.user, "worker", None)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Plan created: {plan}. Now add its areas for improvement.")
            return redirect("improvement_plan", plan_id=plan.pk)
    return render(request, "improvement/plan_form.html", {"form": form, "plan": None})


@require_http_methods(["GET", "POST"])
def change_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(ImprovementPlan, pk=plan_id)
    _manager(request, plan)
    initial = {f: getattr(plan, f) for f in ("title", "source", "owner", "starts_on", "ends_on")}
    initial |= {"purpose": plan.purpose, "background": plan.background}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_plan(plan, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Plan changed")
            return redirect("improvement_plan", plan_id=plan.pk)
    return render(request, "improvement/plan_form.html", {"form": form, "plan": plan})


def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(ImprovementPlan.objects.select_related("owner__user"), pk=plan_id)
    _plan_reader(request, plan)
    return render(
        request,
        "improvement/plan.html",
        {
            "page": selectors.plan_page(plan, timezone.localdate()),
            "may_manage": access.may_manage_plan(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def new_area(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(ImprovementPlan, pk=plan_id)
    _manager(request, plan)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.add_area(plan, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Area {area.number} added. Now add its actions.")
            return redirect("improvement_plan", plan_id=plan.pk)
    return render(request, "improvement/area_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def new_action(request: HttpRequest, area_id: int) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("plan"), pk=area_id)
    _manager(request, area.plan)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(area, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Action {area.number}.{action.number} added")
            return redirect("improvement_plan", plan_id=area.plan_id)
    return render(
        request, "improvement/action_form.html", {"form": form, "area": area, "action": None}
    )


def _action(action_id: int) -> Action:
    return get_object_or_404(Action.objects.select_related("area__plan__owner__user"), pk=action_id)


def action(request: HttpRequest, action_id: int) -> HttpResponse:
    found = _action(action_id)
    _plan_reader(request, found.area.plan)
    return render(
        request,
        "improvement/action.html",
        {
            "page": selectors.action_page(found.pk, timezone.localdate()),
            "may_manage": access.may_manage_plan(request.user, found.area.plan),
            "may_update": access.may_update_action(request.user, found),
        },
    )


def _action_initial(found: Action) -> dict:
    fields = (
        "action",
        "lead",
        "responsible_officer",
        "evidence",
        "due_on",
        "timescale_note",
        "linked_plans",
        "measure",
        "measure_team",
        "target",
        "target_by",
    )
    return {f: getattr(found, f) for f in fields}


@require_http_methods(["GET", "POST"])
def change_action(request: HttpRequest, action_id: int) -> HttpResponse:
    found = _action(action_id)
    _manager(request, found.area.plan)
    form = ActionForm(request.POST or None, initial=_action_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action(found, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action changed")
            return redirect("improvement_action", action_id=found.pk)
    return render(
        request,
        "improvement/action_form.html",
        {"form": form, "area": found.area, "action": found},
    )


@require_http_methods(["GET", "POST"])
def record_progress(request: HttpRequest, action_id: int) -> HttpResponse:
    found = _action(action_id)
    if not access.may_update_action(request.user, found):
        raise PermissionDenied(access.UPDATE_REFUSED)
    form = ProgressForm(
        request.POST or None,
        measured=found.is_measured,
        initial={"recorded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progress(found, form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Progress recorded")
            return redirect("improvement_action", action_id=found.pk)
    return render(request, "improvement/progress_form.html", {"form": form, "action": found})


@require_http_methods(["GET", "POST"])
def withdraw_action(request: HttpRequest, action_id: int) -> HttpResponse:
    found = _action(action_id)
    _manager(request, found.area.plan)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_action(found, form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action withdrawn: it stays on the plan with your reason")
            return redirect("improvement_plan", plan_id=found.area.plan_id)
    return render(request, "improvement/withdraw_form.html", {"form": form, "action": found})


@require_http_methods(["GET", "POST"])
def override_rating(request: HttpRequest, action_id: int) -> HttpResponse:
    found = _action(action_id)
    _manager(request, found.area.plan)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_rating(
                found, form.chosen_rag(), form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Rating recorded, with your reason beside it")
            return redirect("improvement_action", action_id=found.pk)
    return render(request, "improvement/override_form.html", {"form": form, "action": found})


# --- the measures ------------------------------------------------------------------------------


def _measure_reader(request: HttpRequest) -> None:
    if not may_read_measures(request.user):
        raise PermissionDenied(MEASURES_REFUSED)


def _measure(key: str) -> registry.Measure:
    measure = registry.get(key)
    if measure is None:
        raise Http404("There is no such measure.")
    return measure


def measures(request: HttpRequest) -> HttpResponse:
    _measure_reader(request)
    return render(
        request,
        "improvement/measures.html",
        {"rows": selectors.registry_page(timezone.localdate())},
    )


def measure(request: HttpRequest, key: str) -> HttpResponse:
    _measure_reader(request)
    return render(
        request,
        "improvement/measure.html",
        {"page": selectors.measure_page(_measure(key), timezone.localdate())},
    )


def _month(text: str | None, today: dt.date) -> dt.date:
    if not text:
        return selectors.last_full_month(today)
    try:
        month = dt.date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise Http404("The month must look like 2026-03.") from error
    if month > today:
        raise Http404("That month has not started yet.")
    return month


def _id(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise Http404("No such team or worker.")
    return int(text)


def measure_behind(request: HttpRequest, key: str) -> HttpResponse:
    _measure_reader(request)
    found = _measure(key)
    today = timezone.localdate()
    window = Window.month(_month(request.GET.get("month"), today), today)
    scope = selectors.scope_of(_id(request.GET.get("team")), _id(request.GET.get("service")))
    worker_id = _id(request.GET.get("worker"))
    behind = selectors.behind_figure(
        request.user, found, window, scope.teams, worker_id, request.GET.get("page")
    )
    return render(
        request,
        "improvement/measure_behind.html",
        {
            "measure": found,
            "window": window,
            "behind": behind,
            "scope": scope,
            "worker_id": worker_id,
            "value": found.format(behind.tally.value(found.unit)),
        },
    )
