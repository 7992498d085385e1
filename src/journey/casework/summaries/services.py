"""Reflective case summaries: written by the worker at set points, agreed or challenged by a
manager, each on the child's chronology (the peer review's "reflective case summaries
evidencing QA and decision making")."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.cases.models import Episode
from journey.casework.models import CaseSummary
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import check_code, check_not_future
from journey.core.templatetags.govuk import govuk_date
from journey.workforce.models import Worker


def summary_entry(summary: CaseSummary) -> ChronologyEntry:
    return build_entry(
        child_id=summary.episode.child_id,
        episode_id=summary.episode_id,
        kind=EntryKind.CASE_SUMMARY,
        title=f"Reflective case summary: {summary.get_occasion_display().lower()}",
        summary=f"{summary.summary}\n\nAnalysis: {summary.analysis}",
        occurred_at=start_of(summary.written_on),
        source=summary,
        recorded_by=summary.written_by,
    )


def review_entry(summary: CaseSummary) -> ChronologyEntry:
    verb = "agreed" if summary.manager_agreed else "challenged"
    assert summary.manager is not None and summary.reviewed_at is not None
    return build_entry(
        child_id=summary.episode.child_id,
        episode_id=summary.episode_id,
        kind=EntryKind.CASE_SUMMARY,
        title=f"Manager {verb} the reflective case summary of {govuk_date(summary.written_on)}",
        summary=summary.manager_note,
        occurred_at=summary.reviewed_at,
        source=summary,
        recorded_by=summary.manager.user,
    )


@transaction.atomic
def write_case_summary(
    episode: Episode,
    *,
    occasion: str,
    written_on: dt.date | None,
    summary: str,
    analysis: str,
    next_steps: str = "",
    by: User,
) -> CaseSummary:
    errors: dict[str, str] = {}
    try:
        check_code(occasion, CaseSummary.Occasion, "occasion", "point in the work")
    except ValidationError as error:
        errors["occasion"] = error.message_dict["occasion"][0]
    if written_on is None:
        errors["written_on"] = "Enter the date of the summary"
    elif written_on < episode.started_on:
        errors["written_on"] = (
            f"The date must be on or after the work started, {govuk_date(episode.started_on)}"
        )
    else:
        try:
            check_not_future(written_on, "written_on", "The date of the summary")
        except ValidationError as error:
            errors["written_on"] = error.message_dict["written_on"][0]
    if not summary.strip():
        errors["summary"] = "Enter what is happening for the child and what has changed"
    if not analysis.strip():
        errors["analysis"] = "Enter your analysis: what it means for the child"
    if not episode.is_open:
        errors["__all__"] = "This work has closed: write the summary before it closes"
    if errors:
        raise ValidationError(errors)
    assert written_on is not None  # refused above
    written = CaseSummary.objects.create(
        episode=episode,
        occasion=occasion,
        written_on=written_on,
        summary=summary.strip(),
        analysis=analysis.strip(),
        next_steps=next_steps.strip(),
        written_by=by,
    )
    summary_entry(written).save()
    return written


@transaction.atomic
def review_case_summary(
    summary: CaseSummary, *, manager: Worker, agree: bool, note: str
) -> CaseSummary:
    """The manager's view. A manager does not agree their own summary, and a challenge says
    what should change."""
    summary = CaseSummary.objects.select_for_update().select_related("episode").get(pk=summary.pk)
    if not summary.awaits_manager:
        raise ValidationError({"__all__": "A manager has already given their view of this summary"})
    if summary.written_by_id == manager.user_id:
        raise ValidationError(
            {"__all__": "A summary is agreed or challenged by a manager other than its author"}
        )
    if not agree and not note.strip():
        raise ValidationError({"note": "Say what you challenge and what should change"})
    summary.manager = manager
    summary.manager_agreed = agree
    summary.manager_note = note.strip()
    summary.reviewed_at = timezone.now()
    summary.save()
    review_entry(summary).save()
    return summary
