"""Reads shaped for the audit screens, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from journey.core.permissions import User
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
    SampledCase,
)
from journey.quality.permissions import AUDITOR_ROLES, audit_scope
from journey.quality.sampling import eligible_episodes
from journey.workforce.models import Worker

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
    audit itself (its findings and actions); the date and grade are part of the case file."""
    audits = list(
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
            audit.may_view = audit.pk in viewable
    return audits
