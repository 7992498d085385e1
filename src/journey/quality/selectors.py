"""Reads shaped for the audit and observation screens, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from journey.access.quality import (
    AUDITOR_ROLES,
    OBSERVED_ROLES,
    OBSERVER_ROLES,
    SEES_ALL_OBSERVATIONS,
    audit_scope,
    observation_scope,
)
from journey.access.rules import User, may_read_child_records, visible_children
from journey.casework.models import ViewsRecord
from journey.people.models import Person
from journey.quality.models import (
    AuditAction,
    AuditAnswer,
    AuditDomain,
    AuditQuestion,
    AuditRound,
    AuditTool,
    CaseAudit,
    EscalationEvent,
    GradeChange,
    PracticeObservation,
    SampledCase,
)
from journey.quality.sampling import eligible_episodes
from journey.workforce.models import Role, Team, Worker

# --- Rounds ----------------------------------------------------------------------------------


def rounds_list() -> list[AuditRound]:
    """Every round with its progress counts and teams: two queries."""
    in_sample = Q(cases__excluded=False)
    return list(
        AuditRound.objects.select_related("tool")
        .prefetch_related("teams")
        .annotate(
            n_sampled=Count("cases", filter=in_sample, distinct=True),
            n_excluded=Count("cases", filter=Q(cases__excluded=True), distinct=True),
            n_allocated=Count(
                "cases", filter=in_sample & Q(cases__auditor__isnull=False), distinct=True
            ),
            n_audited=Count("audits", distinct=True),
        )
        .order_by("-period_start", "-pk")
    )


def round_detail_qs() -> QuerySet[AuditRound]:
    return AuditRound.objects.select_related("tool", "created_by").prefetch_related("teams")


def sampled_cases(audit_round: AuditRound) -> list[SampledCase]:
    return list(
        SampledCase.objects.filter(round=audit_round)
        .select_related(
            "episode__child",
            "episode__team",
            "worker__user",
            "auditor__user",
            "audit",
            "replaces__episode__child",
            "excluded_by",
        )
        .order_by("position")
    )


def eligible_count(audit_round: AuditRound) -> int:
    teams = [t.pk for t in audit_round.teams.all()]
    return eligible_episodes(audit_round, teams).count()


def sampled_case(round_id: int, sample_id: int) -> SampledCase:
    return SampledCase.objects.select_related(
        "round", "episode__child", "episode__team__service", "auditor__user", "worker__user"
    ).get(round_id=round_id, pk=sample_id)


def auditors() -> QuerySet[Worker]:
    return (
        Worker.objects.active()
        .filter(role__in=AUDITOR_ROLES)
        .select_related("user", "team", "service")
        .order_by("role", "user__last_name", "user__first_name")
    )


# --- The tool --------------------------------------------------------------------------------


def tool_domains(tool: AuditTool) -> list[AuditDomain]:
    """The tool's domains, each with its questions as `.question_list`: two queries."""
    return list(
        tool.domains.prefetch_related(
            Prefetch("questions", queryset=AuditQuestion.objects.all(), to_attr="question_list")
        )
    )


# --- An audit --------------------------------------------------------------------------------


@dataclass
class DomainAnswers:
    domain: AuditDomain
    answers: list[AuditAnswer]


def audit_qs() -> QuerySet[CaseAudit]:
    return CaseAudit.objects.select_related(
        "round",
        "child",
        "episode",
        "team__service",
        "worker__user",
        "auditor__user",
        "tool",
        "moderation__moderator__user",
    ).prefetch_related(
        Prefetch(
            "actions",
            queryset=AuditAction.objects.select_related("owner__user").prefetch_related(
                Prefetch(
                    "escalations",
                    queryset=EscalationEvent.objects.select_related("escalated_to__user"),
                )
            ),
        )
    )


def answers_by_domain(audit: CaseAudit) -> list[DomainAnswers]:
    answers = AuditAnswer.objects.filter(audit=audit).select_related("question__domain")
    grouped: dict[int, DomainAnswers] = {}
    for answer in answers:
        domain = answer.question.domain
        grouped.setdefault(domain.pk, DomainAnswers(domain, [])).answers.append(answer)
    return list(grouped.values())


def grade_changes(audit: CaseAudit) -> list[GradeChange]:
    if not audit.is_moderated:
        return []
    return list(
        GradeChange.objects.filter(moderation=audit.moderation).select_related("answer__question")
    )


# --- The worker's task list ------------------------------------------------------------------


def _audits() -> QuerySet[CaseAudit]:
    return CaseAudit.objects.select_related("child", "round", "auditor__user", "team")


def tasks_for(worker: Worker) -> dict:
    """Everything audit-related waiting for this worker: five queries, whatever the data."""
    actions = AuditAction.objects.select_related(
        "audit__child", "audit__round", "owner__user", "audit__team"
    )
    latest_step_is_mine = EscalationEvent.objects.filter(
        escalated_to=worker, level=F("action__escalation_level")
    ).values("action_id")
    return {
        "to_audit": list(
            SampledCase.objects.filter(auditor=worker, excluded=False, audit__isnull=True)
            .select_related("round", "episode__child", "episode__team")
            .order_by("round__audits_due_on", "round__period_start", "position")
        ),
        "to_acknowledge": list(
            _audits().filter(worker=worker, acknowledged_at__isnull=True).order_by("completed_at")
        ),
        "my_actions": list(
            actions.filter(owner=worker, status=AuditAction.Status.OPEN).order_by("due_on", "pk")
        ),
        "escalated_to_me": list(
            actions.filter(status=AuditAction.Status.OPEN, pk__in=latest_step_is_mine).order_by(
                "due_on", "pk"
            )
        ),
        "recently_done": list(
            actions.filter(owner=worker, status=AuditAction.Status.DONE).order_by(
                "-done_recorded_at"
            )[:10]
        ),
    }


def audit_tasks_count(worker: Worker) -> int:
    """How many audit tasks wait for this worker (for a "waiting for you" banner)."""
    tasks = tasks_for(worker)
    return sum(len(tasks[key]) for key in ("to_audit", "to_acknowledge", "my_actions"))


# --- The child's record ----------------------------------------------------------------------


def audits_for_child(child: Person, user: User) -> list[CaseAudit]:
    """The child's audits, newest first. Each has `.may_view`: whether this user may open the
    audit itself (its findings and actions); the date and grade are part of the council's case
    file, which partner agencies do not see."""
    if not may_read_child_records(user):
        return []
    audits: list[CaseAudit] = list(
        CaseAudit.objects.filter(child=child)
        .select_related("round", "auditor__user", "team")
        .annotate(n_open_actions=Count("actions", filter=Q(actions__status="open")))
        .order_by("-completed_at")
    )
    if audits:
        viewable = set(
            CaseAudit.objects.filter(audit_scope(user), child=child).values_list("pk", flat=True)
        )
        for audit in audits:
            audit.may_view = audit.pk in viewable  # type: ignore[attr-defined]  # for the template
    return audits


# --- Direct observations of practice ---------------------------------------------------------

OStatus = PracticeObservation.Status


def observation_qs() -> QuerySet[PracticeObservation]:
    return PracticeObservation.objects.select_related(
        "observer__user",
        "observed__user",
        "team",
        "episode__child",
        "episode__team",
        "planned_by",
        "cancelled_by",
    )


def name_visible_children(user: User, observations: list[PracticeObservation]) -> None:
    """Set `.child_name` on each observation: the child's name where it names a piece of work
    and this user may see the child, else "". One query, whatever the number."""
    child_ids = {o.episode.child_id for o in observations if o.episode is not None}
    visible = (
        set(visible_children(user).filter(pk__in=child_ids).values_list("pk", flat=True))
        if child_ids
        else set()
    )
    for o in observations:
        episode = o.episode
        seen = episode is not None and episode.child_id in visible
        o.child_name = episode.child.full_name if episode and seen else ""  # type: ignore[attr-defined]  # for the template


@dataclass
class ObservationCounts:
    planned: int  # in the programme: not cancelled
    done: int
    overdue: int  # the planned date has passed without a record
    cancelled: int

    @property
    def to_come(self) -> int:
        return self.planned - self.done - self.overdue


@dataclass
class Programme:
    observations: list[PracticeObservation]
    counts: ObservationCounts


def programme(
    user: User, *, start: dt.date, end: dt.date, today: dt.date, team_id: int | None = None
) -> Programme:
    """The observations planned in the period that this user may see: three queries."""
    rows = PracticeObservation.objects.filter(
        observation_scope(user), planned_on__gte=start, planned_on__lte=end
    )
    if team_id:
        rows = rows.filter(team_id=team_id)
    planned = ~Q(status=OStatus.CANCELLED)
    counts = rows.aggregate(
        planned=Count("pk", filter=planned),
        done=Count("pk", filter=Q(status=OStatus.RECORDED)),
        overdue=Count("pk", filter=Q(status=OStatus.PLANNED, planned_on__lt=today)),
        cancelled=Count("pk", filter=Q(status=OStatus.CANCELLED)),
    )
    observations = list(
        observation_qs().filter(pk__in=rows.values("pk")).order_by("planned_on", "pk")
    )
    name_visible_children(user, observations)
    return Programme(observations, ObservationCounts(**counts))


def programme_teams(worker: Worker) -> QuerySet[Team]:
    """The teams a viewer of the programme may filter by: their own scope."""
    teams = Team.objects.filter(is_active=True).order_by("name")
    if worker.role in SEES_ALL_OBSERVATIONS:
        return teams
    if worker.role == Role.HEAD_OF_SERVICE and worker.home_service_id:
        return teams.filter(service_id=worker.home_service_id)
    if worker.team_id:
        return teams.filter(pk=worker.team_id)
    return teams.none()


def observable_workers(planner: Worker) -> QuerySet[Worker]:
    """The frontline workers this planner manages: their team's, their service's, or all."""
    workers = (
        Worker.objects.active()
        .filter(role__in=OBSERVED_ROLES)
        .select_related("user", "team")
        .order_by("team__name", "user__last_name", "user__first_name")
    )
    if planner.role in SEES_ALL_OBSERVATIONS:
        return workers
    if planner.role == Role.HEAD_OF_SERVICE and planner.home_service_id:
        return workers.filter(team__service_id=planner.home_service_id)
    if planner.role == Role.TEAM_MANAGER and planner.team_id:
        return workers.filter(team_id=planner.team_id)
    return workers.none()


def observers() -> QuerySet[Worker]:
    return (
        Worker.objects.active()
        .filter(role__in=OBSERVER_ROLES)
        .select_related("user", "team", "service")
        .order_by("user__last_name", "user__first_name")
    )


def my_observations(worker: Worker, user: User) -> dict[str, list[PracticeObservation]]:
    """The worker's observations: of their practice, and those they carry out. Three queries."""
    of_me = list(observation_qs().filter(observed=worker).order_by("-planned_on", "-pk"))
    by_me = list(observation_qs().filter(observer=worker).order_by("-planned_on", "-pk"))
    name_visible_children(user, of_me + by_me)
    return {
        "to_respond": [o for o in of_me if o.awaits_response],
        "of_me": of_me,
        "to_record": [o for o in by_me if o.is_planned],
        "by_me": [o for o in by_me if not o.is_planned],
    }


def observation_tasks(worker: Worker) -> list[PracticeObservation]:
    """Observations recorded about this worker that wait for their response."""
    return list(
        PracticeObservation.objects.filter(
            observed=worker, status=OStatus.RECORDED, acknowledged_at__isnull=True
        )
        .select_related("observer__user")
        .order_by("recorded_at", "pk")
    )


def observation_tasks_count(worker: Worker) -> int:
    """How many observations of this worker's practice wait for their response."""
    return PracticeObservation.objects.filter(
        observed=worker, status=OStatus.RECORDED, acknowledged_at__isnull=True
    ).count()


@dataclass(frozen=True)
class ChildViewsPanel:
    """The audited work's records that should carry the child's views, and those without them
    (R8): newest first, each with the reason they were not obtained if one was given."""

    total: int
    without: list[ViewsRecord]


def child_views_panel(episode_id: int) -> ChildViewsPanel:
    """One query, however many records the work has."""
    records = list(
        ViewsRecord.objects.filter(episode_id=episode_id)
        .only("key", "kind", "on", "has_views", "not_obtained")
        .order_by("-on", "key")
    )
    return ChildViewsPanel(
        total=len(records), without=[record for record in records if not record.has_views]
    )
