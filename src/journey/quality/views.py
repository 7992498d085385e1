"""Case file audit pages (R5): thin views over quality.services and quality.selectors.

Who may do what:
- Rounds (plan, draw, exclude, allocate): quality assurance officers.
- Completing an audit: the auditor it is allocated to. Their allocation gives them time-limited
  access to the child's record (a record grant), so restricted records can be audited too.
- An audit's page: QA officers and assistant directors; the head of service or team manager
  over the team; the worker whose case it is; the auditor (access.quality.audit_scope).
  Opening it also opens the child's record: checked and logged like any child record view.
- The task list: every worker, for their own tasks.
- Baseline and target: QA officers and managers (figures only, no child named).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from journey.access.log import log_access
from journey.access.quality import (
    AUDITOR_ROLES,
    may_moderate,
    may_run_rounds,
    may_see_baseline,
    may_view_audit,
)
from journey.access.records import open_child_record
from journey.access.rules import worker_for
from journey.cases.models import Episode, EpisodeKind
from journey.casework.summaries.selectors import latest_summaries
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent
from journey.quality import charts, followup, selectors, services
from journey.quality.baseline import baseline_and_target
from journey.quality.forms import (
    AcknowledgeForm,
    ActionDoneForm,
    AllocateForm,
    AuditForm,
    BaselineForm,
    ExcludeForm,
    ModerateForm,
    RoundForm,
)
from journey.quality.models import AuditAction, AuditRound, CaseAudit, SampledCase
from journey.workforce.models import Team, Worker


def _worker(request: HttpRequest) -> Worker:
    worker = worker_for(request.user)
    if worker is None or not worker.is_active:
        raise PermissionDenied(
            "Your account is not linked to an active worker record. Ask the Journey administrator."
        )
    return worker


def _qa_officer(request: HttpRequest) -> Worker:
    worker = _worker(request)
    if not may_run_rounds(request.user):
        raise PermissionDenied(
            "Audit rounds are planned and allocated by quality assurance officers. Audits "
            "allocated to you are in your audit tasks."
        )
    return worker


# --- Rounds ----------------------------------------------------------------------------------


def audit_rounds(request: HttpRequest) -> HttpResponse:
    _qa_officer(request)
    return render(request, "quality/rounds.html", {"rounds": selectors.rounds_list()})


@require_http_methods(["GET", "POST"])
def new_audit_round(request: HttpRequest) -> HttpResponse:
    worker = _qa_officer(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_round = services.create_round(form.to_input(), by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{audit_round} is planned: draw its sample when ready")
            return redirect("audit_round", round_id=audit_round.pk)
    return render(request, "quality/new_round.html", {"form": form})


def audit_round(request: HttpRequest, round_id: int) -> HttpResponse:
    _qa_officer(request)
    return _round_page(request, round_id)


def _round_page(
    request: HttpRequest, round_id: int, problems: list[str] | None = None
) -> HttpResponse:
    audit_round = get_object_or_404(selectors.round_detail_qs(), pk=round_id)
    cases = selectors.sampled_cases(audit_round)
    return render(
        request,
        "quality/round.html",
        {
            "round": audit_round,
            "in_sample": [c for c in cases if not c.excluded],
            "excluded": [c for c in cases if c.excluded],
            "eligible": selectors.eligible_count(audit_round),
            "kind_labels": [EpisodeKind(kind).label for kind in audit_round.kinds],
            "problems": problems or [],
        },
        status=400 if problems else 200,
    )


@require_POST
def draw_audit_sample(request: HttpRequest, round_id: int) -> HttpResponse:
    worker = _qa_officer(request)
    audit_round = get_object_or_404(AuditRound, pk=round_id)
    try:
        drawn = services.draw_sample(audit_round, by=worker)
    except ValidationError as error:
        return _round_page(request, round_id, error.messages)
    cases = f"{len(drawn)} case{'s' if len(drawn) != 1 else ''}"
    messages.success(request, f"{cases} drawn with seed {audit_round.seed}")
    return redirect("audit_round", round_id=round_id)


@require_http_methods(["GET", "POST"])
def exclude_audit_case(request: HttpRequest, round_id: int, sample_id: int) -> HttpResponse:
    worker = _qa_officer(request)
    sample = _sample(round_id, sample_id)
    form = ExcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replacement = services.exclude_case(
                sample,
                reason=form.cleaned_data["reason"],
                replace=form.cleaned_data["replace"],
                by=worker,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = (
                f": {replacement.episode.child.full_name} was drawn to replace them"
                if replacement
                else ""
            )
            messages.success(request, f"{sample.episode.child.full_name} is excluded{note}")
            return redirect("audit_round", round_id=round_id)
    return render(request, "quality/exclude.html", {"form": form, "sample": sample})


@require_http_methods(["GET", "POST"])
def allocate_audit_case(request: HttpRequest, round_id: int, sample_id: int) -> HttpResponse:
    worker = _qa_officer(request)
    sample = _sample(round_id, sample_id)
    form = AllocateForm(request.POST or None, auditors=selectors.auditors())
    if request.method == "POST" and form.is_valid():
        try:
            services.allocate_auditor(sample, auditor=form.cleaned_data["auditor"], by=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            auditor = form.cleaned_data["auditor"]
            messages.success(
                request, f"{sample.episode.child.full_name}'s case is allocated to {auditor.name}"
            )
            return redirect("audit_round", round_id=round_id)
    return render(request, "quality/allocate.html", {"form": form, "sample": sample})


def _sample(round_id: int, sample_id: int):
    try:
        return selectors.sampled_case(round_id, sample_id)
    except SampledCase.DoesNotExist as missing:
        raise Http404("No such case in this round") from missing


# --- Completing an audit ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complete_audit(request: HttpRequest, round_id: int, episode_id: int) -> HttpResponse:
    worker = _worker(request)
    audit_round = get_object_or_404(AuditRound.objects.select_related("tool"), pk=round_id)
    episode = get_object_or_404(Episode.objects.select_related("team"), pk=episode_id)
    try:
        services.audit_sample(audit_round, episode, worker)
    except ValidationError as error:
        reason = " ".join(error.messages)
        log_access(request, episode.child, AccessEvent.Action.DENIED, reason)
        return render(
            request,
            "quality/cannot_audit.html",
            {"round": audit_round, "reason": reason},
            status=403,
        )
    child = open_child_record(request, episode.child_id)
    form = AuditForm(request.POST or None, domains=selectors.tool_domains(audit_round.tool))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.complete_audit(audit_round, episode, form.to_input(), auditor=worker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The audit of {child.full_name}'s case is complete")
            return redirect("case_audit", audit_id=audit.pk)
    return render(
        request,
        "quality/complete_audit.html",
        {
            "form": form,
            "round": audit_round,
            "episode": episode,
            "child": child,
            # Offered to the auditor: the worker's own account of the case, and the manager's.
            "case_summary": latest_summaries([episode.pk]).get(episode.pk),
            "views_panel": selectors.child_views_panel(episode.pk),
        },
    )


# --- An audit --------------------------------------------------------------------------------


def _open_audit(request: HttpRequest, audit_id: int) -> CaseAudit:
    """The audit, if this user may see it; logs the view of the child's record, or the refusal."""
    audit = get_object_or_404(selectors.audit_qs(), pk=audit_id)
    if not may_view_audit(request.user, audit):
        reason = (
            "Audits are seen by the worker whose case it is, their managers, the auditor and "
            "quality assurance officers."
        )
        log_access(request, audit.child, AccessEvent.Action.DENIED, reason)
        raise PermissionDenied(reason)
    open_child_record(request, audit.child_id)
    return audit


def case_audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _open_audit(request, audit_id)
    worker = worker_for(request.user)
    return render(
        request,
        "quality/audit.html",
        {
            "audit": audit,
            "child": audit.child,
            "domains": selectors.answers_by_domain(audit),
            "changes": selectors.grade_changes(audit),
            "is_owner": worker is not None and worker.pk == audit.worker_id,
            "may_moderate": may_moderate(request.user, audit),
            "today": timezone.localdate(),
            "views_panel": selectors.child_views_panel(audit.episode_id),
        },
    )


@require_http_methods(["GET", "POST"])
def moderate_audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _open_audit(request, audit_id)
    worker = _worker(request)
    answers = [a for d in selectors.answers_by_domain(audit) for a in d.answers]
    form = ModerateForm(request.POST or None, audit=audit, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            followup.moderate_audit(
                audit,
                moderator=worker,
                overall_grade=form.overall(),
                answer_grades=form.answer_grades(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your moderation is recorded; the original grades are kept")
            return redirect("case_audit", audit_id=audit.pk)
    return render(
        request, "quality/moderate.html", {"form": form, "audit": audit, "child": audit.child}
    )


@require_http_methods(["GET", "POST"])
def acknowledge_audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _open_audit(request, audit_id)
    worker = _worker(request)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup.acknowledge_audit(audit, worker=worker, response=form.cleaned_data["response"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "You have acknowledged the audit and its actions")
            return redirect("audit_tasks")
    return render(
        request, "quality/acknowledge.html", {"form": form, "audit": audit, "child": audit.child}
    )


@require_http_methods(["GET", "POST"])
def record_audit_action(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(AuditAction.objects.select_related("owner__user"), pk=action_id)
    audit = _open_audit(request, action.audit_id)
    worker = _worker(request)
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup.record_action_done(
                action,
                worker=worker,
                what_was_done=form.cleaned_data["what_was_done"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "What you did is recorded and the action is done")
            return redirect("audit_tasks")
    return render(
        request,
        "quality/action_done.html",
        {"form": form, "action": action, "audit": audit, "child": audit.child},
    )


# --- The worker's task list ------------------------------------------------------------------


def audit_tasks(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    return render(
        request,
        "quality/tasks.html",
        {
            "worker": worker,
            "is_auditor": worker.role in AUDITOR_ROLES,
            "today": timezone.localdate(),
            **selectors.tasks_for(worker),
            "observations_to_respond": selectors.observation_tasks(worker),
        },
    )


# --- Baseline and target ---------------------------------------------------------------------


def audit_baseline(request: HttpRequest) -> HttpResponse:
    _worker(request)
    if not may_see_baseline(request.user):
        raise PermissionDenied(
            "The audit baseline and target are for quality assurance officers and managers."
        )
    teams = Team.objects.order_by("name")
    form = BaselineForm(request.GET or None, teams=teams)
    team_id = form.team_id()
    figures = baseline_and_target(
        end_month=timezone.localdate(), months=form.month_count(), team_id=team_id
    )
    team_name = next((t.name for t in teams if t.pk == team_id), "")
    return render(
        request,
        "quality/baseline.html",
        {
            "form": form,
            "figures": figures,
            "team_name": team_name,
            "month_chart": charts.month_chart(figures.months),
            "team_chart": charts.row_chart(figures.teams, "by team"),
            "domain_chart": charts.row_chart(figures.domains, "by domain"),
        },
    )
