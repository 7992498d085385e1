from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from journey.access.rules import worker_for
from journey.cases.selectors import steps_waiting_on
from journey.core.forms import add_service_errors
from journey.workforce import selectors, services
from journey.workforce.forms import ChooseWorkerForm, MovesForm
from journey.workforce.models import CASE_HOLDING_ROLES, LEAD_PROFESSIONAL_ROLES, Allocation


def my_work(request: HttpRequest) -> HttpResponse:
    worker = worker_for(request.user)
    context = {"worker": worker, **(selectors.my_work(worker, request.user) if worker else {})}
    if worker and not worker.is_external:
        context["steps_waiting"] = steps_waiting_on(worker)
    return render(request, "workforce/my_work.html", context)


def _manager(request: HttpRequest):
    worker = worker_for(request.user)
    if worker is None or not worker.is_manager:
        raise PermissionDenied("Only team managers and above can move a worker's cases.")
    return worker


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
        moves = [services.Move(allocation.episode, to) for allocation, to in chosen]
        fields = {f"move-{n}": f"move_{allocation.pk}" for n, (allocation, _) in enumerate(chosen)}
        try:
            moved = services.reassign_work(
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
    return render(
        request,
        "workforce/team.html",
        {"teams": teams, "team": chosen, **selectors.team_work(chosen, request.user)},
    )
