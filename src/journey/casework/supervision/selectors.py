"""When case supervision is next due on each piece of work, and whether it is overdue (R6)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Case, DateField, F, OuterRef, QuerySet, Subquery, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Supervision
from journey.core.db import PlusDays


def interval_days(kind: str) -> int:
    """The required supervision interval for a kind of work."""
    return settings.JOURNEY_SUPERVISION_INTERVAL_DAYS[kind]


def supervision_due(episode_path: str = "") -> dict[str, BaseExpression]:
    """Annotations `last_supervised` and `supervision_due_on` over Episode (path "") or over a
    model that points at one (e.g. Allocation, path "episode__")."""
    ref = OuterRef(episode_path.removesuffix("__") or "pk")
    latest = Supervision.objects.filter(
        episode=ref, kind=Supervision.Kind.CASE_SUPERVISION
    ).order_by("-held_on", "-pk")
    last_held = Subquery(latest.values("held_on")[:1], output_field=DateField())
    set_due = Subquery(latest.values("next_due_on")[:1], output_field=DateField())
    since = Coalesce(last_held, F(f"{episode_path}started_on"), output_field=DateField())
    by_interval = Case(
        *[
            When(**{f"{episode_path}kind": kind}, then=PlusDays(since, interval_days(kind)))
            for kind in EpisodeKind.values
        ],
        output_field=DateField(),
    )
    return {
        "last_supervised": last_held,
        "supervision_due_on": Coalesce(set_due, by_interval, output_field=DateField()),
    }


def with_supervision_due(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.annotate(**supervision_due())


def is_overdue(due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and due_on < today
