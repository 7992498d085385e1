"""Reads for reflective case summaries: an episode's, when the next is due, and those awaiting
a manager's view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max, QuerySet

from journey.cases.models import Episode
from journey.casework.models import CaseSummary
from journey.core.working_days import add_months


def summaries_of(episode: Episode) -> list[CaseSummary]:
    return list(
        CaseSummary.objects.filter(episode=episode)
        .select_related("written_by", "manager__user")
        .order_by("-written_on", "-pk")
    )


def next_summary_due(episodes: Iterable[Episode]) -> dict[int, dt.date]:
    """Open episode id -> when its next reflective summary is due: the set interval after the
    last one, or after the work opened (one query)."""
    episodes = [e for e in episodes if e.is_open]
    last = dict(
        CaseSummary.objects.filter(episode_id__in=[e.pk for e in episodes])
        .values("episode_id")
        .annotate(last=Max("written_on"))
        .values_list("episode_id", "last")
    )
    months = settings.JOURNEY_CASE_SUMMARY_MONTHS
    return {e.pk: add_months(last.get(e.pk) or e.started_on, months) for e in episodes}


def latest_summaries(episode_ids: Iterable[int]) -> dict[int, CaseSummary]:
    """Episode id -> its latest summary (one query)."""
    latest: dict[int, CaseSummary] = {}
    for summary in (
        CaseSummary.objects.filter(episode_id__in=list(episode_ids))
        .select_related("written_by", "manager__user")
        .order_by("episode_id", "-written_on", "-pk")
    ):
        latest.setdefault(summary.episode_id, summary)
    return latest


def awaiting_a_manager(team_ids: list[int]) -> QuerySet[CaseSummary]:
    """Summaries in open work of these teams that no manager has agreed or challenged yet."""
    return CaseSummary.objects.filter(
        manager_agreed__isnull=True,
        episode__team_id__in=team_ids,
        episode__ended_on__isnull=True,
    )
