from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.log import log_access
from journey.access.records import open_child_record, open_episode_record
from journey.access.referrals import may_correct_referral
from journey.access.rules import (
    can_view_child,
    may_manage_episodes,
    may_record_casework,
    may_review_decisions,
    may_see_social_care,
    worker_for,
)
from journey.access.stepping import may_decide, may_hand_over, may_withdraw
from journey.cases import selectors, services, stepping
from journey.cases.forms import (
    AllocationForm,
    CloseEpisodeForm,
    ContactForm,
    DecideStepForm,
    EpisodeForm,
    HandOverForm,
    ReferralDetailsForm,
    ReviewDecisionForm,
    SiblingDecisionForm,
    StepRequestForm,
    WithdrawStepForm,
)
from journey.cases.models import (
    Episode,
    EpisodeKind,
    StepChange,
    ThresholdDecision,
    ThresholdFramework,
)
from journey.casework.models import FamilyBenefit, PlanAction
from journey.casework.services import close_work
from journey.casework.views import closed as closed_page
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent
from journey.outcomes.views import closing_measure, closing_reminder
from journey.people.family import household_children
from journey.people.selectors import corrections_for
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    FAMILY_HELP_LEAD,
    LEAD_PROFESSIONAL_ROLES,
    Allocation,
    Role,
    Service,
    Team,
    Worker,
)


def _received_at(data: dict) -> dt.datetime:
    """The moment the contact came in; with no time given, 9am, or now if that is later today."""
    day = data["received_on"]
    if data["received_time"]:
        hours, minutes = (int(p) for p in data["received_time"].split(":"))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hours, minutes)))
    nine = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return min(nine, timezone.now())


@require_http_methods(["GET", "POST"])
def record_contact(request: HttpRequest, child_id: int) -> HttpResponse:
    if not may_manage_episodes(request.user):
        raise PermissionDenied("Your role cannot record contacts: contacts come to the council.")
    child = open_child_record(request, child_id)
    framework = ThresholdFramework.objects.in_force(timezone.localdate())
    siblings = household_children(child, request.user)
    now = timezone.localtime()
    form = ContactForm(
        request.POST or None,
        siblings=siblings,
        framework=framework,
        initial={"received_on": now.date(), "received_time": f"{now:%H:%M}"},
    )
    sibling_forms = [SiblingDecisionForm(request.POST or None, sibling=s) for s in siblings]
    if request.method == "POST" and _contact_forms_valid(form, sibling_forms):
        data = form.cleaned_data
        about = [form.siblings[pk] for pk in data["also_about"]]
        own = {f.sibling.pk: f.cleaned_data for f in sibling_forms if f.sibling in about}
        try:
            services.record_contact(
                received_at=_received_at(data),
                source=data["source"],
                source_agency=data["source_agency"],
                reporter_name=data["reporter_name"],
                summary=data["summary"],
                decided_by=worker_for(request.user),
                decisions=[_decision_for(c, data, own.get(c.pk)) for c in [child, *about]],
            )
        except ValidationError as error:
            _contact_errors(form, sibling_forms, error)
        else:
            messages.success(request, "The contact and threshold decision have been recorded")
            return redirect("child", child_id=child.pk)
    return render(
        request,
        "cases/record_contact.html",
        {
            "form": form,
            "child": child,
            "framework": framework,
            "levels": framework.levels.all() if framework else [],
            "family_help": framework.family_help_descriptors.all() if framework else [],
            "sibling_forms": sibling_forms,
        },
    )


def _contact_forms_valid(form: ContactForm, sibling_forms: list[SiblingDecisionForm]) -> bool:
    """The contact form, and the own-decision parts of the other children it is about."""
    if not form.is_valid():
        return False
    about = set(form.cleaned_data["also_about"])
    checked = [f.is_valid() for f in sibling_forms if str(f.sibling.pk) in about]  # all errors
    return all(checked)


def _decision_for(child, data: dict, own: dict | None) -> services.DecisionInput:
    """A child's decision: the shared working out, with their own decision where given."""
    decision = {
        key: data[key]
        for key in ("level", "next_step", "rationale", "contradiction_explained", "child_views")
    }
    if own and own["differs"]:
        decision = {key: own[key] for key in decision}
    return services.DecisionInput(
        child=child,
        factors=data["factors"],
        indicators=list(data["indicators"]),
        family_views=data["family_views"],
        risks=data["risks"],
        strengths=data["strengths"],
        **decision,
    )


def _contact_errors(form, sibling_forms, error: ValidationError) -> None:
    """Put each service error on the form part it is about: this child's, or a sibling's."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for sibling_form in sibling_forms:
        prefix = f"{sibling_form.prefix}-"
        mine = {k[len(prefix) :]: v for k, v in error.error_dict.items() if k.startswith(prefix)}
        if mine:
            add_service_errors(sibling_form, ValidationError(mine))
    rest = {k: v for k, v in error.error_dict.items() if not k.startswith("child-")}
    if rest:
        add_service_errors(form, ValidationError(rest), {"received_at": "received_on"})


def _require_manage(request: HttpRequest) -> None:
    if not may_manage_episodes(request.user):
        raise PermissionDenied("Your role cannot open, allocate or close work.")


@require_http_methods(["GET", "POST"])
def open_episode(request: HttpRequest, child_id: int) -> HttpResponse:
    _require_manage(request)
    child = open_child_record(request, child_id)
    worker = worker_for(request.user)
    form = EpisodeForm(request.POST or None, initial={"team": worker.team_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = services.open_episode(
                services.EpisodeInput(child=child, **data), opened_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{episode.get_kind_display()} opened: now allocate it")
            return redirect("allocate", episode_id=episode.pk)
    return render(request, "cases/open_episode.html", {"form": form, "child": child})


def _episode_for(request: HttpRequest, episode_id: int) -> Episode:
    _require_manage(request)
    episode = get_object_or_404(
        Episode.objects.select_related("team__service", "child"), pk=episode_id
    )
    open_episode_record(request, episode)
    return episode


def _allocatable(episode: Episode):
    workers = Worker.objects.active().select_related("user", "team", "agency")
    eligible = Q(role__in=CASE_HOLDING_ROLES, team__service=episode.team.service_id)
    kinds = [(Allocation.Kind.WORKER, Allocation.Kind.WORKER.label)]
    if episode.is_early_help:
        eligible |= Q(role__in=LEAD_PROFESSIONAL_ROLES - CASE_HOLDING_ROLES)
        kinds.append((Allocation.Kind.LEAD_PROFESSIONAL, Allocation.Kind.LEAD_PROFESSIONAL.label))
    if episode.is_family_help:
        # The lead practitioner may come from any agency and profession; a lead child
        # protection practitioner is allocated by the enquiry, or here to hand one over.
        eligible = Q(role__in=LEAD_PROFESSIONAL_ROLES) | Q(
            role=Role.SOCIAL_WORKER, team__child_protection=True
        )
        kinds = [
            (Allocation.Kind.LEAD_PROFESSIONAL, FAMILY_HELP_LEAD),
            (Allocation.Kind.LEAD_CP_PRACTITIONER, Allocation.Kind.LEAD_CP_PRACTITIONER.label),
        ]
    return workers.filter(eligible), kinds


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode_for(request, episode_id)
    workers, kinds = _allocatable(episode)
    form = AllocationForm(
        request.POST or None,
        workers=workers,
        kinds=kinds,
        caseloads=selectors.open_caseloads(workers),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocate(
                episode,
                worker=form.cleaned_data["worker"],
                kind=form.cleaned_data["kind"],
                started_on=form.cleaned_data["started_on"],
                allocated_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{allocation.worker} is now {allocation.role_name.lower()}")
            return redirect("child", child_id=episode.child_id)
    current = episode.allocations.current().select_related("worker__user")
    return render(
        request,
        "cases/allocate.html",
        {"form": form, "episode": episode, "child": episode.child, "current": current},
    )


@require_http_methods(["GET", "POST"])
def close_episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode_for(request, episode_id)
    if episode.is_early_help:
        # Early help has its own closure: outcome, next step, open actions (and views).
        return redirect("close_early_help", episode_id=episode.pk)
    if not episode.is_open:
        return closed_page(request, episode, closing_measure(request, episode))
    form = CloseEpisodeForm(request.POST or None, reasons=services.closure_choices_for(episode))
    if request.method == "POST" and form.is_valid():
        try:
            close_work(
                episode,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
                views=form.views_input(),
                benefit=form.benefit_input(
                    episode, FamilyBenefit.At.CLOSURE, form.cleaned_data["ended_on"]
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            reminder = closing_reminder(episode)
            messages.success(request, f"{episode.get_kind_display()} closed{reminder}")
            return redirect("child", child_id=episode.child_id)
    return render(
        request,
        "cases/close_episode.html",
        {
            "form": form,
            "episode": episode,
            "child": episode.child,
            **closing_measure(request, episode),
        },
    )


def _referral_refusal(request: HttpRequest, episode: Episode) -> str:
    if not may_see_social_care(request.user):
        return "Partner agencies see early help work only, never children's social care records."
    if not may_manage_episodes(request.user):
        return "Your role can read children's records but not correct them."
    if not may_correct_referral(request.user, episode):
        return (
            f"Only the worker allocated to this work, the manager of {episode.team} or the head "
            "of service can correct its referral details."
        )
    return ""


@require_http_methods(["GET", "POST"])
def correct_referral_details(request: HttpRequest, episode_id: int) -> HttpResponse:
    """Correct a social care episode's referral details (the census CINdetails) with a reason;
    the old values are kept and shown below the form."""
    episode = get_object_or_404(
        Episode.objects.select_related("child", "team__service"), pk=episode_id
    )
    if episode.kind != EpisodeKind.SOCIAL_CARE:
        open_child_record(request, episode.child_id)
        raise Http404("Only social care work has referral details")
    refusal = _referral_refusal(request, episode)
    if refusal and can_view_child(request.user, episode.child).allowed:
        log_access(request, episode.child, AccessEvent.Action.DENIED, refusal)
        raise PermissionDenied(refusal)
    # Logs the view, or the refusal of a child this user may not see, and raises 403.
    child = open_child_record(request, episode.child_id)
    form = ReferralDetailsForm(request.POST or None, episode=episode)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections = services.correct_referral_details(
                episode,
                referral_source=data["referral_source"],
                primary_need=data["primary_need"],
                referral_nfa=data["referral_nfa"],
                closure_reason=data.get("closure_reason", ""),
                reason=data["reason"],
                corrected_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = ", ".join(c.label for c in corrections)
            messages.success(request, f"Referral details corrected: {what}")
            return redirect("social_care_record", episode_id=episode.pk)
    return render(
        request,
        "cases/correct_referral.html",
        {
            "form": form,
            "episode": episode,
            "child": child,
            "corrections": corrections_for(child, episode),
        },
    )


@require_http_methods(["GET", "POST"])
def review_decision(request: HttpRequest, child_id: int, decision_id: int) -> HttpResponse:
    """A manager agrees with, or changes, a worker's threshold decision (R2)."""
    if not may_review_decisions(request.user):
        raise PermissionDenied("Only managers agree or change threshold decisions.")
    worker = worker_for(request.user)
    child = open_child_record(request, child_id)
    decision = get_object_or_404(
        ThresholdDecision.objects.select_related("contact", "decided_by__user", "framework"),
        pk=decision_id,
        child=child,
    )
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_threshold_decision(
                decision,
                manager=worker,
                agree=data["agree"],
                rationale=data["rationale"],
                level=data["level"],
                next_step=data["next_step"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your view of the decision has been recorded")
            return redirect("child_chronology", child_id=child.pk)
    return render(
        request,
        "cases/review_decision.html",
        {"form": form, "decision": decision, "child": child},
    )


# --- Step up and step down --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_step_change(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = get_object_or_404(
        Episode.objects.select_related("team__service", "child"), pk=episode_id
    )
    child = open_episode_record(
        request,
        episode,
        unless=lambda child: (
            ""
            if may_record_casework(request.user)
            else "Only the people working with this child can ask to move the work."
        ),
    )
    direction = stepping.direction_of(episode)
    is_up = direction == StepChange.Direction.UP
    form = StepRequestForm(
        request.POST or None,
        kinds=[(k, EpisodeKind(k).label) for k in stepping.receiving_kinds(direction)],
        teams=Team.objects.filter(
            is_active=True,
            service__kind=Service.Kind.SOCIAL_CARE if is_up else Service.Kind.EARLY_HELP,
        ).select_related("service"),
        actions=PlanAction.objects.filter(plan__episode=episode).order_by("due_on", "pk"),
        verb="stepped up" if is_up else "stepped down",
    )
    if request.method == "POST" and form.is_valid():
        try:
            step = stepping.request_step_change(
                stepping.StepRequest(from_episode=episode, **form.cleaned_data),
                requested_by=worker_for(request.user),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your {step.verb} request has gone to the manager")
            return redirect("step_change", step_id=step.pk)
    return render(
        request,
        "cases/step_request.html",
        {
            "form": form,
            "episode": episode,
            "child": child,
            "is_up": is_up,
            "evidence": selectors.plan_evidence(episode),
        },
    )


def _step_for(request: HttpRequest, step_id: int, may=None, refusal: str = "") -> StepChange:
    """The step change, if the user may read its work and (given `may`, an access.stepping rule)
    do this with it; the view or the refusal is logged."""
    step = get_object_or_404(selectors.step_changes(), pk=step_id)
    worker = worker_for(request.user)

    def unless(child) -> str:
        allowed = may is None or (worker is not None and may(worker, step))
        return "" if allowed else refusal.format(step=step)

    open_episode_record(request, step.from_episode, unless=unless)
    return step


def step_change(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step_for(request, step_id)
    worker = worker_for(request.user)
    return render(
        request,
        "cases/step_change.html",
        {
            "step": step,
            "child": step.child,
            "evidence_actions": step.evidence_actions.select_related("plan"),
            "may_decide": step.status == StepChange.Status.REQUESTED and may_decide(worker, step),
            "may_hand_over": step.status == StepChange.Status.ACCEPTED
            and may_hand_over(worker, step),
            "may_withdraw": step.is_pending and may_withdraw(worker, step),
            "attendees": step.joint_meeting.attendees.select_related("agency")
            if step.joint_meeting_id
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def decide_step_change(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step_for(
        request,
        step_id,
        may_decide,
        "Only the manager of {step.receiving_team} decides this {step.verb}.",
    )
    worker = worker_for(request.user)
    form = DecideStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step = stepping.decide_step_change(
                step,
                manager=worker,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The {step.verb} is {step.get_status_display().lower()}")
            return redirect("step_change", step_id=step.pk)
    return render(
        request, "cases/step_decide.html", {"form": form, "step": step, "child": step.child}
    )


@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step_for(
        request,
        step_id,
        may_hand_over,
        "Only a manager or worker in {step.receiving_team} records this hand-over.",
    )
    worker = worker_for(request.user)
    workers = stepping.eligible_receivers(step)
    kinds = [(Allocation.Kind.WORKER, Allocation.Kind.WORKER.label)]
    if not step.is_up:
        kinds.append((Allocation.Kind.LEAD_PROFESSIONAL, Allocation.Kind.LEAD_PROFESSIONAL.label))
    form = HandOverForm(
        request.POST or None,
        workers=workers,
        kinds=kinds,
        caseloads=selectors.open_caseloads(workers),
        needs_primary_need=step.is_up,
        initial={"handover_on": timezone.localdate(), "meeting_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            step = stepping.hand_over(
                step,
                stepping.HandOver(**form.record_data(), views=form.views_input()),
                handed_over_by=worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Handed over to {step.receiving_worker}: {step.to_work} is open and allocated",
            )
            return redirect("step_change", step_id=step.pk)
    return render(
        request, "cases/step_hand_over.html", {"form": form, "step": step, "child": step.child}
    )


@require_http_methods(["GET", "POST"])
def withdraw_step_change(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step_for(
        request,
        step_id,
        may_withdraw,
        "Only the person who asked, or a manager, can withdraw a request.",
    )
    worker = worker_for(request.user)
    form = WithdrawStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stepping.withdraw_step_change(
                step, withdrawn_by=worker, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The {step.verb} request is withdrawn")
            return redirect("step_change", step_id=step.pk)
    return render(
        request, "cases/step_withdraw.html", {"form": form, "step": step, "child": step.child}
    )


def step_changes(request: HttpRequest) -> HttpResponse:
    """Step changes waiting for the user: to decide, to hand over, or asked for by them."""
    worker = worker_for(request.user)
    if worker is None or not may_manage_episodes(request.user):
        raise PermissionDenied("Step changes are managed by council staff.")
    return render(request, "cases/step_changes.html", selectors.step_changes_for(worker))
