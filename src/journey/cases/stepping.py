"""Step up (early help to social care) and step down (social care to early help).

A step change is requested with a rationale and the evidence from the current plan, decided by a
manager of the receiving service, and handed over to a named worker on a date, after a joint
meeting. The hand-over opens the receiving episode and allocates it before it closes the sending
one, all dated the hand-over day, so the child is never a day without an allocated worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from journey.access.stepping import may_ask_to_step, may_decide, may_hand_over, may_withdraw
from journey.cases.models import (
    EARLY_HELP_KINDS,
    EarlyHelpClosureReason,
    Episode,
    EpisodeKind,
    StepChange,
    work_phrase,
)
from journey.cases.services import (
    SERVICE_FOR_KIND,
    EpisodeInput,
    allocate,
    close_episode,
    open_episode,
)
from journey.casework.models import Meeting, MeetingAttendee, PlanAction
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import check_code, check_not_future, check_rationale
from journey.core.templatetags.govuk import govuk_date as _date
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_summary
from journey.core.working_days import census_year_start
from journey.workforce.caseloads.selectors import caseload_of
from journey.workforce.models import (
    CASE_HOLDING_ROLES,
    Allocation,
    Role,
    Team,
    Worker,
)

#: The DfE referral source of a step-up: a referral from the council's own early help service.
STEP_UP_REFERRAL_SOURCE = "5B"


def direction_of(episode: Episode) -> str:
    return StepChange.Direction.UP if episode.is_early_help else StepChange.Direction.DOWN


def receiving_kinds(direction: str) -> list[str]:
    if direction == StepChange.Direction.UP:
        return [EpisodeKind.SOCIAL_CARE]
    return [EpisodeKind.EARLY_HELP_CAF, EpisodeKind.EARLY_HELP_SINGLE_AGENCY]


# --- Request ----------------------------------------------------------------------------------


@dataclass
class StepRequest:
    from_episode: Episode
    to_kind: str
    receiving_team: Team | None
    rationale: str
    evidence: str
    evidence_actions: list[PlanAction] = field(default_factory=list)


def _check_still_open(episode: Episode, verb: str) -> None:
    if not episode.is_open:
        raise ValidationError(
            {
                "__all__": f"This {work_phrase(episode.kind)} closed on "
                f"{_date(episode.ended_on)}: only open work can be {verb}"
            }
        )


def validate_step_request(data: StepRequest) -> str:
    """Check a request; return its direction."""
    episode = data.from_episode
    direction = direction_of(episode)
    verb = "stepped up" if direction == StepChange.Direction.UP else "stepped down"
    _check_still_open(episode, verb)
    if StepChange.objects.pending().filter(from_episode=episode).exists():
        raise ValidationError(
            {"__all__": "A step change for this work is already waiting: decide or withdraw it"}
        )
    if data.to_kind not in receiving_kinds(direction):
        raise ValidationError({"to_kind": "Select the kind of work the child moves to"})
    team = data.receiving_team
    if team is None or not team.is_active:
        raise ValidationError({"receiving_team": "Select the team that will take the work"})
    service_kind = SERVICE_FOR_KIND[data.to_kind]
    if team.service.kind != service_kind:
        raise ValidationError(
            {
                "receiving_team": f"{team} is not a {service_kind.label.lower()} team: choose a "
                "team from the service that will take the work"
            }
        )
    family = EARLY_HELP_KINDS if data.to_kind in EARLY_HELP_KINDS else {EpisodeKind.SOCIAL_CARE}
    already = episode.child.episodes.open().filter(kind__in=family).first()
    if already:
        raise ValidationError(
            {
                "to_kind": f"{episode.child.first_name} already has open "
                f"{work_phrase(already.kind)} with {already.team}: work with that "
                "team instead of opening more"
            }
        )
    check_rationale(data.rationale, "rationale", f"reasons the child should be {verb}")
    check_rationale(data.evidence, "evidence", "evidence from the current plan")
    outside = [a for a in data.evidence_actions if a.plan.episode_id != episode.pk]
    if outside:
        raise ValidationError(
            {"evidence_actions": "Choose actions from this child's current plan only"}
        )
    return direction


@transaction.atomic
def request_step_change(data: StepRequest, *, requested_by: Worker) -> StepChange:
    """Ask for a child's work to move between early help and social care."""
    data.from_episode = Episode.objects.select_for_update().get(pk=data.from_episode.pk)
    if not may_ask_to_step(requested_by):
        raise ValidationError({"__all__": "Only people who hold or manage casework can ask"})
    direction = validate_step_request(data)
    step = StepChange.objects.create(
        child=data.from_episode.child,
        direction=direction,
        from_episode=data.from_episode,
        to_kind=data.to_kind,
        receiving_team=data.receiving_team,
        rationale=data.rationale.strip(),
        evidence=data.evidence.strip(),
        requested_by=requested_by.user,
        requested_at=timezone.now(),
    )
    step.evidence_actions.set(data.evidence_actions)
    step_requested_entry(step, [str(a) for a in data.evidence_actions]).save()
    return step


def step_requested_entry(step: StepChange, actions: Sequence[str] = ()) -> ChronologyEntry:
    summary = [step.rationale, f"Evidence from the current plan: {step.evidence}"]
    if actions:
        summary.append("Plan actions: " + "; ".join(actions))
    return build_entry(
        child_id=step.child_id,
        episode_id=step.from_episode_id,
        kind=EntryKind.STEP_CHANGE,
        title=f"{step.verb.capitalize()} requested to {work_phrase(step.to_kind)} "
        f"({step.receiving_team})",
        summary="\n".join(summary),
        occurred_at=step.requested_at,
        source=step,
        recorded_by=step.requested_by,
        recorded_at=step.requested_at,
    )


# --- Decision ---------------------------------------------------------------------------------


def _pending(step: StepChange, status: str) -> StepChange:
    step = (
        StepChange.objects.select_for_update(of=("self",))
        .select_related("receiving_team")
        .get(pk=step.pk)
    )
    if step.status != status:
        raise ValidationError(
            {
                "__all__": f"This {step.verb} request has moved on: it is now "
                f"“{step.get_status_display().lower()}”"
            }
        )
    return step


@transaction.atomic
def decide_step_change(
    step: StepChange, *, manager: Worker, accept: bool | None, reason: str
) -> StepChange:
    """Accept or decline a request; a decline must say why, and the sending work carries on."""
    step = _pending(step, StepChange.Status.REQUESTED)
    if not may_decide(manager, step):
        raise ValidationError(
            {
                "__all__": f"Only the manager of {step.receiving_team} (or its head of service) "
                f"can accept or decline this {step.verb}"
            }
        )
    if step.requested_by_id == manager.user_id:
        raise ValidationError({"__all__": "A manager cannot decide their own request"})
    if accept is None:
        raise ValidationError({"accept": "Select whether you accept or decline the request"})
    if accept:
        reason = reason.strip()
    else:
        reason = check_rationale(reason, "reason", "reasons for declining")
    _check_still_open(step.from_episode, "moved")
    step.status = StepChange.Status.ACCEPTED if accept else StepChange.Status.DECLINED
    step.decided_by = manager
    step.decided_at = timezone.now()
    step.decision_reason = reason
    step.save()
    step_decided_entry(step).save()
    return step


def step_decided_entry(step: StepChange) -> ChronologyEntry:
    decided_by, decided_at = step.decided_by, step.decided_at
    assert decided_by is not None and decided_at is not None  # set when the step is decided
    outcome = "accepted" if step.status != StepChange.Status.DECLINED else "declined"
    return build_entry(
        child_id=step.child_id,
        episode_id=step.from_episode_id,
        kind=EntryKind.STEP_CHANGE,
        title=f"{step.verb.capitalize()} {outcome} by {decided_by}",
        summary=step.decision_reason,
        occurred_at=decided_at,
        source=step,
        recorded_by=decided_by.user,
        recorded_at=decided_at,
        is_significant=outcome == "declined",
    )


@transaction.atomic
def withdraw_step_change(step: StepChange, *, withdrawn_by: Worker, reason: str) -> StepChange:
    """The requester (or a manager) withdraws a request that is still waiting."""
    step = StepChange.objects.select_for_update().get(pk=step.pk)
    if not step.is_pending:
        raise ValidationError(
            {"__all__": f"This {step.verb} is {step.get_status_display().lower()}"}
        )
    if not may_withdraw(withdrawn_by, step):
        raise ValidationError({"__all__": "Only the person who asked, or a manager, can withdraw"})
    step.closed_note = check_rationale(reason, "reason", "reasons for withdrawing")
    step.status = StepChange.Status.WITHDRAWN
    step.save()
    build_entry(
        child_id=step.child_id,
        episode_id=step.from_episode_id,
        kind=EntryKind.STEP_CHANGE,
        title=f"{step.verb.capitalize()} request withdrawn by {withdrawn_by}",
        summary=step.closed_note,
        occurred_at=timezone.now(),
        source=step,
        recorded_by=withdrawn_by.user,
    ).save()
    return step


# --- Hand-over --------------------------------------------------------------------------------


@dataclass
class HandOver:
    receiving_worker: Worker | None
    receiving_as: str
    handover_on: dt.date | None
    meeting_on: dt.date | None
    meeting_notes: str
    others_present: list[str] = field(default_factory=list)
    primary_need: str = ""
    #: The child's and parents' views at the joint meeting (R8).
    views: ViewsInput = field(default_factory=ViewsInput)


def has_capacity(worker: Worker) -> bool:
    """Whether the worker may take more work: their weighted caseload today is below their
    limit (workforce.caseloads, the one definition)."""
    return caseload_of(worker).has_capacity


def _receiving_team(step: StepChange) -> Team:
    team = step.receiving_team
    assert team is not None  # every request names one (validate_step_request)
    return team


def eligible_receivers(step: StepChange) -> QuerySet[Worker]:
    """Workers who could take the work: the right role in the receiving service, or a partner
    lead professional for a step down."""
    service_id = _receiving_team(step).service_id
    council = Q(role__in=CASE_HOLDING_ROLES, team__service_id=service_id)
    if step.direction == StepChange.Direction.DOWN:
        council |= Q(role=Role.EXTERNAL_LEAD_PROFESSIONAL)
    return Worker.objects.active().filter(council).select_related("user", "team", "agency")


def _check_receiver(step: StepChange, data: HandOver) -> Worker:
    """The worker who takes the work, checked."""
    worker = data.receiving_worker
    if worker is None:
        raise ValidationError({"receiving_worker": "Select the worker who will take the work"})
    if not eligible_receivers(step).filter(pk=worker.pk).exists():
        who = (
            "a social worker or team manager in " + str(_receiving_team(step).service)
            if step.is_up
            else "an early help practitioner, team manager or partner lead professional"
        )
        raise ValidationError(
            {
                "receiving_worker": f"{worker} ({worker.get_role_display()}) cannot take this "
                f"work: choose {who}"
            }
        )
    allowed_as = [Allocation.Kind.WORKER]
    if not step.is_up:
        allowed_as = [Allocation.Kind.LEAD_PROFESSIONAL]
        if worker.role in CASE_HOLDING_ROLES:
            allowed_as.insert(0, Allocation.Kind.WORKER)
    if data.receiving_as not in allowed_as:
        raise ValidationError(
            {"receiving_as": f"{worker} can take this work as {allowed_as[0].label.lower()}"}
        )
    load = caseload_of(worker)
    if not load.has_capacity:
        raise ValidationError(
            {
                "receiving_worker": f"{worker} already holds work weighted {load.weighted_text} "
                f"({load.open_cases} pieces of work), their limit of {load.limit}: choose "
                "someone with capacity, or ask their manager to move work first"
            }
        )
    return worker


def _check_dates(step: StepChange, data: HandOver) -> tuple[dt.date, dt.date]:
    """The hand-over day and the joint meeting day, checked."""
    if data.handover_on is None:
        raise ValidationError({"handover_on": "Enter the hand-over date"})
    check_not_future(data.handover_on, "handover_on", "The hand-over date")
    accepted_on = timezone.localtime(step.decided_at).date()
    if data.handover_on < accepted_on:
        raise ValidationError(
            {
                "handover_on": "The hand-over date must be on or after the day the request was "
                f"accepted, {_date(accepted_on)}"
            }
        )
    latest = step.from_episode.allocations.current().order_by("-started_on").first()
    if latest and data.handover_on < latest.started_on:
        raise ValidationError(
            {
                "handover_on": f"{latest.worker} has held the work since "
                f"{_date(latest.started_on)}: the hand-over must be on or after that day"
            }
        )
    if data.meeting_on is None:
        raise ValidationError({"meeting_on": "Enter the date of the joint meeting"})
    check_not_future(data.meeting_on, "meeting_on", "The joint meeting date")
    requested_on = timezone.localtime(step.requested_at).date()
    if not requested_on <= data.meeting_on <= data.handover_on:
        raise ValidationError(
            {
                "meeting_on": "The joint meeting must be between the request "
                f"({_date(requested_on)}) and the hand-over date"
            }
        )
    return data.handover_on, data.meeting_on


def validate_hand_over(step: StepChange, data: HandOver) -> tuple[Worker, dt.date, dt.date]:
    """Check a hand-over; return the receiving worker, the hand-over day and the meeting day."""
    _check_still_open(step.from_episode, "handed over")
    receiver = _check_receiver(step, data)
    handover_on, meeting_on = _check_dates(step, data)
    if step.is_up:
        check_code(data.primary_need, codes.PrimaryNeed, "primary_need", "primary need")
    check_rationale(data.meeting_notes, "meeting_notes", "what the joint meeting agreed")
    check_views(data.views)
    return receiver, handover_on, meeting_on


def _joint_meeting(
    step: StepChange,
    data: HandOver,
    *,
    receiver: Worker,
    handover_on: dt.date,
    held_on: dt.date,
    recorded_by: User,
) -> Meeting:
    meeting = Meeting(
        episode=step.from_episode,
        kind=Meeting.Kind.HANDOVER,
        held_on=held_on,
        summary=data.meeting_notes.strip(),
        decisions=f"Work handed over to {receiver} on {_date(handover_on)}",
        recorded_by=recorded_by,
    )
    set_views(meeting, check_views(data.views))
    meeting.save()
    sending = [a.worker for a in step.from_episode.allocations.current().select_related("worker")]
    workers = list(dict.fromkeys([*sending, receiver]))
    MeetingAttendee.objects.bulk_create(
        [
            MeetingAttendee(
                meeting=meeting, name=w.name, role=w.get_role_display(), agency_id=w.agency_id
            )
            for w in workers
        ]
        + [MeetingAttendee(meeting=meeting, name=name.strip()) for name in data.others_present]
    )
    return meeting


def _sending_closure_reason(step: StepChange, handover_on: dt.date) -> str:
    if step.is_up:
        return EarlyHelpClosureReason.STEPPED_UP
    # RC9 is "closed after assessment, referred to early help": only work that went no further
    # than an assessment finished in the same census year (census rules 2990 and 8825Q).
    sending = step.from_episode
    assessment_only = (
        sending.assessments.filter(completed_on__gte=census_year_start(handover_on)).exists()
        and not sending.plans.exists()
        and not sending.section47s.exists()
    )
    return codes.ReasonForClosure.RC9 if assessment_only else codes.ReasonForClosure.RC7


@transaction.atomic
def hand_over(step: StepChange, data: HandOver, *, handed_over_by: Worker) -> StepChange:
    """Open the receiving work, allocate it, then close the sending work: all on one day."""
    step = _pending(step, StepChange.Status.ACCEPTED)
    from_episode = Episode.objects.select_for_update().get(pk=step.from_episode_id)
    step.from_episode = from_episode
    if not may_hand_over(handed_over_by, step):
        raise ValidationError(
            {
                "__all__": f"Only a manager or worker in {step.receiving_team} can record the "
                "hand-over"
            }
        )
    receiver, handover_on, meeting_on = validate_hand_over(step, data)
    team = _receiving_team(step)
    user = handed_over_by.user
    step.joint_meeting = _joint_meeting(
        step, data, receiver=receiver, handover_on=handover_on, held_on=meeting_on, recorded_by=user
    )
    to_episode = open_episode(
        EpisodeInput(
            child=step.child,
            kind=step.to_kind,
            team=team,
            started_on=handover_on,
            referral_source=STEP_UP_REFERRAL_SOURCE if step.is_up else "",
            primary_need=data.primary_need if step.is_up else "",
        ),
        opened_by=user,
    )
    allocate(
        to_episode,
        worker=receiver,
        kind=data.receiving_as,
        started_on=handover_on,
        allocated_by=user,
    )
    close_episode(
        from_episode,
        ended_on=handover_on,
        reason=_sending_closure_reason(step, handover_on),
        note=f"{step.verb.capitalize()} to {work_phrase(to_episode.kind)}: handed over "
        f"to {receiver} ({team}) on {_date(handover_on)}",
        closed_by=user,
    )
    step.status = StepChange.Status.HANDED_OVER
    step.receiving_worker = receiver
    step.receiving_as = data.receiving_as
    step.handover_on = handover_on
    step.to_episode = to_episode
    step.handed_over_by = user
    step.handed_over_at = timezone.now()
    step.save()
    handed_over_entry(step).save()
    return step


def handed_over_entry(step: StepChange) -> ChronologyEntry:
    meeting, to_episode, handover_on = step.joint_meeting, step.to_episode, step.handover_on
    # The hand-over sets all three.
    assert meeting is not None and to_episode is not None and handover_on is not None
    return build_entry(
        child_id=step.child_id,
        episode_id=step.to_episode_id,
        kind=EntryKind.STEP_CHANGE,
        title=f"{'Stepped up' if step.is_up else 'Stepped down'} to "
        f"{work_phrase(to_episode.kind)}: handed over to {step.receiving_worker}",
        summary="\n".join(
            part
            for part in (
                f"Joint meeting on {_date(meeting.held_on)}: {meeting.summary}",
                views_summary(meeting),
            )
            if part
        ),
        occurred_at=start_of(handover_on),
        source=step,
        recorded_by=step.handed_over_by,
        recorded_at=step.handed_over_at,
        is_significant=True,
    )
