"""Outcome pages' read models: cohort figures by team, kind of work or closure reason, in a
fixed number of queries whatever the number of children (they read each piece of work's
EpisodeOutcome, kept by the measurement service), and the closed work without a closing
measure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from journey.cases.models import ALL_CLOSURE_REASONS, Episode, EpisodeKind
from journey.outcomes.distance import Cohort, Direction
from journey.outcomes.models import OutcomeTool, ToolVersion
from journey.workforce.models import Team

#: Cohorts of fewer children than this are suppressed in aggregate figures.
SMALLEST_COHORT = getattr(settings, "JOURNEY_SMALLEST_COHORT", 5)
GROUPS = {"team": "team__name", "kind": "kind", "reason": "closure_reason"}
PAGE_SIZE = 25


@dataclass(frozen=True)
class CohortFilters:
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None
    open_work: bool = False  # open now, instead of closed in the period
    team_id: int | None = None
    kind: str = ""
    group: str = "team"


@dataclass(frozen=True)
class CohortRow:
    label: str
    figures: Cohort
    closed_unmeasured: int


def measured_kinds() -> set[str]:
    """The kinds of work some published outcome tool is used for."""
    kinds: set[str] = set()
    for version in ToolVersion.objects.filter(published_at__isnull=False).only("kinds_of_work"):
        kinds.update(version.kinds_of_work)
    return kinds


def cohort_work(filters: CohortFilters, kinds: set[str]) -> QuerySet[Episode]:
    work = Episode.objects.filter(kind__in=kinds)
    if filters.open_work:
        work = work.filter(ended_on__isnull=True)
    else:
        work = work.filter(ended_on__isnull=False)
        if filters.closed_from:
            work = work.filter(ended_on__gte=filters.closed_from)
        if filters.closed_to:
            work = work.filter(ended_on__lte=filters.closed_to)
    if filters.team_id:
        work = work.filter(team_id=filters.team_id)
    if filters.kind:
        work = work.filter(kind=filters.kind)
    return work


def _counts() -> dict[str, Count]:
    return {
        "children": Count("pk"),
        "measured": Count("pk", filter=Q(outcome__measures__gt=0)),
        "improved": Count("pk", filter=Q(outcome__direction=Direction.IMPROVED)),
        "same": Count("pk", filter=Q(outcome__direction=Direction.SAME)),
        "worse": Count("pk", filter=Q(outcome__direction=Direction.WORSE)),
        "closed_unmeasured": Count(
            "pk",
            filter=Q(ended_on__isnull=False)
            & (Q(outcome__isnull=True) | Q(outcome__closing_measured=False)),
        ),
    }


def _cohort(row: dict[str, Any]) -> Cohort:
    return Cohort(
        children=row["children"],
        measured=row["measured"],
        improved=row["improved"],
        same=row["same"],
        worse=row["worse"],
        suppressed=row["children"] < SMALLEST_COHORT,
    )


def _label(group: str, value: Any) -> str:
    if group == "kind":
        return EpisodeKind(value).label if value else "Not recorded"
    if group == "reason":
        return dict(ALL_CLOSURE_REASONS).get(value, "Still open") if value else "Still open"
    return str(value)


@dataclass(frozen=True)
class CohortPage:
    rows: list[CohortRow]
    total: CohortRow
    filters: CohortFilters
    teams: list[Team]
    smallest: int


def cohort_page(filters: CohortFilters) -> CohortPage:
    """Three queries: the kinds measured, the grouped counts with their total, the teams."""
    group = filters.group if filters.group in GROUPS else "team"
    work = cohort_work(filters, measured_kinds())
    column = GROUPS[group]
    grouped = work.values(column).annotate(**_counts()).order_by(column)
    rows = [
        CohortRow(_label(group, r[column]), _cohort(r), r["closed_unmeasured"]) for r in grouped
    ]
    total = _cohort({key: sum(getattr(row.figures, key) for row in rows) for key in _cohort_keys()})
    unmeasured = sum(row.closed_unmeasured for row in rows)
    return CohortPage(
        rows=rows,
        total=CohortRow("All", total, unmeasured),
        filters=filters,
        teams=list(Team.objects.filter(episodes__in=work).distinct().order_by("name")),
        smallest=SMALLEST_COHORT,
    )


def _cohort_keys() -> tuple[str, ...]:
    return ("children", "measured", "improved", "same", "worse")


def closed_without_closing_measure(
    filters: CohortFilters, visible: QuerySet[Any], page: int | str = 1
) -> Page:
    """Closed work with no closing measure, naming only children the reader may see."""
    work = (
        cohort_work(filters, measured_kinds())
        .filter(ended_on__isnull=False, child__in=visible)
        .filter(Q(outcome__isnull=True) | Q(outcome__closing_measured=False))
        .select_related("child", "team", "outcome")
        .order_by("-ended_on", "pk")
    )
    return Paginator(work, PAGE_SIZE).get_page(page)


def tools() -> list[OutcomeTool]:
    return list(OutcomeTool.objects.prefetch_related("versions").order_by("name"))
