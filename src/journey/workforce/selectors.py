"""Reads about workers and their work, shaped per screen."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from journey.access.rules import visibility_filter, visible_children
from journey.cases.models import Episode
from journey.casework.models import EnquiryMember, Plan, Section47
from journey.casework.supervision.selectors import is_overdue, supervision_due
from journey.people.models import Person
from journey.workforce.caseloads.selectors import caseloads
from journey.workforce.models import Allocation, Role, RoleChange, Team, Worker


def reassignable_workers(manager: Worker) -> QuerySet[Worker]:
    """Workers whose cases this manager may move: their team, their service, or everyone."""
    workers = Worker.objects.active().select_related("user", "team", "agency")
    if manager.role == Role.ASSISTANT_DIRECTOR:
        return workers
    if manager.role == Role.HEAD_OF_SERVICE and manager.service_id:
        return workers.filter(
            Q(team__service_id=manager.service_id) | Q(role=Role.EXTERNAL_LEAD_PROFESSIONAL)
        )
    return workers.filter(Q(team_id=manager.team_id) | Q(role=Role.EXTERNAL_LEAD_PROFESSIONAL))


def current_work_of(worker: Worker, kind: str, viewer: User) -> list[Allocation]:
    """The worker's open cases; `child_visible` says whether the viewer may see each child."""
    visible = Person.objects.filter(visibility_filter(viewer), pk=OuterRef("episode__child_id"))
    return list(
        Allocation.objects.current()
        .filter(worker=worker, kind=kind, episode__ended_on__isnull=True)
        .select_related("episode__child", "episode__team__service")
        .annotate(child_visible=Exists(visible))
        .order_by("episode__child__last_name", "episode__child__first_name")
    )


def holding_cases(workers: QuerySet[Worker]) -> QuerySet[Worker]:
    """Only workers who hold open cases, with how many (for "whose cases are you moving?")."""
    open_work = Q(allocations__ended_on__isnull=True, allocations__episode__ended_on__isnull=True)
    as_lead = Q(allocations__kind=Allocation.Kind.LEAD_PROFESSIONAL)
    return workers.annotate(
        open_cases=Count("allocations", filter=open_work),
        as_lead=Count("allocations", filter=open_work & as_lead),
    ).filter(open_cases__gt=0)


def teams_overseen(manager: Worker) -> QuerySet[Team]:
    """The teams a manager oversees: their own, their service's, or (a director) every team."""
    teams = Team.objects.filter(is_active=True).select_related("service")
    if manager.role == Role.ASSISTANT_DIRECTOR:
        return teams
    if manager.role == Role.HEAD_OF_SERVICE and manager.service_id:
        return teams.filter(service_id=manager.service_id)
    if manager.role == Role.TEAM_MANAGER and manager.team_id:
        return teams.filter(pk=manager.team_id)
    return teams.none()


#: Rows of a team's work on one page of the team view (most overdue first).
TEAM_PAGE = 100


def team_work(team: Team, viewer: User, page_number: str | int | None = 1) -> dict:
    """One page of the team's open work with its allocated worker and when supervision is due,
    most overdue first, and the whole team's counts: a fixed number of queries, and only the
    page's rows are read whatever the size of the team."""
    today = timezone.localdate()
    episodes = (
        Episode.objects.open()
        .filter(team=team)
        .alias(
            held=FilteredRelation(
                "allocations",
                # The holder: the allocated worker, or Family Help's lead practitioner.
                condition=(
                    Q(allocations__kind=Allocation.Kind.WORKER)
                    | Q(allocations__kind=Allocation.Kind.LEAD_PROFESSIONAL, kind="family_help")
                )
                & Q(allocations__ended_on__isnull=True),
            )
        )
        .annotate(
            worker_first=F("held__worker__user__first_name"),
            worker_last=F("held__worker__user__last_name"),
            visit_due_on=Subquery(
                Plan.objects.filter(
                    episode=OuterRef("pk"), ended_on__isnull=True, visit_due_on__isnull=False
                )
                .order_by("visit_due_on")
                .values("visit_due_on")[:1]
            ),
            **supervision_due(),
        )
    )
    counts = episodes.aggregate(
        open_count=Count("pk"),
        overdue_count=Count("pk", filter=Q(supervision_due_on__lt=today)),
        visits_overdue_count=Count("pk", filter=Q(visit_due_on__lt=today)),
        unallocated_count=Count("pk", filter=Q(worker_last__isnull=True)),
    )
    ordered = episodes.select_related("child").order_by(
        "supervision_due_on", "child__last_name", "pk"
    )
    paginator = Paginator(ordered, TEAM_PAGE)
    paginator.count = counts["open_count"]  # counted above: no second count
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    page.object_list = rows
    # Which of these children the viewer may see, asked of just this page's children: one pass
    # over the visibility rules per page, not one per row.
    visible = set(
        visible_children(viewer)
        .filter(pk__in={e.child_id for e in rows})
        .values_list("pk", flat=True)
    )
    for episode in rows:
        episode.child_visible = episode.child_id in visible
        episode.supervision_overdue = is_overdue(episode.supervision_due_on, today)
        episode.visit_overdue = is_overdue(episode.visit_due_on, today)
    loads = caseloads(Worker.objects.filter(team=team, is_active=True), today)
    return {
        "over_limit_count": sum(load.over_limit for load in loads.values()),
        "page": page,
        "rows": rows,
        **counts,
    }


def role_changes() -> dict:
    """Changes of role waiting for approval (oldest first) and the latest decided ones."""
    changes = RoleChange.objects.select_related(
        "worker__user",
        "worker__team",
        "to_team",
        "from_team",
        "to_service",
        "from_service",
        "requested_by",
        "decided_by",
    )
    return {
        "pending": list(changes.filter(status=RoleChange.Status.PENDING).order_by("requested_at")),
        "decided": list(changes.exclude(status=RoleChange.Status.PENDING)[:DECIDED_LISTED]),
    }


DECIDED_LISTED = 50


def role_changes_waiting_on(user: User) -> int:
    """Pending changes this approver may decide (not their own, not ones they asked for)."""
    return (
        RoleChange.objects.filter(status=RoleChange.Status.PENDING)
        .exclude(requested_by=user)
        .exclude(worker__user=user)
        .count()
    )


def members_by_agency(team: Team) -> list[tuple[str, list[Worker]]]:
    """A multi-agency child protection team's active members, agency by agency, each with the
    section 47 enquiries they are on now and those they lead (one query)."""
    on_now = EnquiryMember.objects.current().filter(
        worker=OuterRef("pk"), section47__episode__ended_on__isnull=True
    )
    leading = Section47.objects.filter(lead_practitioner=OuterRef("pk"), outcome="")
    workers = (
        Worker.objects.active()
        .filter(team=team)
        .select_related("user", "agency")
        .annotate(
            enquiries=Coalesce(
                Subquery(on_now.values("worker").annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
            ),
            leads=Coalesce(
                Subquery(
                    leading.values("lead_practitioner").annotate(n=Count("pk")).values("n")[:1]
                ),
                Value(0),
            ),
        )
        .order_by("agency__name", "user__last_name", "user__first_name")
    )
    grouped: dict[str, list[Worker]] = {}
    for worker in workers:
        grouped.setdefault(worker.agency.name, []).append(worker)
    return list(grouped.items())
