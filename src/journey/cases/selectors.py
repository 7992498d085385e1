"""Reads shaped for the step-change screens and the chronology, each in a fixed number of
queries."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet

from journey.access.rules import visible_children
from journey.cases.models import Episode, StepChange, StepChangeQuerySet, ThresholdDecision
from journey.casework.models import Meeting, Plan, PlanAction
from journey.workforce.caseloads.selectors import Caseload, caseloads
from journey.workforce.models import CASE_HOLDING_ROLES, Role, Worker


def awaiting_a_manager() -> QuerySet[ThresholdDecision]:
    """Threshold decisions no manager has yet agreed with or changed (a manager's own decision
    waits for another manager's view)."""
    return ThresholdDecision.objects.filter(manager_agreed__isnull=True)


def decisions_awaiting_a_manager(child_id: int) -> set[int]:
    """The child's threshold decisions awaiting a manager's view (one query)."""
    return set(awaiting_a_manager().filter(child_id=child_id).values_list("pk", flat=True))


def step_changes() -> StepChangeQuerySet[StepChange]:
    return StepChange.objects.select_related(
        "child",
        "from_episode__team",
        "receiving_team__service",
        "to_episode__team",
        "decided_by__user",
        "receiving_worker__user",
        "receiving_worker__agency",
        "requested_by",
        "handed_over_by",
        "joint_meeting",
    )


def plan_evidence(episode: Episode) -> dict:
    """What the current plan shows: its actions by status, and the latest meetings."""
    plans = list(
        Plan.objects.filter(episode=episode)
        .order_by("-started_on")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=PlanAction.objects.order_by("due_on", "pk"),
                to_attr="all_actions",
            )
        )
    )
    meetings = list(Meeting.objects.filter(episode=episode).order_by("-held_on")[:3])
    return {"plans": plans, "meetings": meetings}


def open_caseloads(workers: QuerySet[Worker]) -> dict[int, Caseload]:
    """Each worker's caseload today, weighted, with their limit (one query)."""
    return caseloads(workers)


def _waiting_on(worker: Worker) -> tuple[Q, Q]:
    """Who decides and who hands over: the receiving service's managers, the receiving team."""
    if worker.role == Role.ASSISTANT_DIRECTOR:
        return Q(), Q()
    if worker.role == Role.HEAD_OF_SERVICE and worker.service_id:
        in_service = Q(receiving_team__service_id=worker.service_id)
        return in_service, in_service
    nothing = Q(pk__in=[])
    if worker.role in CASE_HOLDING_ROLES and worker.team_id:
        in_team = Q(receiving_team_id=worker.team_id)
        return (in_team if worker.is_manager else nothing), in_team
    return nothing, nothing


def steps_waiting_on(worker: Worker) -> int:
    """How many step changes wait for this worker to decide or hand over (one query)."""
    decide, hand_over = _waiting_on(worker)
    return StepChange.objects.filter(
        (Q(status=StepChange.Status.REQUESTED) & decide & ~Q(requested_by=worker.user))
        | (Q(status=StepChange.Status.ACCEPTED) & hand_over)
    ).count()


def step_changes_for(worker: Worker) -> dict:
    decide, hand_over = _waiting_on(worker)
    user: User = worker.user
    steps = list(
        step_changes()
        .pending()
        .filter(
            (Q(status=StepChange.Status.REQUESTED) & decide)
            | (Q(status=StepChange.Status.ACCEPTED) & hand_over)
            | Q(requested_by=user)
        )
        .order_by("requested_at")
    )
    visible = set(
        visible_children(user)
        .filter(pk__in={s.child_id for s in steps})
        .values_list("pk", flat=True)
    )
    for step in steps:
        step.child_visible = step.child_id in visible
    return {
        "to_decide": [
            s for s in steps if s.status == StepChange.Status.REQUESTED and s.requested_by != user
        ],
        "to_hand_over": [s for s in steps if s.status == StepChange.Status.ACCEPTED],
        "asked_by_me": [
            s for s in steps if s.status == StepChange.Status.REQUESTED and s.requested_by == user
        ],
    }
