"""The statutory social care pages of one episode: its record (assessments, section 47
enquiries, emergency protection, conferences, plans and reviews) and one page for each thing
recorded. Each view
parses a form and calls one service in casework/statutory/services.py; who may is decided in
access/rules.py and every refusal is logged."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.referrals import may_correct_referral
from journey.access.rules import (
    is_cp_partner,
    may_authorise_assessments,
    may_change_intensity,
    may_manage_episodes,
    may_read_child_protection,
    may_work_on_episode,
    worker_for,
)
from journey.cases.family_help.selectors import family_help_record, shared_with_lead
from journey.cases.models import STATUTORY_KINDS, Episode
from journey.casework import views as pages
from journey.casework.models import Assessment, FamilyBenefit, Plan, Section47
from journey.casework.statutory import forms
from journey.casework.statutory import services as statutory
from journey.casework.statutory.selectors import (
    number_of_previous_cp_plans,
    social_care_record,
    social_care_status,
)
from journey.core.forms import add_service_errors, filled_rows


def _refuse_recording(request: HttpRequest, episode: Episode) -> str:
    """Partners never get here: access.rules.may_read_episode refuses them social care."""
    if may_manage_episodes(request.user) and may_work_on_episode(request.user, episode):
        return ""
    if not may_manage_episodes(request.user):
        return "Your role can read children's records but not record social care work in them."
    return ""  # closed work, or a child they cannot see: handled below or by open_child_record


def _refuse_authorising(request: HttpRequest, episode: Episode) -> str:
    refusal = _refuse_recording(request, episode)
    if not refusal and not may_authorise_assessments(request.user):
        return "Only a manager can authorise a single assessment."
    return refusal


def _episode(request: HttpRequest, episode_id: int, refusal) -> Episode:
    episode = pages.open_episode(request, episode_id, refusal)
    if episode.kind not in STATUTORY_KINDS:
        raise Http404("This page is for children's social care or Family Help work")
    return episode


def _may_record(request: HttpRequest, episode: Episode) -> bool:
    return not _refuse_recording(request, episode) and may_work_on_episode(request.user, episode)


def _page(request, template: str, episode: Episode, **context) -> HttpResponse:
    if "form" in context and context["form"].errors:
        pages.errors_in_page_order(context["form"])
    return render(
        request,
        f"casework/statutory/{template}",
        {"episode": episode, "child": episode.child, **context},
    )


def _done(request: HttpRequest, episode: Episode, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("social_care_record", episode_id=episode.pk)


def record(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = _episode(request, episode_id, pages.refuse_reading)
    family_help = family_help_record(episode) if episode.is_family_help else {}
    if episode.is_family_help and not may_read_child_protection(request.user, episode).allowed:
        # The partner who leads Family Help: its leads, the child's status, what child
        # protection work shares with them; never the enquiry's own records.
        return _page(
            request,
            "family_help_partner.html",
            episode,
            **family_help,
            **shared_with_lead(episode, worker_for(request.user).pk),
        )
    context = social_care_record(episode)
    if is_cp_partner(request.user):
        # A child protection team's partner member reads the section 47 work, not the child's
        # assessment, Family Help plan or the reasons the child is in need.
        context |= {
            "assessments": [],
            "ongoing_assessment": None,
            "plans": [p for p in context["plans"] if p.kind == Plan.Kind.CP],
        }
        family_help = {k: v for k, v in family_help.items() if k != "periods"}
    for plan in context["plans"]:
        if plan.kind == Plan.Kind.CP:
            plan.previous_count = number_of_previous_cp_plans(plan)
    return _page(
        request,
        "record.html",
        episode,
        status=social_care_status(episode, timezone.localdate()),
        may_record=_may_record(request, episode),
        may_authorise=may_authorise_assessments(request.user),
        may_correct_referral=may_correct_referral(request.user, episode),
        may_change_intensity=may_change_intensity(request.user) and episode.is_open,
        **family_help,
        **context,
    )


def _writing(request: HttpRequest, episode_id: int, refusal=_refuse_recording):
    episode = _episode(request, episode_id, refusal)
    return episode, (pages.closed(request, episode) if not episode.is_open else None)


@require_http_methods(["GET", "POST"])
def start_assessment(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    form = forms.StartAssessmentForm(
        request.POST or None, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            statutory.start_single_assessment(
                episode=episode,
                recorded_by=request.user,
                views=form.views_input(),
                **form.record_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Single assessment started")
    return _page(request, "start_assessment.html", episode, form=form)


def _assessment(episode: Episode, assessment_id: int) -> Assessment:
    return get_object_or_404(
        Assessment, pk=assessment_id, episode=episode, kind=Assessment.Kind.SINGLE
    )


@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, episode_id: int, assessment_id: int) -> HttpResponse:
    """Record factors and an internal review on an assessment under way; managers authorise."""
    authorising = request.method == "POST" and request.POST.get("action") == "authorise"
    episode, closed = _writing(
        request, episode_id, _refuse_authorising if authorising else _refuse_recording
    )
    if closed:
        return closed
    assessment = _assessment(episode, assessment_id)
    if not assessment.is_draft:
        return redirect("social_care_record", episode_id=episode.pk)
    worker = worker_for(request.user)
    initial = {
        "factors": assessment.factors,
        "summary": assessment.summary,
        "internal_review_on": assessment.internal_review_on,
        **forms.AssessmentProgressForm.initial_views(assessment),
        "authorised_on": timezone.localdate(),
    }
    data = request.POST if request.method == "POST" else None
    progress = forms.AssessmentProgressForm(None if authorising else data, initial=initial)
    authorise = forms.AuthoriseAssessmentForm(
        data if authorising else None, initial=initial, prefix="authorise"
    )
    if request.method == "POST":
        form = authorise if authorising else progress
        if form.is_valid():
            try:
                if authorising:
                    statutory.authorise_single_assessment(
                        assessment, manager=worker, **form.cleaned_data
                    )
                else:
                    statutory.record_assessment_factors(
                        assessment, by=request.user, views=form.views_input(), **form.record_data()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                done = "authorised" if authorising else "updated"
                return _done(request, episode, f"Single assessment {done}")
    return _page(
        request,
        "assessment.html",
        episode,
        assessment=assessment,
        form=authorise if authorising else progress,
        progress=progress,
        authorise=authorise,
        may_authorise=may_authorise_assessments(request.user),
    )


@require_http_methods(["GET", "POST"])
def strategy_discussion(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    form = forms.StrategyDiscussionForm(request.POST or None)
    # A post without the participants' rows (a script, an older page) records none.
    posted_rows = request.POST if "participants-TOTAL_FORMS" in request.POST else None
    rows = forms.ParticipantFormSet(posted_rows, prefix="participants")
    rows_valid = not rows.is_bound or rows.is_valid()
    if request.method == "POST" and form.is_valid() & rows_valid:
        data = form.cleaned_data
        try:
            statutory.record_strategy_discussion(
                episode=episode,
                held_on=data["held_on"],
                summary=data["summary"],
                decisions=data["decisions"],
                section47_started_on=data["started_on"],
                views=form.views_input(),
                participants=[
                    statutory.Participant(
                        name=row.cleaned_data["name"],
                        agency=row.cleaned_data["agency"],
                        information=row.cleaned_data["information"],
                    )
                    for row in (filled_rows(rows) if rows.is_bound else [])
                ],
                lead_practitioner=data["lead_practitioner"] if data["started_on"] else None,
                members=list(data["members"]) if data["started_on"] else [],
                shared_summary=data["shared_summary"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            started = " and section 47 enquiry started" if data["started_on"] else ""
            return _done(request, episode, f"Strategy discussion recorded{started}")
    return _page(request, "strategy.html", episode, form=form, rows=rows)


@require_http_methods(["GET", "POST"])
def emergency_protection(request: HttpRequest, episode_id: int) -> HttpResponse:
    """An emergency protection order (s44) or police protection (s46) of the child."""
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    form = forms.EmergencyProtectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            protection = statutory.record_emergency_protection(
                episode, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, f"{protection.short_label} recorded")
    return _page(request, "emergency_protection.html", episode, form=form)


@require_http_methods(["GET", "POST"])
def end_emergency_protection(
    request: HttpRequest, episode_id: int, protection_id: int
) -> HttpResponse:
    """The day an emergency protection order or police protection recorded as running ended."""
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    protection = get_object_or_404(episode.emergency_protections, pk=protection_id)
    form = forms.EndEmergencyProtectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statutory.end_emergency_protection(
                protection, ended_on=form.cleaned_data["ended_on"], recorded_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, f"{protection.short_label}: the end date is recorded")
    return _page(
        request, "end_emergency_protection.html", episode, form=form, protection=protection
    )


@require_http_methods(["GET", "POST"])
def section47_outcome(request: HttpRequest, episode_id: int, section47_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    enquiry = get_object_or_404(Section47, pk=section47_id, episode=episode)
    if not enquiry.is_ongoing:
        return redirect("social_care_record", episode_id=episode.pk)
    form = forms.Section47OutcomeForm(
        request.POST or None, initial={"completed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            statutory.record_section47_outcome(enquiry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Section 47 outcome recorded")
    return _page(request, "section47_outcome.html", episode, form=form, enquiry=enquiry)


@require_http_methods(["GET", "POST"])
def initial_conference(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    enquiry = social_care_record(episode)["pending_enquiry"]
    form = forms.InitialConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statutory.hold_initial_conference(
                episode=episode,
                section47=enquiry,
                recorded_by=request.user,
                views=form.views_input(),
                **form.record_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Initial child protection conference recorded")
    return _page(request, "conference.html", episode, form=form, enquiry=enquiry)


def _plan(episode: Episode, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.exclude(kind=Plan.Kind.EARLY_HELP), pk=plan_id, episode=episode
    )


@require_http_methods(["GET", "POST"])
def review_plan(request: HttpRequest, episode_id: int, plan_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    plan = _plan(episode, plan_id)
    if plan.kind != Plan.Kind.CP or not plan.is_open:
        return redirect("social_care_record", episode_id=episode.pk)
    form = forms.PlanReviewForm(request.POST or None, initial={"category": plan.latest_category})
    if request.method == "POST" and form.is_valid():
        try:
            statutory.review_cp_plan(
                plan,
                by=request.user,
                views=form.views_input(),
                benefit=form.benefit_input(
                    episode, FamilyBenefit.At.REVIEW, form.cleaned_data["reviewed_on"]
                ),
                **form.record_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, "Child protection review recorded")
    return _page(request, "review.html", episode, form=form, plan=plan)


@require_http_methods(["GET", "POST"])
def end_plan(request: HttpRequest, episode_id: int, plan_id: int) -> HttpResponse:
    episode, closed = _writing(request, episode_id)
    if closed:
        return closed
    plan = _plan(episode, plan_id)
    if not plan.is_open:
        return redirect("social_care_record", episode_id=episode.pk)
    form = forms.EndPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statutory.end_plan(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, episode, f"{plan.get_kind_display()} ended")
    return _page(request, "end_plan.html", episode, form=form, plan=plan)
