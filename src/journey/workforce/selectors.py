"""Reads about workers and their work, shaped per screen."""

from __future__ import annotations

from django.db.models import QuerySet

from journey.cases.models import EARLY_HELP_KINDS
from journey.workforce.models import Allocation, Worker


def my_work(worker: Worker) -> dict:
    """The worker's current allocations (as worker or lead professional) on open episodes."""
    allocations: QuerySet[Allocation] = (
        Allocation.objects.current()
        .filter(worker=worker, episode__ended_on__isnull=True)
        .select_related("episode", "episode__child", "episode__team")
        .order_by("episode__child__last_name", "episode__child__first_name")
    )
    rows = list(allocations)
    early_help = [a for a in rows if a.episode.kind in EARLY_HELP_KINDS]
    social_care = [a for a in rows if a.episode.kind not in EARLY_HELP_KINDS]
    return {
        "early_help": early_help,
        "social_care": social_care,
        "children_count": len({a.episode.child_id for a in rows}),
        "episodes_count": len({a.episode_id for a in rows}),
    }
