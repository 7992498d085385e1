"""What is next due on each piece of work, and where to do it: the rows of My work.

For a set of open episodes, in a fixed number of queries: the next visit (a child in need or
child protection plan's visiting standard), the next TAF (CAF work: the date the last one set,
or the interval after it, or the first TAF after opening), the plan's review, the open actions
past their date, and (council staff only) the next reflective summary and case supervision.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.urls import reverse

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Meeting, Plan, PlanAction
from journey.casework.summaries.selectors import next_summary_due

#: Shown as due soon this many days ahead; overdue once the date has passed.
SOON_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One thing due on a piece of work."""

    what: str
    due_on: dt.date
    url: str
    link_text: str
    detail: str = ""
    today: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return self.today is not None and self.due_on < self.today

    @property
    def soon(self) -> bool:
        return (
            self.today is not None
            and not self.overdue
            and self.due_on <= self.today + dt.timedelta(days=SOON_DAYS)
        )


def due_on_work(
    episodes: Iterable[Episode], today: dt.date, *, supervision: bool
) -> dict[int, list[Due]]:
    """Episode id -> what is due on it, soonest first. Episodes carry `supervision_due_on`
    (annotated by `supervision_due`) when `supervision` is asked for."""
    episodes = list(episodes)
    ids = [e.pk for e in episodes]
    plans = _open_plans(ids)
    next_tafs = _next_tafs([e for e in episodes if e.kind == EpisodeKind.EARLY_HELP_CAF])
    actions = _actions_past_due(ids, today)
    summaries = next_summary_due(episodes) if supervision else {}
    due: dict[int, list[Due]] = defaultdict(list)
    for episode in episodes:
        items = due[episode.pk]
        for plan in plans.get(episode.pk, []):
            items += _plan_dues(episode, plan, today)
        if episode.pk in next_tafs:
            items.append(
                Due(
                    "TAF meeting",
                    next_tafs[episode.pk],
                    reverse("hold_taf_meeting", args=[episode.pk]),
                    "Record the TAF",
                    today=today,
                )
            )
        if episode.pk in actions:
            count, earliest = actions[episode.pk]
            items.append(
                Due(
                    "Actions",
                    earliest,
                    _plan_page(episode),
                    "Update the actions",
                    detail=f"{count} past their date",
                    today=today,
                )
            )
        if supervision and episode.pk in summaries:
            items.append(
                Due(
                    "Reflective summary",
                    summaries[episode.pk],
                    reverse("write_case_summary", args=[episode.pk]),
                    "Write it",
                    today=today,
                )
            )
        supervision_due = getattr(episode, "supervision_due_on", None)
        if supervision and supervision_due:
            items.append(
                Due(
                    "Supervision",
                    supervision_due,
                    reverse("supervision", args=[episode.pk]),
                    "Supervision",
                    today=today,
                )
            )
        items.sort(key=lambda d: d.due_on)
    return due


def _plan_page(episode: Episode) -> str:
    if episode.kind == EpisodeKind.SOCIAL_CARE:
        return reverse("social_care_record", args=[episode.pk])
    return reverse("early_help_plan", args=[episode.pk])


def _plan_dues(episode: Episode, plan: Plan, today: dt.date) -> list[Due]:
    items = []
    if plan.visit_due_on:
        items.append(
            Due(
                "Visit",
                plan.visit_due_on,
                reverse("record_visit", args=[episode.child_id]),
                "Record a visit",
                today=today,
            )
        )
    if plan.review_due_on:
        items.append(
            Due(
                f"{plan.get_kind_display()} review",
                plan.review_due_on,
                _plan_page(episode),
                "The plan",
                today=today,
            )
        )
    return items


def _open_plans(episode_ids: list[int]) -> dict[int, list[Plan]]:
    plans: dict[int, list[Plan]] = defaultdict(list)
    for plan in Plan.objects.filter(episode_id__in=episode_ids, ended_on__isnull=True).only(
        "episode_id", "kind", "visit_due_on", "review_due_on"
    ):
        plans[plan.episode_id].append(plan)
    return plans


def _next_tafs(caf_work: list[Episode]) -> dict[int, dt.date]:
    """CAF work -> when its next TAF is due."""
    interval = dt.timedelta(days=settings.JOURNEY_TAF_INTERVAL_DAYS)
    first = dt.timedelta(days=settings.JOURNEY_FIRST_TAF_DAYS)
    latest: dict[int, Meeting] = {}
    tafs = Meeting.objects.filter(
        episode_id__in=[e.pk for e in caf_work], kind=Meeting.Kind.TAF
    ).order_by("episode_id", "-held_on", "-pk")
    for meeting in tafs.only("episode_id", "held_on", "next_due_on"):
        latest.setdefault(meeting.episode_id, meeting)
    due = {}
    for episode in caf_work:
        last = latest.get(episode.pk)
        if last is None:
            due[episode.pk] = episode.started_on + first
        else:
            due[episode.pk] = last.next_due_on or last.held_on + interval
    return due


def _actions_past_due(episode_ids: list[int], today: dt.date) -> dict[int, tuple[int, dt.date]]:
    rows = (
        PlanAction.objects.filter(
            plan__episode_id__in=episode_ids, status__in=PlanAction.OPEN, due_on__lt=today
        )
        .values("plan__episode_id")
        .annotate(n=Count("pk"), earliest=Min("due_on"))
    )
    return {row["plan__episode_id"]: (row["n"], row["earliest"]) for row in rows}
