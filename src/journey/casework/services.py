"""Writes for casework inside an episode. Minimal for now; later issues extend these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import CaseNote, FamilyBenefit, Plan
from journey.casework.visits.schedule import refresh_visits_due
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import check_code, check_not_future, check_not_future_moment
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_summary
from journey.people.models import Person

if TYPE_CHECKING:
    from journey.casework.models import Assessment, Meeting


def plan_started_entry(plan: Plan) -> ChronologyEntry:
    return build_entry(
        child_id=plan.episode.child_id,
        episode_id=plan.episode_id,
        kind=EntryKind.PLAN,
        title=f"{plan.get_kind_display()} started",
        summary="\n".join(
            part
            for part in (
                f"Category of abuse: {plan.get_initial_category_display()}"
                if plan.initial_category
                else "",
                views_summary(plan),
            )
            if part
        ),
        occurred_at=start_of(plan.started_on),
        source=plan,
        recorded_by=plan.recorded_by,
        is_significant=plan.kind == Plan.Kind.CP,
    )


#: The plans each kind of work holds. Family Help has one plan for targeted and child in need help
#: alike; a child protection plan sits beside it while the child needs one.
PLAN_KINDS_FOR: dict[str, set[str]] = {
    EpisodeKind.EARLY_HELP_SINGLE_AGENCY: {Plan.Kind.EARLY_HELP},
    EpisodeKind.EARLY_HELP_CAF: {Plan.Kind.EARLY_HELP},
    EpisodeKind.SOCIAL_CARE: {Plan.Kind.CIN, Plan.Kind.CP},
    EpisodeKind.FAMILY_HELP: {Plan.Kind.FAMILY_HELP, Plan.Kind.CP},
}


@transaction.atomic
def start_plan(
    *,
    episode: Episode,
    kind: str,
    started_on: dt.date,
    recorded_by: User,
    initial_category: str = "",
    review_due_on: dt.date | None = None,
    views: ViewsInput | None = None,
) -> Plan:
    """Start a plan, with the child's and parents' views on it if they were recorded."""
    views = check_views(views or ViewsInput())
    check_code(kind, Plan.Kind, "kind", "kind of plan")
    check_not_future(started_on, "started_on", "The plan start date")
    if not episode.is_open:
        raise ValidationError({"__all__": "This episode is closed: start a plan in open work"})
    if kind not in PLAN_KINDS_FOR[episode.kind]:
        raise ValidationError({"kind": "This kind of plan does not belong to this kind of work"})
    if (
        kind == Plan.Kind.FAMILY_HELP
        and episode.plans.filter(kind=kind, ended_on__isnull=True).exists()
    ):
        raise ValidationError(
            {"kind": "Family Help has one plan: change the plan that is open instead"}
        )
    if started_on < episode.started_on:
        raise ValidationError(
            {
                "started_on": "The plan cannot start before the work did, "
                f"{episode.started_on:%-d %B %Y}"
            }
        )
    if kind == Plan.Kind.CP:
        check_code(
            initial_category, codes.CategoryOfAbuse, "initial_category", "initial category of abuse"
        )
        if episode.plans.filter(kind=Plan.Kind.CP, ended_on__isnull=True).exists():
            raise ValidationError(
                {"kind": "The child is already on a child protection plan in this work"}
            )
    plan = Plan(
        episode=episode,
        kind=kind,
        started_on=started_on,
        review_due_on=review_due_on,
        initial_category=initial_category,
        latest_category=initial_category,
        recorded_by=recorded_by,
    )
    set_views(plan, views)
    plan.save()
    plan_started_entry(plan).save()
    refresh_visits_due([episode.pk])
    plan.refresh_from_db(fields=["visit_due_on"])
    return plan


def case_note_entry(note: CaseNote) -> ChronologyEntry:
    """A child's part of a visit or note on their chronology: what kind, whether they were seen,
    their own words first, then the shared account."""
    in_person = note.kind in CaseNote.IN_PERSON
    label = "Visit" if note.kind == CaseNote.Kind.VISIT else note.get_kind_display()
    return build_entry(
        child_id=note.episode.child_id,
        episode_id=note.episode_id,
        kind=EntryKind.VISIT if in_person else EntryKind.CASE_NOTE,
        title=f"{label}: {note.seen_label}" if in_person else label,
        summary=_note_summary(note),
        occurred_at=note.occurred_at,
        source=note,
        recorded_by=note.recorded_by,
    )


def _note_summary(note: CaseNote) -> str:
    visit = note.visit
    parts = [
        (f"{note.episode.child.first_name} said: ", note.child_views)
        if visit
        else ("", note.child_views),
        ("Views not obtained: ", note.child_views_not_obtained),
        ("Not seen: ", note.not_seen_reason),
        ("", note.text),
    ]
    if visit is not None:
        parts += [
            ("Present: ", visit.present),
            ("", visit.observed),
            ("Analysis: ", visit.analysis),
            ("Next steps: ", visit.next_steps),
            ("Parents' or carers' views: ", note.parent_views),
        ]
    return "\n\n".join(f"{lead}{text.strip()}" for lead, text in parts if text.strip())


@transaction.atomic
def record_case_note(
    *,
    episode: Episode,
    kind: str,
    occurred_at: dt.datetime,
    text: str,
    recorded_by: User,
    child_seen: bool = False,
    child_seen_alone: bool = False,
) -> CaseNote:
    """One child's note written whole (an import, or a record from before visits were written
    once for several children); `casework.visits.services.record_visit` is the page's way."""
    check_code(kind, CaseNote.Kind, "kind", "kind of note")
    check_not_future_moment(occurred_at, "occurred_at", "The date of the visit or note")
    if not text.strip():
        raise ValidationError({"text": "Enter what happened"})
    if child_seen_alone and not child_seen:
        raise ValidationError({"child_seen": "A child seen alone was seen: tick “child seen” too"})
    note = CaseNote.objects.create(
        episode=episode,
        kind=kind,
        occurred_at=occurred_at,
        text=text.strip(),
        child_seen=child_seen,
        child_seen_alone=child_seen_alone,
        recorded_by=recorded_by,
    )
    case_note_entry(note).save()
    refresh_visits_due([episode.pk])
    return note


def assessment_entry(assessment: Assessment) -> ChronologyEntry:
    completed = (
        f"; completed {assessment.completed_on:%-d %B %Y}" if assessment.completed_on else ""
    )
    return build_entry(
        child_id=assessment.episode.child_id,
        episode_id=assessment.episode_id,
        kind=EntryKind.ASSESSMENT,
        title=f"{assessment.get_kind_display()} started{completed}",
        summary=assessment.summary,
        occurred_at=start_of(assessment.started_on),
        source=assessment,
        recorded_by=assessment.recorded_by,
    )


def meeting_entry(meeting: Meeting) -> ChronologyEntry:
    return build_entry(
        child_id=meeting.episode.child_id,
        episode_id=meeting.episode_id,
        kind=EntryKind.MEETING,
        title=meeting.get_kind_display(),
        summary=meeting.summary,
        occurred_at=start_of(meeting.held_on),
        source=meeting,
        recorded_by=meeting.recorded_by,
        is_significant=meeting.kind in {"icpc", "strategy"},
    )


@transaction.atomic
def record_assessment(
    *,
    episode: Episode,
    kind: str,
    started_on: dt.date,
    recorded_by: User,
    completed_on: dt.date | None = None,
    factors: list[str] | None = None,
    views: ViewsInput | None = None,
    summary: str = "",
) -> Assessment:
    from journey.casework.models import Assessment

    views = check_views(views or ViewsInput())
    check_code(kind, Assessment.Kind, "kind", "kind of assessment")
    check_not_future(started_on, "started_on", "The start date")
    check_not_future(completed_on, "completed_on", "The completion date")
    if completed_on and completed_on < started_on:
        raise ValidationError({"completed_on": "The completion date must be on or after the start"})
    for code in factors or []:
        check_code(code, codes.AssessmentFactor, "factors", "assessment factor")
    assessment = Assessment(
        episode=episode,
        kind=kind,
        started_on=started_on,
        completed_on=completed_on,
        factors=factors or [],
        summary=summary,
        recorded_by=recorded_by,
    )
    set_views(assessment, views)
    assessment.save()
    assessment_entry(assessment).save()
    return assessment


@transaction.atomic
def record_meeting(
    *,
    episode: Episode,
    kind: str,
    held_on: dt.date,
    recorded_by: User,
    summary: str = "",
    views: ViewsInput | None = None,
    next_due_on: dt.date | None = None,
) -> Meeting:
    from journey.casework.models import Meeting

    views = check_views(views or ViewsInput())
    check_code(kind, Meeting.Kind, "kind", "kind of meeting")
    check_not_future(held_on, "held_on", "The meeting date")
    if next_due_on and next_due_on <= held_on:
        raise ValidationError({"next_due_on": "The next meeting must be after this one"})
    meeting = Meeting(
        episode=episode,
        kind=kind,
        held_on=held_on,
        summary=summary,
        next_due_on=next_due_on,
        recorded_by=recorded_by,
    )
    set_views(meeting, views)
    meeting.save()
    meeting_entry(meeting).save()
    return meeting


# --- Parents' evidence of the benefit of help (R8) --------------------------------------------


@dataclass(frozen=True)
class BenefitInput:
    """One answer to "How much difference has the help made?", at a review or at closure.

    `score` is 1 (none) to 5 (a great deal), `FamilyBenefit.Score`; `given_by` and `at` are
    `FamilyBenefit.GivenBy` and `FamilyBenefit.At` values; `source` says whether the worker
    recorded it or the family sent it through a link (then `by` may be None)."""

    episode: Episode
    given_by: str
    at: str
    score: int | None
    given_on: dt.date | None
    words: str = ""
    source: str = FamilyBenefit.Source.WORKER


def benefit_problems(data: BenefitInput, prefix: str = "benefit_") -> dict[str, str]:
    """Every problem with an answer, keyed by `prefix` + the field's name (as forms name them)."""
    errors = {}
    if data.given_by not in FamilyBenefit.GivenBy.values:
        errors["given_by"] = "Select who said how much difference the help made"
    if data.at not in FamilyBenefit.At.values:
        errors["at"] = "Select whether this was at a review or at closure"
    if data.score not in FamilyBenefit.Score.values:
        errors["score"] = f"Select an answer to “{FamilyBenefit.QUESTION}”"
    if data.source not in FamilyBenefit.Source.values:
        errors["source"] = "Select how the answer was given"
    if data.given_on is None:
        errors["given_on"] = "Enter the date they said it"
    elif data.given_on > timezone.localdate():
        errors["given_on"] = "The date they said it must be today or in the past"
    elif data.given_on < data.episode.started_on:
        errors["given_on"] = (
            f"The date they said it cannot be before the work started, "
            f"{data.episode.started_on:%-d %B %Y}"
        )
    return {f"{prefix}{field}": message for field, message in errors.items()}


@transaction.atomic
def record_family_benefit(
    data: BenefitInput, *, by: User | None, prefix: str = "benefit_"
) -> FamilyBenefit:
    """Record how much difference the help made, in their words, and put it on the child's
    chronology. The worker records it (`by`), or it came through a link (`by` None, source
    "link")."""
    errors = benefit_problems(data, prefix)
    if by is None and data.source != FamilyBenefit.Source.LINK:
        errors[f"{prefix}source"] = "An answer recorded by a worker needs the worker"
    if errors:
        raise ValidationError(errors)
    assert data.score is not None and data.given_on is not None  # checked above
    episode = data.episode
    benefit = FamilyBenefit.objects.create(
        episode=episode,
        child=Person(pk=episode.child_id),
        given_by=data.given_by,
        at=data.at,
        score=data.score,
        words=data.words.strip(),
        source=data.source,
        given_on=data.given_on,
        recorded_by=by,
    )
    family_benefit_entry(benefit).save()
    return benefit


def family_benefit_entry(benefit: FamilyBenefit) -> ChronologyEntry:
    who = "the child" if benefit.given_by == FamilyBenefit.GivenBy.CHILD else "a parent or carer"
    return build_entry(
        child_id=benefit.episode.child_id,
        episode_id=benefit.episode_id,
        kind=EntryKind.VIEWS,  # the family's own view of the difference the help made
        title=f"Difference the help made ({benefit.get_at_display().lower()}, {who}): "
        f"{benefit.get_score_display().lower()}",
        summary=benefit.words,
        occurred_at=start_of(benefit.given_on),
        source=benefit,
        recorded_by=benefit.recorded_by,
    )


def benefit_if_given(
    episode: Episode,
    *,
    at: str,
    given_by: str,
    score: int | None,
    words: str,
    given_on: dt.date | None,
) -> BenefitInput | None:
    """An optional fieldset's answer, or None when nothing was typed in it."""
    if score is None and not words.strip() and not given_by:
        return None
    return BenefitInput(
        episode=episode, given_by=given_by, at=at, score=score, given_on=given_on, words=words
    )


# --- Closing social care with the views at closure -----------------------------------------


@transaction.atomic
def close_work(
    episode: Episode,
    *,
    ended_on: dt.date,
    reason: str,
    note: str,
    by: User,
    views: ViewsInput | None = None,
    benefit: BenefitInput | None = None,
) -> Episode:
    """Close a piece of work (the social care and Family Help closure page) with the child's and
    parents' views at closure and, if they gave it, how much difference the help made: all of it
    or none of it."""
    from journey.cases.services import close_episode

    if benefit is not None:
        problems = benefit_problems(benefit)
        if problems:
            raise ValidationError(problems)
    episode = close_episode(
        episode, ended_on=ended_on, reason=reason, note=note, closed_by=by, views=views
    )
    if benefit is not None:
        record_family_benefit(benefit, by=by)
    return episode
