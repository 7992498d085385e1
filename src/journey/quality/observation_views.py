"""Direct observation pages (R5): thin views over quality.observations and quality.selectors.

Who may do what:
- The programme and planning: team managers, heads of service, assistant directors and quality
  assurance officers, each over the observations they may see.
- An observation: the observed worker and the observer; QA officers and assistant directors;
  the head of service and team manager over the observed worker
  (access.quality.observation_scope). The observer records it; the observed worker
  responds; the observer, the planner or a manager over the worker may cancel it.
- My observations: every worker, for their own (as observed and as observer).
A child's name appears only to those who may see the child; the observation is not part of the
child's record, so opening it does not open (or log a view of) the child's record.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from journey.access.quality import (
    may_cancel_observation,
    may_see_programme,
    may_view_observation,
)
from journey.core.forms import add_service_errors
from journey.quality import observations, selectors
from journey.quality.models import PracticeObservation
from journey.quality.observation_forms import (
    CancelObservationForm,
    PlanObservationForm,
    ProgrammeFilterForm,
    RecordObservationForm,
    RespondForm,
)
from journey.quality.views import _worker
from journey.workforce.models import Worker


def _programme_worker(request: HttpRequest) -> Worker:
    worker = _worker(request)
    if not may_see_programme(request.user):
        raise PermissionDenied(
            "The observation programme is for team managers, heads of service, assistant "
            "directors and quality assurance officers. Observations of your practice are in "
            "My observations."
        )
    return worker


def observation_programme(request: HttpRequest) -> HttpResponse:
    worker = _programme_worker(request)
    today = timezone.localdate()
    teams = list(selectors.programme_teams(worker))
    form = ProgrammeFilterForm(request.GET or None, teams=teams, today=today)
    period, team_id = form.chosen_period(), form.team_id()
    plan = selectors.programme(
        request.user, start=period.start, end=period.end, today=today, team_id=team_id
    )
    return render(
        request,
        "quality/observations/programme.html",
        {
            "form": form,
            "period": period,
            "team_name": next((t.name for t in teams if t.pk == team_id), ""),
            "observations": plan.observations,
            "counts": plan.counts,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_observation(request: HttpRequest) -> HttpResponse:
    worker = _programme_worker(request)
    form = PlanObservationForm(
        request.POST or None,
        workers=selectors.observable_workers(worker),
        observers=selectors.observers(),
        planner=worker,
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation = observations.plan_observation(form.to_input(), by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The observation of {observation.observed.name} is planned for "
                f"{observation.planned_on:%-d %B %Y}",
            )
            return redirect("observation", observation_id=observation.pk)
    return render(request, "quality/observations/plan.html", {"form": form})


def my_observations(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    return render(
        request,
        "quality/observations/mine.html",
        {
            "worker": worker,
            "today": timezone.localdate(),
            **selectors.my_observations(worker, request.user),
        },
    )


# --- One observation -------------------------------------------------------------------------


def _open(request: HttpRequest, observation_id: int) -> PracticeObservation:
    observation = get_object_or_404(selectors.observation_qs(), pk=observation_id)
    if not may_view_observation(request.user, observation):
        raise PermissionDenied(
            "Observations are seen by the worker observed, the observer, the worker's managers "
            "and quality assurance officers."
        )
    selectors.name_visible_children(request.user, [observation])
    return observation


def _page(
    request: HttpRequest,
    observation: PracticeObservation,
    record_form: Form | None = None,
    respond_form: Form | None = None,
) -> HttpResponse:
    worker = _worker(request)
    today = timezone.localdate()
    is_observer = worker.pk == observation.observer_id
    is_observed = worker.pk == observation.observed_id
    may_record = is_observer and observation.is_planned and observation.planned_on <= today
    may_respond = is_observed and observation.awaits_response
    return render(
        request,
        "quality/observations/observation.html",
        {
            "observation": observation,
            "today": today,
            "is_observer": is_observer,
            "is_observed": is_observed,
            # A refused form's errors are shown even when the form itself no longer is.
            "record_form": record_form or RecordObservationForm(),
            "respond_form": respond_form or RespondForm(),
            "may_record": may_record,
            "may_respond": may_respond,
            "may_cancel": observation.is_planned and may_cancel_observation(worker, observation),
        },
    )


def observation(request: HttpRequest, observation_id: int) -> HttpResponse:
    return _page(request, _open(request, observation_id))


@require_POST
def record_observation(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _open(request, observation_id)
    worker = _worker(request)
    form = RecordObservationForm(request.POST)
    if form.is_valid():
        try:
            observations.record_observation(observation, form.to_input(), by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The observation is recorded: {observation.observed.name} is asked to respond",
            )
            return redirect("observation", observation_id=observation.pk)
    return _page(request, observation, record_form=form)


@require_POST
def respond_to_observation(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _open(request, observation_id)
    worker = _worker(request)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            observations.respond_to_observation(
                observation, by=worker, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your reflection is recorded")
            return redirect("observation", observation_id=observation.pk)
    return _page(request, observation, respond_form=form)


@require_http_methods(["GET", "POST"])
def cancel_observation(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _open(request, observation_id)
    worker = _worker(request)
    if not may_cancel_observation(worker, observation):
        raise PermissionDenied(
            "Only the observer, whoever planned the observation or a manager of the worker "
            "observed can cancel it."
        )
    form = CancelObservationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            observations.cancel_observation(
                observation, by=worker, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The observation of {observation.observed.name} is cancelled"
            )
            return redirect("observation", observation_id=observation.pk)
    return render(
        request,
        "quality/observations/cancel.html",
        {"form": form, "observation": observation},
    )
