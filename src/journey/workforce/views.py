from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.rules import (
    may_approve_role_changes,
    may_move_cases,
    worker_for,
)
from journey.cases import services as case_services
from journey.core.forms import add_service_errors
from journey.workforce import selectors, services
from journey.workforce.forms import ChooseWorkerForm, MovesForm, RoleChangeDecisionForm
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    LEAD_PROFESSIONAL_ROLES,
    Allocation,
    RoleChange,
)


def _manager(request: HttpRequest):
    if not may_move_cases(request.user):
        raise PermissionDenied("Only team managers and above can move a worker's cases.")
    return worker_for(request.user)


@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest) -> HttpResponse:
    """Two steps: choose whose cases (and which responsibility), then who takes each one."""
    manager = _manager(request)
    workers = selectors.reassignable_workers(manager)
    choose = ChooseWorkerForm(request.GET or None, workers=selectors.holding_cases(workers))
    if not (request.GET and choose.is_valid()):
        return render(request, "workforce/reassign_choose.html", {"form": choose})
    absent, kind = choose.cleaned_data["worker"], choose.cleaned_data["kind"]
    allocations = selectors.current_work_of(absent, kind, request.user)
    roles = (
        LEAD_PROFESSIONAL_ROLES
        if kind == Allocation.Kind.LEAD_PROFESSIONAL
        else (CASE_HOLDING_ROLES)
    )
    services_held = {a.episode.team.service_id for a in allocations}
    colleagues = (
        workers.filter(role__in=roles)
        .exclude(pk=absent.pk)
        .filter(Q(team__service_id__in=services_held) | Q(role__in=roles - CASE_HOLDING_ROLES))
    )
    form = MovesForm(
        request.POST or None,
        allocations=allocations,
        colleagues=list(colleagues),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_moves()
        moves = [case_services.Move(allocation.episode, to) for allocation, to in chosen]
        fields = {f"move-{n}": f"move_{allocation.pk}" for n, (allocation, _) in enumerate(chosen)}
        try:
            moved = case_services.reassign_work(
                absent,
                moves,
                kind=kind,
                started_on=form.cleaned_data["started_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, fields)
        else:
            messages.success(
                request, f"{len(moved)} case{'s' if len(moved) != 1 else ''} moved from {absent}"
            )
            return redirect("my_work")
    return render(
        request,
        "workforce/reassign_moves.html",
        {
            "form": form,
            "absent": absent,
            "kind": Allocation.Kind(kind).label,
            "query": request.GET.urlencode(),
        },
    )


def team(request: HttpRequest) -> HttpResponse:
    """A manager's view of a team's open work: who holds it and whether supervision is due."""
    manager = worker_for(request.user)
    teams = selectors.teams_overseen(manager) if manager else None
    if not teams:
        raise PermissionDenied("The team view is for team managers and above.")
    chosen = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    work = selectors.team_work(chosen, request.user, request.GET.get("page"))
    if chosen.child_protection:
        work["members"] = selectors.members_by_agency(chosen)
    return render(
        request,
        "workforce/team.html",
        {"teams": teams, "team": chosen, "query": f"team={chosen.pk}", **work},
    )


# --- Role changes: an assistant director approves what an administrator asked -----------------

ROLE_CHANGES_REFUSED = "Changes of role are approved by an assistant director."


def _approver(request: HttpRequest) -> None:
    if not may_approve_role_changes(request.user):
        raise PermissionDenied(ROLE_CHANGES_REFUSED)


def _yours(change: RoleChange, user) -> bool:
    """A change this user asked for or that is to their own role: someone else decides it."""
    return user.pk in (change.requested_by_id, change.worker.user_id)


def role_changes(request: HttpRequest) -> HttpResponse:
    _approver(request)
    changes = selectors.role_changes()
    for change in changes["pending"]:
        change.yours = _yours(change, request.user)
    return render(request, "workforce/role_changes.html", changes)


@require_http_methods(["GET", "POST"])
def role_change(request: HttpRequest, change_id: int) -> HttpResponse:
    _approver(request)
    change = get_object_or_404(
        RoleChange.objects.select_related("worker__user", "requested_by", "decided_by"),
        pk=change_id,
    )
    form = RoleChangeDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            services.approve_role_change
            if form.cleaned_data["decision"] == "approve"
            else services.decline_role_change
        )
        try:
            decided = decide(change, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{decided.worker.name}'s change of role is {decided.get_status_display().lower()}",
            )
            return redirect("role_changes")
    context = {"change": change, "form": form, "yours": _yours(change, request.user)}
    return render(request, "workforce/role_change.html", context)
