"""After an audit: moderation by a second auditor (both grades kept), the worker's response,
and the escalation of actions not done by their due date (team manager, head of service,
assistant director), each step dated on the action's trail."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from journey.access.quality import MODERATOR_ROLES
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry
from journey.core.services import check_rationale, rationale_problem
from journey.quality.models import (
    CONCERN_GRADES,
    AuditAction,
    AuditAnswer,
    AuditModeration,
    CaseAudit,
    EscalationEvent,
    EscalationLevel,
    Grade,
    GradeChange,
)
from journey.quality.services import _long, _now, _raise_all, _refuse, escalation_days
from journey.workforce.models import Role, Worker

# --- Moderation ------------------------------------------------------------------------------


def _moderation_entry(
    audit: CaseAudit, moderation: AuditModeration, changes: list[GradeChange]
) -> ChronologyEntry:
    overall = next((c for c in changes if c.answer_id is None), None)
    if overall:
        title = (
            f"Case file audit moderated: {overall.get_from_grade_display()} changed to "
            f"{overall.get_to_grade_display()}"
        )
    elif changes:
        title = (
            f"Case file audit moderated: {audit.get_final_grade_display()}, question grades changed"
        )
    else:
        title = f"Case file audit moderated: {audit.get_final_grade_display()} agreed"
    return build_entry(
        child_id=audit.child_id,
        episode_id=audit.episode_id,
        kind=EntryKind.AUDIT,
        title=title,
        summary=f"Moderated by {moderation.moderator.name}. {moderation.reason}".strip(),
        occurred_at=moderation.moderated_at,
        source=moderation,
        recorded_by=moderation.moderator.user,
        is_significant=audit.final_grade in CONCERN_GRADES,
        recorded_at=moderation.moderated_at,
    )


def _valid_grade(value: int | None, field_name: str, allow_none: bool) -> None:
    if value is None and allow_none:
        return
    if value not in Grade.values:
        raise _refuse("Select a grade from the list", field_name)


@transaction.atomic
def moderate_audit(
    audit: CaseAudit,
    *,
    moderator: Worker,
    overall_grade: int | None,
    answer_grades: dict[int, int | None],
    reason: str,
    now: dt.datetime | None = None,
) -> AuditModeration:
    """A second auditor agrees, or changes grades with a reason; the originals are kept."""
    audit = (
        CaseAudit.objects.select_for_update(of=("self",)).select_related("auditor").get(pk=audit.pk)
    )
    if moderator.role not in MODERATOR_ROLES or not moderator.is_active:
        raise _refuse("Only quality assurance officers and assistant directors moderate audits")
    if moderator.pk == audit.auditor_id:
        raise _refuse("You completed this audit: a second auditor must moderate it")
    if AuditModeration.objects.filter(audit=audit).exists():
        raise _refuse("This audit has already been moderated")
    _valid_grade(overall_grade, "overall_grade", allow_none=False)
    assert overall_grade is not None  # refused just above
    answers = {a.pk: a for a in audit.answers.select_related("question")}
    for answer_id, grade in answer_grades.items():
        if answer_id not in answers:
            raise _refuse("Grade only this audit's questions")
        _valid_grade(grade, f"grade_{answer_id}", allow_none=True)
    changed = [
        a for pk, a in answers.items() if pk in answer_grades and answer_grades[pk] != a.final_grade
    ]
    overall_changed = overall_grade != audit.final_grade
    if changed or overall_changed:
        reason = check_rationale(reason, "reason", "reason for changing the grade")
    moderation = AuditModeration.objects.create(
        audit=audit, moderator=moderator, moderated_at=_now(now), reason=reason.strip()
    )
    changes = []
    if overall_changed:
        changes.append(
            GradeChange(moderation=moderation, from_grade=audit.final_grade, to_grade=overall_grade)
        )
        audit.final_grade = overall_grade
        audit.save(update_fields=["final_grade"])
    for answer in changed:
        new = answer_grades[answer.pk]
        changes.append(
            GradeChange(
                moderation=moderation, answer=answer, from_grade=answer.final_grade, to_grade=new
            )
        )
        answer.final_grade = new
    bulk_update_with_history(changed, AuditAnswer, ["final_grade"])
    GradeChange.objects.bulk_create(changes)
    _moderation_entry(audit, moderation, changes).save()
    return moderation


# --- The worker's response -------------------------------------------------------------------


def _for_someone_else(owner: Worker | None, worker: Worker, what: str) -> ValidationError:
    whose = owner.name if owner else "nobody"
    return _refuse(f"{what} {whose}: only they can respond to it")


@transaction.atomic
def acknowledge_audit(
    audit: CaseAudit, *, worker: Worker, response: str = "", now: dt.datetime | None = None
) -> CaseAudit:
    """The worker has read the audit and accepts its actions."""
    audit = (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("worker__user")
        .get(pk=audit.pk)
    )
    if audit.worker_id != worker.pk:
        raise _for_someone_else(audit.worker, worker, "This audit and its actions are for")
    if audit.acknowledged_at:
        raise _refuse(f"You acknowledged this audit on {_long(audit.acknowledged_at)}")
    audit.acknowledged_at, audit.acknowledgement = _now(now), response.strip()
    audit.save(update_fields=["acknowledged_at", "acknowledgement"])
    return audit


@transaction.atomic
def record_action_done(
    action: AuditAction,
    *,
    worker: Worker,
    what_was_done: str,
    done_on: dt.date | None,
    now: dt.datetime | None = None,
) -> AuditAction:
    """The worker says what they did; the action is done and stops escalating."""
    action = (
        AuditAction.objects.select_for_update(of=("self",))
        .select_related("owner__user", "audit")
        .get(pk=action.pk)
    )
    if action.owner_id != worker.pk:
        raise _for_someone_else(action.owner, worker, "This action is for")
    if not action.is_open:
        assert action.done_on is not None  # set when it is done
        raise _refuse(f"This action was recorded as done on {_long(action.done_on)}")
    now = _now(now)
    errors = {}
    problem = rationale_problem(what_was_done, "what you did")
    if problem:
        errors["what_was_done"] = problem
    if done_on is None:
        errors["done_on"] = "Enter the date you did it"
    elif done_on > timezone.localdate(now):
        errors["done_on"] = "The date you did it must be today or in the past"
    elif done_on < action.audit.completed_on:
        audited = _long(action.audit.completed_on)
        errors["done_on"] = f"The date you did it must be on or after the audit ({audited})"
    _raise_all(errors)
    action.status, action.what_was_done = AuditAction.Status.DONE, what_was_done.strip()
    action.done_on, action.done_recorded_at = done_on, now
    action.save()
    if action.audit.acknowledged_at is None:  # saying what you did acknowledges the audit
        action.audit.acknowledged_at = now
        action.audit.save(update_fields=["acknowledged_at"])
    return action


# --- Escalation ------------------------------------------------------------------------------


def level_due(due_on: dt.date, today: dt.date, days: int) -> int:
    """The escalation step an open action has reached: the day after it is due, the team
    manager; `days` later the head of service; `days` after that the assistant director."""
    late = (today - due_on).days
    if late <= 0:
        return EscalationLevel.NONE
    return min(EscalationLevel.ASSISTANT_DIRECTOR, 1 + (late - 1) // days)


def step_date(due_on: dt.date, level: int, days: int) -> dt.date:
    return due_on + dt.timedelta(days=1 + (level - 1) * days)


class _Line:
    """The management line above each team, loaded once."""

    def __init__(self) -> None:
        managers = Worker.objects.active().select_related("user").order_by("pk")
        self.team_managers: dict[int, list[Worker]] = {}
        self.heads: dict[int, Worker] = {}
        self.director: Worker | None = None
        for worker in managers.filter(
            role__in=[Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR]
        ):
            if worker.role == Role.TEAM_MANAGER and worker.team_id:
                self.team_managers.setdefault(worker.team_id, []).append(worker)
            elif worker.role == Role.HEAD_OF_SERVICE and worker.service_id:
                self.heads.setdefault(worker.service_id, worker)
            elif worker.role == Role.ASSISTANT_DIRECTOR and self.director is None:
                self.director = worker

    def above(self, action: AuditAction, level: int) -> Worker | None:
        team = action.audit.team
        if level == EscalationLevel.TEAM_MANAGER:
            managers = [m for m in self.team_managers.get(team.pk, []) if m.pk != action.owner_id]
            return managers[0] if managers else None
        if level == EscalationLevel.HEAD_OF_SERVICE:
            return self.heads.get(team.service_id)
        return self.director


@transaction.atomic
def escalate_overdue_actions(
    today: dt.date, *, now: dt.datetime | None = None
) -> list[EscalationEvent]:
    """Escalate every open action past its due date to the step it has reached. Idempotent:
    running it again the same day adds nothing; each step is dated the day it fell due."""
    days = escalation_days()
    actions = list(
        AuditAction.objects.select_for_update(of=("self",))
        .filter(
            status=AuditAction.Status.OPEN,
            due_on__lt=today,
            escalation_level__lt=EscalationLevel.ASSISTANT_DIRECTOR,
        )
        .select_related("audit__team")
    )
    line = _Line()
    events, moved = [], []
    for action in actions:
        target = level_due(action.due_on, today, days)
        for level in range(action.escalation_level + 1, target + 1):
            to = line.above(action, level)
            events.append(
                EscalationEvent(
                    action=action,
                    level=level,
                    escalated_to=to,
                    escalated_on=step_date(action.due_on, level, days),
                    recorded_at=_now(now),
                    note=""
                    if to
                    else f"Nobody is in post as {EscalationLevel(level).label.lower()}",
                )
            )
        if target > action.escalation_level:
            action.escalation_level = target
            moved.append(action)
    EscalationEvent.objects.bulk_create(events)
    bulk_update_with_history(moved, AuditAction, ["escalation_level"])
    return events
