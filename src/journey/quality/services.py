"""Writes for case file audits (R5). Each is one transaction that refuses bad input with a
message naming the field and the fix. `now` lets tests and the demo council record as of a day.

Round → draw the sample → exclude (with a replacement) → allocate an auditor → complete the audit
(chronology entry) → moderate (both grades kept) → the worker acknowledges and records what they
did → overdue actions escalate: team manager, head of service, assistant director.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from journey.access.quality import (
    AUDITOR_ROLES,
    ROUND_ROLES,
    own_team_conflict,
)
from journey.cases.models import Episode, EpisodeKind
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry
from journey.core import grants
from journey.core.models import RecordGrant
from journey.core.services import check_rationale
from journey.quality import sampling
from journey.quality.models import (
    CONCERN_GRADES,
    AuditAction,
    AuditAnswer,
    AuditQuestion,
    AuditRound,
    AuditTool,
    CaseAudit,
    Grade,
    SampledCase,
    SampleMethod,
)
from journey.workforce.models import Allocation, Team, Worker

MAX_SAMPLE = 500
#: Days between escalation steps, and how long an auditor may open an allocated child's record.
DEFAULT_ESCALATION_DAYS = 14
DEFAULT_ACCESS_DAYS = 90


def escalation_days() -> int:
    return getattr(settings, "JOURNEY_AUDIT_ESCALATION_DAYS", DEFAULT_ESCALATION_DAYS)


def access_days() -> int:
    return getattr(settings, "JOURNEY_AUDIT_ACCESS_DAYS", DEFAULT_ACCESS_DAYS)


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _refuse(message: str, field_name: str = "__all__") -> ValidationError:
    return ValidationError({field_name: message})


def _raise_all(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# --- The tool --------------------------------------------------------------------------------


def current_tool() -> AuditTool | None:
    """The latest version of the tool that has questions."""
    return (
        AuditTool.objects.filter(domains__questions__isnull=False)
        .distinct()
        .order_by("-version", "-pk")
        .first()
    )


@transaction.atomic
def new_tool_version(tool: AuditTool, notes: str = "") -> AuditTool:
    """A copy of the tool as the next version, editable until an audit uses it."""
    latest = AuditTool.objects.filter(name=tool.name).order_by("-version").first()
    assert latest is not None  # `tool` itself has the name
    copy = AuditTool.objects.create(
        name=tool.name,
        version=latest.version + 1,
        notes=notes or f"Copied from version {tool.version}",
    )
    for domain in tool.domains.prefetch_related("questions"):
        questions = list(domain.questions.all())
        domain.pk, domain.tool = None, copy
        domain.save()
        AuditQuestion.objects.bulk_create(
            AuditQuestion(domain=domain, text=q.text, guidance=q.guidance, order=q.order)
            for q in questions
        )
    return copy


# --- Rounds ----------------------------------------------------------------------------------


@dataclass
class RoundInput:
    name: str
    period_start: dt.date | None
    period_end: dt.date | None
    teams: list[Team]
    kinds: list[str]
    sample_size: int | None
    method: str
    allow_own_team: bool = False
    audits_due_on: dt.date | None = None
    seed: int | None = None


def _round_errors(data: RoundInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Enter a name for the round, like “March 2026 case file audit”"
    if data.period_start is None:
        errors["period_start"] = "Enter the start of the period"
    elif data.period_start > today:
        errors["period_start"] = "The start of the period must be today or in the past"
    if data.period_end is None:
        errors["period_end"] = "Enter the end of the period"
    elif data.period_start and data.period_end < data.period_start:
        errors["period_end"] = "The end of the period must be on or after its start"
    if not data.teams or any(not team.is_active for team in data.teams):
        errors["teams"] = "Select at least one team whose cases the round audits"
    if not data.kinds or any(kind not in EpisodeKind.values for kind in data.kinds):
        errors["kinds"] = "Select at least one kind of work the round audits"
    if data.sample_size is None or not 1 <= data.sample_size <= MAX_SAMPLE:
        errors["sample_size"] = f"The sample size must be a whole number from 1 to {MAX_SAMPLE}"
    if data.method not in SampleMethod.values:
        errors["method"] = "Select how the sample is drawn"
    if data.audits_due_on and data.audits_due_on < today:
        errors["audits_due_on"] = "The date audits are due must be today or in the future"
    if data.seed is not None and not 0 <= data.seed < 2**63:
        errors["seed"] = "The seed must be a whole number of 0 or more"
    return errors


@transaction.atomic
def create_round(data: RoundInput, *, by: Worker, now: dt.datetime | None = None) -> AuditRound:
    now = _now(now)
    if by.role not in ROUND_ROLES or not by.is_active:
        raise _refuse("Only quality assurance officers plan audit rounds")
    _raise_all(_round_errors(data, timezone.localdate(now)))
    tool = current_tool()
    if tool is None:
        raise _refuse("There is no audit tool with questions yet: set one up in administration")
    # _round_errors refused a round without its period or sample size.
    assert data.period_start is not None and data.period_end is not None
    assert data.sample_size is not None
    audit_round = AuditRound.objects.create(
        name=data.name.strip(),
        period_start=data.period_start,
        period_end=data.period_end,
        kinds=sorted(set(data.kinds)),
        sample_size=data.sample_size,
        method=data.method,
        seed=data.seed if data.seed is not None else secrets.randbelow(2**31),
        allow_own_team=data.allow_own_team,
        audits_due_on=data.audits_due_on,
        tool=tool,
        created_by=by.user,
        created_at=now,
    )
    audit_round.teams.set(data.teams)
    return audit_round


def _team_ids(audit_round: AuditRound) -> list[int]:
    return list(audit_round.teams.values_list("pk", flat=True))


def _stratum_labels(method: str, chosen: list[sampling.Candidate]) -> dict[str, str]:
    if method == SampleMethod.TEAM:
        teams = Team.objects.filter(pk__in={c.team_id for c in chosen})
        return {str(t.pk): t.name for t in teams}
    if method == SampleMethod.WORKER:
        workers = Worker.objects.filter(pk__in={c.worker_id for c in chosen if c.worker_id})
        labels = {str(w.pk): w.name for w in workers.select_related("user")}
        return {**labels, sampling.NO_WORKER: "No allocated worker"}
    if method == SampleMethod.KIND:
        return dict(EpisodeKind.choices)
    return {}


def _sampled_rows(
    audit_round: AuditRound, chosen: list[sampling.Candidate], first: int
) -> list[SampledCase]:
    labels = _stratum_labels(audit_round.method, chosen)
    return [
        SampledCase(
            round=audit_round,
            episode_id=c.episode_id,
            worker_id=c.worker_id,
            stratum=labels.get(c.stratum(audit_round.method), ""),
            position=first + i,
        )
        for i, c in enumerate(chosen)
    ]


@transaction.atomic
def draw_sample(
    audit_round: AuditRound, *, by: Worker, now: dt.datetime | None = None
) -> list[SampledCase]:
    """Draw the round's sample from its seed; a round is drawn once."""
    audit_round = AuditRound.objects.select_for_update(of=("self",)).get(pk=audit_round.pk)
    if by.role not in ROUND_ROLES:
        raise _refuse("Only quality assurance officers draw samples")
    if audit_round.drawn_at is not None:
        raise _refuse(f"The sample for this round was drawn on {_long(audit_round.drawn_at)}")
    pool = sampling.candidates(audit_round, _team_ids(audit_round))
    if not pool:
        raise _refuse(
            "No cases in these teams and kinds of work were open in the period: widen the "
            "period, the teams or the kinds of work"
        )
    chosen = sampling.draw(pool, audit_round.sample_size, audit_round.seed, audit_round.method)
    rows = bulk_create_with_history(_sampled_rows(audit_round, chosen, 1), SampledCase)
    audit_round.drawn_at = _now(now)
    audit_round.save(update_fields=["drawn_at"])
    return rows


@transaction.atomic
def exclude_case(
    sample: SampledCase,
    *,
    reason: str,
    replace: bool,
    by: Worker,
    now: dt.datetime | None = None,
) -> SampledCase | None:
    """Take a case out of the sample, with the reason (the row stays); draw a replacement if
    asked. Returns the replacement, if any."""
    sample = (
        SampledCase.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=sample.pk)
    )
    if by.role not in ROUND_ROLES:
        raise _refuse("Only quality assurance officers change a sample")
    if sample.excluded:
        raise _refuse("This case is already excluded from the round")
    if hasattr(sample, "audit"):
        raise _refuse("This case has been audited: an audited case stays in the sample")
    reason = check_rationale(reason, "reason", "reason for excluding the case")
    now = _now(now)
    sample.excluded, sample.exclusion_reason = True, reason
    sample.excluded_by, sample.excluded_at = by.user, now
    sample.save()
    _revoke_grant(sample, now)
    return _replacement(sample) if replace else None


def _replacement(excluded: SampledCase) -> SampledCase | None:
    audit_round = excluded.round
    pool = sampling.candidates(audit_round, _team_ids(audit_round))
    taken = set(audit_round.cases.values_list("episode_id", flat=True))
    stratum = next(
        (c.stratum(audit_round.method) for c in pool if c.episode_id == excluded.episode_id), ""
    )
    nth = audit_round.cases.filter(replaces__isnull=False).count() + 1
    pick = sampling.draw_replacement(
        pool, taken, audit_round.seed, audit_round.method, stratum, nth
    )
    if pick is None:
        return None
    last = audit_round.cases.order_by("-position").values_list("position", flat=True).first()
    row = _sampled_rows(audit_round, [pick], (last or 0) + 1)[0]
    row.replaces = excluded
    row.save()
    return row


# --- Allocating auditors ---------------------------------------------------------------------


def worker_of(episode: Episode) -> Worker | None:
    """Who holds the case: the allocated worker, else the lead professional; for closed work,
    whoever held it last."""
    allocations = sorted(
        episode.allocations.select_related("worker__user"),
        key=lambda a: (
            a.ended_on is not None,
            a.kind != Allocation.Kind.WORKER,
            -(a.ended_on or a.started_on).toordinal(),
            -a.pk,
        ),
    )
    return allocations[0].worker if allocations else None


def _audit_grant_reason(sample: SampledCase) -> str:
    return f"Case file audit: {sample.round}"[:300]


def _revoke_grant(sample: SampledCase, now: dt.datetime) -> None:
    auditor = sample.auditor
    if auditor is None:
        return
    grants.revoke_grants(
        RecordGrant.objects.filter(
            user_id=auditor.user_id,
            child_id=sample.episode.child_id,
            reason=_audit_grant_reason(sample),
        ),
        now,
    )


def _auditor_problem(sample: SampledCase, auditor: Worker | None) -> str | None:
    if auditor is None:
        return "Select who audits the case"
    if not auditor.is_active or auditor.role not in AUDITOR_ROLES:
        return (
            "Select an auditor from the list: a quality assurance officer, team manager, head "
            "of service or assistant director"
        )
    episode = sample.episode
    if episode.allocations.current().filter(worker=auditor).exists():
        return f"{auditor.name} holds this case: choose someone who does not work on it"
    conflict = own_team_conflict(auditor, episode)
    if conflict and not sample.round.allow_own_team:
        return (
            f"{conflict}. Managers may not audit their own team's cases in this round: "
            "choose another auditor"
        )
    return None


@transaction.atomic
def allocate_auditor(
    sample: SampledCase, *, auditor: Worker | None, by: Worker, now: dt.datetime | None = None
) -> SampledCase:
    """Give a sampled case to an auditor, with time-limited access to the child's record."""
    sample = (
        SampledCase.objects.select_for_update(of=("self",))
        .select_related("round", "episode__team__service", "auditor")
        .get(pk=sample.pk)
    )
    if by.role not in ROUND_ROLES:
        raise _refuse("Only quality assurance officers allocate audits")
    if sample.excluded:
        raise _refuse("This case was excluded from the round: it is not audited")
    if hasattr(sample, "audit"):
        raise _refuse("This case has been audited: its auditor cannot change")
    problem = _auditor_problem(sample, auditor)
    if problem:
        raise _refuse(problem, "auditor")
    assert auditor is not None  # _auditor_problem refused none
    now = _now(now)
    _revoke_grant(sample, now)
    sample.auditor, sample.allocated_by, sample.allocated_at = auditor, by.user, now
    sample.save()
    grants.grant_record(
        auditor.user,
        sample.episode.child_id,
        reason=_audit_grant_reason(sample),
        granted_by=by.user,
        expires_on=timezone.localdate(now) + dt.timedelta(days=access_days()),
    )
    return sample


# --- Completing an audit ---------------------------------------------------------------------


@dataclass
class AnswerInput:
    grade: int | None  # None: not applicable
    comment: str = ""


@dataclass
class ActionInput:
    row: int
    description: str
    due_on: dt.date | None


@dataclass
class AuditInput:
    answers: dict[int, AnswerInput | None]  # by question id; None: not answered
    overall_grade: int | None
    findings: str = ""
    worked_well: str = ""
    actions: list[ActionInput] = field(default_factory=list)


def audit_sample(
    audit_round: AuditRound, episode: Episode, auditor: Worker, *, lock: bool = False
) -> SampledCase:
    """The round's sampled case for this episode, if this auditor may audit it now."""
    samples = SampledCase.objects.select_for_update(of=("self",)) if lock else SampledCase.objects
    sample = (
        samples.select_related("round__tool", "episode__team", "auditor__user")
        .filter(round=audit_round, episode=episode)
        .first()
    )
    if sample is None:
        raise _refuse(
            f"This case is not in the sample for {audit_round}: audit only the cases drawn "
            "for the round"
        )
    if sample.excluded:
        raise _refuse(f"This case was excluded from {audit_round}: it is not audited")
    done = CaseAudit.objects.filter(sample=sample).values_list("completed_on", flat=True).first()
    if done:
        raise _refuse(f"This case was audited on {_long(done)}")
    if sample.auditor_id != auditor.pk:
        who = sample.auditor.name if sample.auditor is not None else "nobody yet"
        raise _refuse(f"This audit is allocated to {who}: only they can complete it")
    return sample


def _answer_errors(questions: list[AuditQuestion], data: AuditInput) -> dict[str, str]:
    errors = {}
    for number, question in enumerate(questions, start=1):
        answer = data.answers.get(question.pk)
        if answer is None:
            errors[f"grade_{question.pk}"] = (
                f"Select a grade for question {number} ({question.domain}), or “not applicable”"
            )
        elif answer.grade is not None and answer.grade not in Grade.values:
            errors[f"grade_{question.pk}"] = f"Select a grade for question {number} from the list"
    return errors


def _action_errors(actions: list[ActionInput], today: dt.date) -> dict[str, str]:
    errors = {}
    for action in actions:
        prefix = f"action_{action.row}"
        if not action.description.strip():
            errors[f"{prefix}_description"] = (
                f"Enter what the worker must do for action {action.row}"
            )
        if action.due_on is None:
            errors[f"{prefix}_due_on"] = f"Enter the date action {action.row} is due"
        elif action.due_on < today:
            errors[f"{prefix}_due_on"] = (
                f"The due date of action {action.row} must be today or in the future"
            )
    return errors


def _overall_errors(data: AuditInput) -> dict[str, str]:
    if data.overall_grade not in Grade.values:
        return {"overall_grade": "Select the overall grade for the case"}
    errors = {}
    if data.overall_grade in CONCERN_GRADES:
        label = Grade(data.overall_grade).label.lower()
        if not data.findings.strip():
            errors["findings"] = (
                f"Enter the findings: an audit graded {label} must say what needs to improve"
            )
        if not data.actions:
            errors["action_1_description"] = (
                f"Add at least one action for the worker: an audit graded {label} must say "
                "what they need to do"
            )
    return errors


def _audit_entry(audit: CaseAudit, actions: list[AuditAction]) -> ChronologyEntry:
    grade = audit.get_overall_grade_display()
    summary = [f"Overall grade: {grade}. Audited by {audit.auditor.name}."]
    if actions:
        assert audit.worker is not None  # the actions' owner
        last = max(a.due_on for a in actions)
        summary.append(
            f"{len(actions)} action{'s' if len(actions) != 1 else ''} for "
            f"{audit.worker.name}, due by {_long(last)}."
        )
    return build_entry(
        child_id=audit.child_id,
        episode_id=audit.episode_id,
        kind=EntryKind.AUDIT,
        title=f"Case file audit ({audit.round}): {grade}",
        summary=" ".join(summary),
        occurred_at=audit.completed_at,
        source=audit,
        recorded_by=audit.auditor.user,
        is_significant=audit.overall_grade in CONCERN_GRADES,
        recorded_at=audit.completed_at,
    )


@transaction.atomic
def complete_audit(
    audit_round: AuditRound,
    episode: Episode,
    data: AuditInput,
    *,
    auditor: Worker,
    now: dt.datetime | None = None,
) -> CaseAudit:
    """Grade the case with the round's tool; its actions go to the worker who holds the case."""
    now = _now(now)
    today = timezone.localdate(now)
    sample = audit_sample(audit_round, episode, auditor, lock=True)
    questions = list(
        AuditQuestion.objects.filter(domain__tool=sample.round.tool).select_related("domain")
    )
    errors = {
        **_answer_errors(questions, data),
        **_overall_errors(data),
        **_action_errors(data.actions, today),
    }
    owner = worker_of(sample.episode)
    if data.actions and owner is None and "action_1_description" not in errors:
        errors["action_1_description"] = (
            "Nobody has ever been allocated this case, so there is no worker to take the "
            "actions: allocate the case first"
        )
    _raise_all(errors)
    assert data.overall_grade is not None  # _overall_errors refused a missing grade
    audit = CaseAudit.objects.create(
        sample=sample,
        round=sample.round,
        episode=sample.episode,
        child_id=sample.episode.child_id,
        team=sample.episode.team,
        worker=owner,
        tool=sample.round.tool,
        auditor=auditor,
        completed_on=today,
        completed_at=now,
        overall_grade=data.overall_grade,
        final_grade=data.overall_grade,
        findings=data.findings.strip(),
        worked_well=data.worked_well.strip(),
    )
    answers: list[AuditAnswer] = []
    for q in questions:
        answer = data.answers[q.pk]
        assert answer is not None  # _answer_errors refused a question left unanswered
        answers.append(
            AuditAnswer(
                audit=audit,
                question=q,
                grade=answer.grade,
                final_grade=answer.grade,
                comment=answer.comment.strip(),
            )
        )
    bulk_create_with_history(answers, AuditAnswer)
    actions: list[AuditAction] = []
    for a in data.actions:
        # _action_errors refused a missing date; the case with actions has an owner (above).
        assert a.due_on is not None and owner is not None
        actions.append(
            AuditAction.objects.create(
                audit=audit, description=a.description.strip(), due_on=a.due_on, owner=owner
            )
        )
    _audit_entry(audit, actions).save()
    return audit
