"""Recording a visit, call or case note once for every child it was about (R4, R6).

The shared account (kind, when, who was present, what happened, analysis, next steps) is one
`Visit`; each child has their own part (a `CaseNote`): seen, seen alone or not seen and why, and
their own words. Finishing puts each part on that child's chronology and moves their plan's next
visit date. A draft is kept, unseen on any chronology, until its author finishes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.cases.models import Episode
from journey.casework.models import CaseNote, NoteKind, Plan, Visit
from journey.casework.services import case_note_entry
from journey.casework.visits.schedule import LONGEST_INTERVAL, VISITED_PLANS, refresh_visits_due
from journey.core.services import check_code, check_not_future_moment
from journey.core.templatetags.govuk import govuk_date
from journey.core.views_of_child import ViewsInput, check_views, set_views, views_problems


class Seen:
    """Whether the child was seen: the three answers a worker gives."""

    ALONE = "alone"
    WITH_OTHERS = "seen"
    NOT_SEEN = "not_seen"
    CHOICES = [
        (ALONE, "Seen alone"),
        (WITH_OTHERS, "Seen, with others there"),
        (NOT_SEEN, "Not seen"),
    ]


@dataclass(frozen=True)
class Account:
    """What is shared by every child the visit was about."""

    kind: str
    occurred_at: dt.datetime | None
    present: str = ""
    observed: str = ""
    analysis: str = ""
    next_steps: str = ""
    #: The parents' or carers' views, written once: each child's part keeps them.
    parent_views: str = ""


@dataclass(frozen=True)
class ChildPart:
    """One child's part; errors name its fields `<name>_<child id>`. Their views: their own
    words, how they were obtained (`core.views_of_child.ViewsMethod`), or why not."""

    episode: Episode
    seen: str = ""
    not_seen_reason: str = ""
    child_words: str = ""
    views_method: str = ""
    views_not_obtained: str = ""

    def views(self, parent_views: str = "") -> ViewsInput:
        return ViewsInput(
            child_views=self.child_words,
            child_views_method=self.views_method,
            child_views_not_obtained=self.views_not_obtained,
            parent_views=parent_views,
        )


#: A child's views fields on the visit form, `<name>_<child id>`.
PART_VIEWS_FIELDS = {
    "child_views": "words",
    "child_views_method": "views_method",
    "child_views_not_obtained": "views_not_obtained",
}


@transaction.atomic
def record_visit(
    account: Account, parts: Sequence[ChildPart], *, by: User, finish: bool = True
) -> Visit:
    """A new visit or note: finished onto each child's chronology, or kept as a draft."""
    _check(account, parts, finish=finish)
    visit = Visit.objects.create(recorded_by=by, **_shared(account))
    _write_parts(visit, parts, parent_views=account.parent_views, finish=finish)
    if finish:
        _finish(visit)
    return visit


@transaction.atomic
def continue_draft(
    visit: Visit, account: Account, parts: Sequence[ChildPart], *, by: User, finish: bool
) -> Visit:
    """Save more of a draft, or finish it. Only its author may: it is their account."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not visit.is_draft:
        raise ValidationError(
            {
                "__all__": "This visit is already recorded. To correct it, mark its chronology "
                "entry as recorded in error and record it again"
            }
        )
    if visit.recorded_by_id != by.pk:
        author = visit.recorded_by.get_full_name() or visit.recorded_by.get_username()
        raise ValidationError(
            {"__all__": f"Only {author}, who began this draft, may change or finish it"}
        )
    _check(account, parts, finish=finish)
    for name, value in _shared(account).items():
        setattr(visit, name, value)
    visit.save()
    _write_parts(visit, parts, parent_views=account.parent_views, finish=finish)
    if finish:
        _finish(visit)
    return visit


def _shared(account: Account) -> dict:
    return {
        "kind": account.kind,
        "occurred_at": account.occurred_at,
        "present": account.present.strip(),
        "observed": account.observed.strip(),
        "analysis": account.analysis.strip(),
        "next_steps": account.next_steps.strip(),
    }


def _check(account: Account, parts: Sequence[ChildPart], *, finish: bool) -> None:
    """Every problem at once, each on its own field."""
    errors: dict[str, str] = {}
    try:
        check_code(account.kind, NoteKind, "kind", "kind of visit or note")
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if account.occurred_at is None:
        errors["occurred_at"] = "Enter the date of the visit or note"
    else:
        try:
            check_not_future_moment(account.occurred_at, "occurred_at", "The date and time")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if not parts:
        errors["__all__"] = "Choose at least one child the visit or note was about"
    if len({p.episode.pk for p in parts}) != len(parts):
        errors["__all__"] = "Each child is recorded once"
    for part in parts:
        errors.update(_part_problems(account, part, finish=finish))
    if finish and not account.observed.strip():
        errors["observed"] = "Enter what happened and what you observed"
    if errors:
        raise ValidationError(errors)


def _part_problems(account: Account, part: ChildPart, *, finish: bool) -> dict[str, str]:
    child = part.episode.child
    key = child.pk
    problems = {}
    if not part.episode.is_open:
        problems[f"seen_{key}"] = (
            f"{child.first_name}'s work closed on {govuk_date(part.episode.ended_on)}: "
            "record in open work"
        )
    when = account.occurred_at
    if when is not None and timezone.localdate(when) < part.episode.started_on:
        problems["occurred_at"] = (
            f"The date must be on or after {child.first_name}'s work started, "
            f"{govuk_date(part.episode.started_on)}"
        )
    if finish:
        for field, message in views_problems(part.views()).items():
            problems[f"{PART_VIEWS_FIELDS[field]}_{key}"] = f"{child.first_name}: {message}"
    if account.kind not in CaseNote.IN_PERSON:
        return problems
    if finish and part.seen not in (Seen.ALONE, Seen.WITH_OTHERS, Seen.NOT_SEEN):
        problems[f"seen_{key}"] = f"Select whether {child.first_name} was seen"
    if finish and part.seen == Seen.NOT_SEEN and not part.not_seen_reason.strip():
        problems[f"not_seen_reason_{key}"] = (
            f"Say why {child.first_name} was not seen, and what you will do to see them"
        )
    return problems


def _write_parts(
    visit: Visit, parts: Sequence[ChildPart], *, parent_views: str, finish: bool
) -> None:
    """Each child's part, matched to what a draft already holds; a child taken off a draft loses
    their unfinished part (its history keeps what was written)."""
    held = {note.episode_id: note for note in visit.parts.all()}
    in_person = visit.kind in CaseNote.IN_PERSON
    for part in parts:
        note = held.pop(part.episode.pk, None) or CaseNote(visit=visit, episode=part.episode)
        seen = part.seen if in_person else ""
        note.kind = visit.kind
        note.occurred_at = visit.occurred_at
        note.child_seen = seen in (Seen.ALONE, Seen.WITH_OTHERS)
        note.child_seen_alone = seen == Seen.ALONE
        note.not_seen_reason = part.not_seen_reason.strip() if seen == Seen.NOT_SEEN else ""
        views = part.views(parent_views)
        set_views(note, check_views(views) if finish else views)
        note.recorded_by = visit.recorded_by
        note.save()
    for unticked in held.values():
        unticked.delete()


def _finish(visit: Visit) -> None:
    visit.recorded_at = timezone.now()
    visit.save(update_fields=["recorded_at"])
    parts = list(visit.parts.select_related("episode__child", "visit"))
    for note in parts:
        case_note_entry(note).save()
    refresh_visits_due({note.episode_id for note in parts})


@transaction.atomic
def set_visiting_standard(plan: Plan, working_days: int | None, *, by: User) -> Plan:
    """How often this plan's child is seen: its own standard, or (None) the council's default."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.kind not in VISITED_PLANS:
        raise ValidationError(
            {
                "visit_every": "Only child in need and child protection plans set "
                "how often the child is visited"
            }
        )
    if not plan.is_open:
        raise ValidationError({"visit_every": "This plan has ended"})
    if working_days is not None and not 1 <= working_days <= LONGEST_INTERVAL:
        raise ValidationError(
            {"visit_every": f"Enter a number of working days from 1 to {LONGEST_INTERVAL}"}
        )
    plan.visit_every = working_days
    plan.save(update_fields=["visit_every"])
    refresh_visits_due([plan.episode_id])
    plan.refresh_from_db()
    return plan
