"""Early help that doesn't drift (R4): the CAF assessment, TAF meetings with SMART actions,
progress on actions, and the early help closure. Every function is one transaction that writes
the records and the child's chronology together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.cases.models import EarlyHelpClosureReason, Episode, EpisodeKind
from journey.cases.services import close_episode
from journey.casework.models import (
    ActionProgress,
    Assessment,
    Meeting,
    MeetingAttendee,
    Plan,
    PlanAction,
)
from journey.casework.services import (
    BenefitInput,
    assessment_entry,
    benefit_problems,
    meeting_entry,
    plan_started_entry,
    record_family_benefit,
)
from journey.chronology.models import EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import check_code, check_not_future
from journey.core.views_of_child import (
    ViewsInput,
    check_views,
    set_views,
    views_problems,
    views_summary,
)
from journey.people.models import Agency
from journey.workforce.models import Worker


def taf_interval() -> dt.timedelta:
    """The default gap between TAF meetings (configurable: JOURNEY_TAF_INTERVAL_DAYS)."""
    return dt.timedelta(days=getattr(settings, "JOURNEY_TAF_INTERVAL_DAYS", 42))


def _open_caf_episode(episode: Episode) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.kind != EpisodeKind.EARLY_HELP_CAF:
        raise ValidationError({"__all__": "CAF assessments and TAF meetings belong to CAF work"})
    if not episode.is_open:
        raise ValidationError({"__all__": "This early help episode is closed"})
    return episode


# --- The CAF assessment -----------------------------------------------------------------------


@dataclass
class CafInput:
    started_on: dt.date
    areas: dict[str, dict[str, str]] = field(default_factory=dict)
    views: ViewsInput = field(default_factory=ViewsInput)
    analysis: str = ""
    factors: list[str] = field(default_factory=list)


def _check_complete_caf(data: CafInput) -> None:
    errors = {}
    if not data.views.child_views_method:
        errors["child_views_method"] = (
            "Select how the child's views were obtained, or “Not obtained” with the reason, "
            "before completing"
        )
    if not data.views.parent_views.strip():
        errors["parent_views"] = "Enter the parents' or carers' views before completing"
    if not data.analysis.strip():
        errors["analysis"] = "Enter your analysis before completing the assessment"
    if not any(
        (area.get("strengths", "") + area.get("needs", "")).strip() for area in data.areas.values()
    ):
        errors["areas"] = "Record strengths or needs in at least one area before completing"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_caf_assessment(
    episode: Episode,
    data: CafInput,
    *,
    by: User,
    complete: bool = False,
    assessment: Assessment | None = None,
) -> Assessment:
    """Save a CAF as a draft, or complete it. A completed CAF is not changed afterwards."""
    episode = _open_caf_episode(episode)
    check_not_future(data.started_on, "started_on", "The start date")
    if data.started_on < episode.started_on:
        raise ValidationError(
            {"started_on": "The assessment cannot start before the early help episode opened"}
        )
    unknown = set(data.areas) - set(Assessment.AREAS)
    if unknown:
        raise ValidationError({"areas": "Record strengths and needs in the listed areas only"})
    views = check_views(data.views)
    if complete:
        _check_complete_caf(data)
    if assessment is not None and not assessment.is_draft:
        raise ValidationError({"__all__": "This assessment is complete and can no longer change"})
    is_new = assessment is None
    assessment = assessment or Assessment(episode=episode, kind=Assessment.Kind.CAF, recorded_by=by)
    for name in ("started_on", "areas", "analysis", "factors"):
        setattr(assessment, name, getattr(data, name))
    set_views(assessment, views)
    if complete:
        assessment.completed_on = timezone.localdate()
    assessment.save()
    if is_new:
        assessment_entry(assessment).save()
    if complete:
        build_entry(
            child_id=episode.child_id,
            episode_id=episode.pk,
            kind=EntryKind.ASSESSMENT,
            title="Early help assessment (CAF) completed",
            summary="\n".join(
                part for part in (views_summary(assessment), f"Analysis: {assessment.analysis}")
            ),
            occurred_at=timezone.now(),
            source=assessment,
            recorded_by=by,
        ).save()
    return assessment


# --- TAF meetings and their actions ----------------------------------------------------------


@dataclass
class AttendeeInput:
    name: str
    role: str = ""
    agency: Agency | None = None
    attended: bool = True


@dataclass
class ActionInput:
    description: str
    due_on: dt.date | None
    owner: Worker | None = None
    owner_name: str = ""
    agency: Agency | None = None


@dataclass
class ActionUpdate:
    """What the meeting said about an action already on the plan: its status now, and why."""

    action: PlanAction
    status: str
    note: str = ""

    @property
    def changes_anything(self) -> bool:
        return bool(self.note.strip()) or self.status != self.action.status


def _check_updates(episode: Episode, updates: list[ActionUpdate]) -> None:
    """Keyed "update-<action id>-<field>", as the form names them."""
    errors = {}
    for update in updates:
        action, key = update.action, f"update-{update.action.pk}-"
        if action.plan.episode_id != episode.pk or not action.is_open:
            errors[f"{key}status"] = f"“{action.description[:40]}” is not open on this plan"
        elif update.status not in PlanAction.Status.values:
            errors[f"{key}status"] = f"Select a status for “{action.description[:40]}”"
        elif update.changes_anything and not update.note.strip():
            errors[f"{key}note"] = f"Say what has happened on “{action.description[:40]}”"
    if errors:
        raise ValidationError(errors)


def _check_actions(actions: list[ActionInput], held_on: dt.date) -> None:
    """Every problem with every action at once, keyed "actions-<n>-<field>"."""
    errors = {}
    for n, action in enumerate(actions):
        prefix = f"actions-{n}-"
        if not action.description.strip():
            errors[f"{prefix}description"] = f"Action {n + 1}: say what will be done"
        if action.owner is None and not action.owner_name.strip():
            errors[f"{prefix}owner"] = f"Action {n + 1}: choose who owns it"
        if action.due_on is None:
            errors[f"{prefix}due_on"] = f"Action {n + 1}: enter the due date"
        elif action.due_on < held_on:
            errors[f"{prefix}due_on"] = (
                f"Action {n + 1}: the due date must be on or after the meeting"
            )
    if errors:
        raise ValidationError(errors)


def _current_plan(episode: Episode, held_on: dt.date, by: User, views: ViewsInput) -> Plan:
    """The open early help plan, or a new one made by this TAF with the views given at it."""
    plan = episode.plans.filter(kind=Plan.Kind.EARLY_HELP, ended_on__isnull=True).first()
    if plan is None:
        plan = Plan(episode=episode, kind=Plan.Kind.EARLY_HELP, started_on=held_on, recorded_by=by)
        set_views(plan, views)
        plan.save()
        plan_started_entry(plan).save()
    return plan


@transaction.atomic
def hold_taf_meeting(
    episode: Episode,
    *,
    held_on: dt.date,
    by: User,
    attendees: list[AttendeeInput],
    actions: list[ActionInput],
    views: ViewsInput | None = None,
    decisions: str = "",
    summary: str = "",
    next_due_on: dt.date | None = None,
    updates: list[ActionUpdate] | None = None,
    benefit: BenefitInput | None = None,
) -> Meeting:
    """Record a Team Around the Family meeting (the early help plan's review), its attendees,
    the progress on the plan's open actions and the new SMART actions at once. The child's views
    are required (R4), with how they were obtained, or why they were not; the parents' views and
    how much difference the help has made (`benefit`, at review) if they gave them."""
    episode = _open_caf_episode(episode)
    views = views or ViewsInput()
    updates = [u for u in updates or [] if u.changes_anything]
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the meeting"})
    check_not_future(held_on, "held_on", "The meeting date")
    if held_on < episode.started_on:
        raise ValidationError(
            {
                "held_on": f"The meeting cannot be before the episode opened "
                f"({episode.started_on:%-d %B %Y})"
            }
        )
    if not any(a.attended and a.name.strip() for a in attendees):
        raise ValidationError({"attendees": "Record who attended the meeting"})
    if not views.child_views_method:
        raise ValidationError(
            {
                "child_views_method": "Select how the child's views were obtained, or “Not "
                "obtained” and say why"
            }
        )
    views = check_views(views)
    if benefit is not None:
        problems = benefit_problems(benefit)
        if problems:
            raise ValidationError(problems)
    _check_updates(episode, updates)
    next_due_on = next_due_on or held_on + taf_interval()
    if next_due_on <= held_on:
        raise ValidationError({"next_due_on": "The next TAF must be after this one"})
    _check_actions(actions, held_on)

    plan = _current_plan(episode, held_on, by, views)
    plan.review_due_on = next_due_on
    plan.save(update_fields=["review_due_on"])
    meeting = Meeting(
        episode=episode,
        kind=Meeting.Kind.TAF,
        held_on=held_on,
        summary=summary.strip(),
        decisions=decisions.strip(),
        next_due_on=next_due_on,
        recorded_by=by,
    )
    set_views(meeting, views)
    meeting.save()
    for update in updates:
        record_action_progress(
            update.action, note=update.note, status=update.status, by=by, noted_on=held_on
        )
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting, name=a.name.strip(), role=a.role, agency=a.agency, attended=a.attended
        )
        for a in attendees
        if a.name.strip()
    )
    for action in actions:
        assert action.due_on is not None  # _check_actions refused an action without one
        PlanAction.objects.create(
            plan=plan,
            meeting=meeting,
            description=action.description.strip(),
            owner=action.owner,
            owner_name=action.owner_name.strip(),
            agency=action.agency or (action.owner.agency if action.owner else None),
            due_on=action.due_on,
            created_on=held_on,
        )
    entry = meeting_entry(meeting)
    entry.summary = "\n".join(
        part
        for part in (
            views_summary(meeting),
            f"{len(updates)} open action{'s' if len(updates) != 1 else ''} updated."
            if updates
            else "",
            f"Decisions: {meeting.decisions}" if meeting.decisions else "",
            f"{len(actions)} action{'s' if len(actions) != 1 else ''} agreed; "
            f"next TAF by {next_due_on:%-d %B %Y}.",
        )
        if part
    )
    entry.save()
    if benefit is not None:
        record_family_benefit(benefit, by=by)
    return meeting


@transaction.atomic
def record_action_progress(
    action: PlanAction,
    *,
    note: str,
    status: str,
    by: User,
    noted_on: dt.date | None = None,
) -> ActionProgress:
    """A dated progress note on an action, and its new status."""
    action = (
        PlanAction.objects.select_for_update().select_related("plan__episode").get(pk=action.pk)
    )
    noted_on = noted_on or timezone.localdate()
    check_code(status, PlanAction.Status, "status", "status")
    check_not_future(noted_on, "noted_on", "The date of the update")
    if not note.strip():
        raise ValidationError({"note": "Enter what has happened on this action"})
    if not action.plan.episode.is_open:
        raise ValidationError({"__all__": "This work is closed: its actions can no longer change"})
    progress = ActionProgress.objects.create(
        action=action, noted_on=noted_on, note=note.strip(), status_after=status, recorded_by=by
    )
    action.status = status
    action.save(update_fields=["status"])
    build_entry(
        child_id=action.plan.episode.child_id,
        episode_id=action.plan.episode_id,
        kind=EntryKind.PLAN,
        title=f"Action update ({action.get_status_display().lower()}): {action.description[:80]}",
        summary=progress.note,
        occurred_at=start_of(noted_on),
        source=progress,
        recorded_by=by,
    ).save()
    return progress


# --- Closing early help -------------------------------------------------------------------


@transaction.atomic
def close_early_help(
    episode: Episode,
    *,
    ended_on: dt.date,
    reason: str,
    outcome: str,
    next_step: str,
    by: User,
    open_actions_note: str = "",
    family_feedback: str = "",
    views: ViewsInput | None = None,
    benefit: BenefitInput | None = None,
) -> Episode:
    """The early help closure: reason, outcome against the plan, next step, the child's and
    parents' views at closure and how much difference the help made (`benefit`), all or none.
    (`family_feedback` is the older free text, before the parents' views; it is kept as given.)

    Open actions must be accounted for: the note says what happens to them, and they are closed
    as no longer needed with that note as their last progress.
    """
    if not episode.is_early_help:
        raise ValidationError({"__all__": "Use the social care closure for social care work"})
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date the work ended"})
    errors = {}
    if not outcome.strip():
        errors["outcome"] = "Say what the outcome was against the plan"
    if not next_step.strip():
        errors["next_step"] = "Say what happens next for the family"
    open_actions = list(
        PlanAction.objects.filter(plan__episode=episode, status__in=PlanAction.OPEN)
    )
    if open_actions and not open_actions_note.strip():
        errors["open_actions_note"] = (
            f"{len(open_actions)} action{'s are' if len(open_actions) != 1 else ' is'} still open: "
            "say what happens to them"
        )
    views = views or ViewsInput()
    errors.update(views_problems(views))
    if benefit is not None:
        errors.update(benefit_problems(benefit))
    if errors:
        raise ValidationError(errors)
    check_code(reason, EarlyHelpClosureReason, "reason", "reason for closure")
    for action in open_actions:
        ActionProgress.objects.create(
            action=action,
            noted_on=ended_on,
            note=f"Closed with the episode: {open_actions_note}",
            status_after=PlanAction.Status.WITHDRAWN,
            recorded_by=by,
        )
        action.status = PlanAction.Status.WITHDRAWN
        action.save(update_fields=["status"])
    Episode.objects.filter(pk=episode.pk).update(
        closure_outcome=outcome.strip(),
        family_feedback=family_feedback.strip(),
        closure_next_step=next_step.strip(),
    )
    note = "\n".join(
        part
        for part in (
            f"Outcome: {outcome.strip()}",
            f"Family feedback: {family_feedback.strip()}" if family_feedback.strip() else "",
            f"Next: {next_step.strip()}",
        )
        if part
    )
    episode = close_episode(
        episode, ended_on=ended_on, reason=reason, note=note, closed_by=by, views=views
    )
    if benefit is not None:
        record_family_benefit(benefit, by=by)
    return episode
