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
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from journey.cases.models import ALL_CLOSURE_REASONS, Episode, EpisodeKind
from journey.casework.models import Meeting
from journey.core.charts import BarChart, bar_chart
from journey.outcomes.distance import Cohort, Direction, Scored, changes
from journey.outcomes.models import (
    Measurement,
    OutcomeTool,
    Point,
    Score,
    ScoredBy,
    ToolKind,
    ToolVersion,
)
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


def measured_kinds(*, offered: bool = False) -> set[str]:
    """The kinds of work some published outcome tool is used for (`offered`: a tool not retired,
    so offered for new measures)."""
    kinds: set[str] = set()
    versions = ToolVersion.objects.filter(published_at__isnull=False)
    if offered:
        versions = versions.filter(tool__retired_on__isnull=True)
    for version in versions.only("kinds_of_work"):
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
        teams=list(
            Team.objects.filter(
                Exists(Episode.objects.filter(team=OuterRef("pk"), kind__in=measured_kinds()))
            ).order_by("name")
        ),
        smallest=SMALLEST_COHORT,
    )


def _cohort_keys() -> tuple[str, ...]:
    return ("children", "measured", "improved", "same", "worse")


def closed_without_closing_measure(
    filters: CohortFilters, visible: QuerySet[Any], page: int | str, count: int
) -> Page:
    """One page of the closed work with no closing measure (`count` of it in all, as the cohort
    figures counted it), each row with `child_visible`: a child the reader may not see is listed
    without their name. Two queries whatever the size of the council."""
    work = (
        cohort_work(filters, measured_kinds())
        .filter(ended_on__isnull=False)
        .filter(Q(outcome__isnull=True) | Q(outcome__closing_measured=False))
        .select_related("child", "team", "outcome")
        .order_by("-ended_on", "pk")
    )
    paginator = Paginator(work, PAGE_SIZE)
    paginator.count = count  # counted with the cohort figures: no second count
    listed = paginator.get_page(page)
    rows = list(listed.object_list)
    listed.object_list = rows
    seen = set(visible.filter(pk__in={e.child_id for e in rows}).values_list("pk", flat=True))
    for episode in rows:
        episode.child_visible = episode.child_id in seen  # type: ignore[attr-defined]
    return listed


def tools() -> list[OutcomeTool]:
    return list(OutcomeTool.objects.prefetch_related("versions").order_by("name"))


# --- a child's outcomes ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleRow:
    name: str
    values: list[int | None]  # one per measurement, None where the scale was not scored
    change: int | None
    words: str  # the family's latest words on this scale


@dataclass(frozen=True)
class EpisodeOutcomes:
    episode: Episode
    measurements: list[Measurement]
    rows: list[ScaleRow]
    chart: BarChart | None
    chart_series: list[str]
    highest: int


#: A measure's point in a chart's key and a table's heading.
POINT_WORDS = {"start": "Start", "review": "Review", "closure": "Closure"}


def _series_label(measurement: Measurement) -> str:
    return f"{POINT_WORDS[measurement.point]}, {measurement.measured_on:%-d %b %Y}"


def _episode_outcomes(episode: Episode, measurements: list[Measurement]) -> EpisodeOutcomes:
    names: dict[str, str] = {}
    for m in measurements:
        for score in m.scores.all():
            names.setdefault(score.key, score.scale.name if score.scale else score.goal)
    by_measure = [{s.key: s for s in m.scores.all()} for m in measurements]
    changed = changes(
        Scored(m.measured_on, m.recorded_at, m.pk, {k: s.value for k, s in scored.items()})
        for m, scored in zip(measurements, by_measure, strict=True)
    )
    rows = []
    for key, name in names.items():
        values = [scored[key].value if key in scored else None for scored in by_measure]
        said = [scored[key].words for scored in by_measure if key in scored and scored[key].words]
        rows.append(ScaleRow(name, values, changed.get(key), said[-1] if said else ""))
    # The chart compares the first measure with the latest (and closure, when there is one).
    shown = [measurements[0]] + ([measurements[-1]] if len(measurements) > 1 else [])
    series = [_series_label(m) for m in shown]
    picks = [0] + ([len(measurements) - 1] if len(measurements) > 1 else [])
    chart_rows = [(row.name, [row.values[i] or 0 for i in picks]) for row in rows]
    highest = measurements[0].version.highest
    return EpisodeOutcomes(
        episode=episode,
        measurements=measurements,
        rows=rows,
        chart=bar_chart(chart_rows, series, most=highest) if rows else None,
        chart_series=series,
        highest=highest,
    )


def child_outcomes(child_id: int) -> list[EpisodeOutcomes]:
    """Each piece of the child's work that has measures, newest first: two queries."""
    return _outcomes(Measurement.objects.filter(episode__child_id=child_id))


def latest_outcomes(child_id: int) -> EpisodeOutcomes | None:
    """The child's newest piece of work that has measures (for the child's summary)."""
    found = child_outcomes(child_id)
    return found[0] if found else None


def episode_outcomes(episode_id: int) -> EpisodeOutcomes | None:
    """One piece of work's measures (for its plan page): two queries."""
    found = _outcomes(Measurement.objects.filter(episode_id=episode_id))
    return found[0] if found else None


def _outcomes(measurements: QuerySet[Measurement]) -> list[EpisodeOutcomes]:
    listed = list(
        measurements.select_related("episode__team", "version__tool")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("scale")))
        .order_by("episode_id", "measured_on", "recorded_at", "pk")
    )
    by_episode: dict[int, list[Measurement]] = {}
    for m in listed:
        by_episode.setdefault(m.episode_id, []).append(m)
    found = [_episode_outcomes(ms[0].episode, ms) for ms in by_episode.values()]
    return sorted(found, key=lambda e: e.episode.started_on, reverse=True)


def measurable_work(child_id: int, today: dt.date | None = None) -> list[Episode]:
    """The child's open work some published tool, not retired, is used for, and work closed
    recently with a start measure and no closing measure yet (its closing measure may still be
    recorded)."""
    kinds = measured_kinds(offered=True)
    days = getattr(settings, "JOURNEY_CLOSING_MEASURE_DAYS", 14)
    since = (today or timezone.localdate()) - dt.timedelta(days=days)
    closing_due = Q(ended_on__gte=since, outcome__measures__gt=0, outcome__closing_measured=False)
    return list(
        Episode.objects.filter(child_id=child_id, kind__in=kinds)
        .filter(Q(ended_on__isnull=True) | closing_due)
        .select_related("team")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
    )


def tools_for(episode: Episode) -> list[ToolVersion]:
    """The latest published version of each tool used for this kind of work, retired tools
    left out (they are not offered for new measures)."""
    latest: dict[int, ToolVersion] = {}
    versions = ToolVersion.objects.filter(published_at__isnull=False, tool__retired_on__isnull=True)
    for version in (
        versions.select_related("tool").prefetch_related("scales").order_by("tool_id", "number")
    ):
        latest[version.tool_id] = version
    latest = {k: v for k, v in latest.items() if episode.kind in v.kinds_of_work}
    return sorted(latest.values(), key=lambda v: v.tool.name)


def versions_in_use_for(kind: str) -> QuerySet[ToolVersion]:
    """The latest published version of each tool in use (not retired) that this kind of work
    uses, as a queryset (the CAF tracker's drift rule asks whether any exists, in SQL).

    A version's kinds of work are a JSON list of EpisodeKind values: matched as the quoted value
    in its text, which PostgreSQL and SQLite both answer (no kind's value holds another's)."""
    latest = (
        ToolVersion.objects.filter(tool=OuterRef("tool"), published_at__isnull=False)
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        ToolVersion.objects.filter(
            published_at__isnull=False,
            tool__retired_on__isnull=True,
            kinds_of_work__icontains=f'"{kind}"',
        )
        .annotate(latest_number=Subquery(latest))
        .filter(number=F("latest_number"))
    )


# --- measures from the TAF meeting, closure and the family's link ---------------------------


@dataclass(frozen=True)
class WorkMeasures:
    """What a page offering a measure needs to know of one piece of work: the tools it uses,
    its start and closing measures, the TAF meetings measured at, and until when a closing
    measure may still be recorded once it has closed."""

    episode: Episode
    tools: list[ToolVersion]
    started_on: dt.date | None
    closing_on: dt.date | None
    meetings_measured: frozenset[int]
    record_closing_by: dt.date | None

    @property
    def used(self) -> bool:
        return bool(self.tools)

    @property
    def next_point(self) -> str:
        """At a TAF meeting: a review measure, or the start measure if there is none yet."""
        return Point.REVIEW if self.started_on else Point.START

    def may_close_measure(self, today: dt.date) -> bool:
        """A closing measure can be recorded: a start measure, no closing one, and (closed work)
        still within its days."""
        if not self.tools or self.started_on is None or self.closing_on is not None:
            return False
        return self.record_closing_by is None or today <= self.record_closing_by

    def measured_at(self, meeting_id: int) -> bool:
        return meeting_id in self.meetings_measured


def work_measures(episode: Episode) -> WorkMeasures:
    """Two queries: the tools used for the work, and its measures."""
    tools = tools_for(episode)
    rows = list(
        Measurement.objects.filter(episode=episode)
        .order_by("measured_on", "pk")
        .values_list("point", "measured_on", "meeting_id")
    )
    started = next((on for point, on, _ in rows if point == Point.START), None)
    closing = next((on for point, on, _ in rows if point == Point.CLOSURE), None)
    days = getattr(settings, "JOURNEY_CLOSING_MEASURE_DAYS", 14)
    return WorkMeasures(
        episode=episode,
        tools=tools,
        started_on=started,
        closing_on=closing,
        meetings_measured=frozenset(m for _, _, m in rows if m is not None),
        record_closing_by=(
            episode.ended_on + dt.timedelta(days=days) if episode.ended_on else None
        ),
    )


def taf_meeting(episode: Episode, meeting_id: object) -> Meeting | None:
    """A TAF meeting of this work, from a page's address (None if it is not one)."""
    try:
        pk = int(str(meeting_id))
    except ValueError:
        return None
    return Meeting.objects.filter(pk=pk, episode=episode, kind=Meeting.Kind.TAF).first()


@dataclass(frozen=True)
class LinkOffer:
    """A tool the family could score through a secure link, for one piece of the child's work."""

    episode: Episode
    version: ToolVersion

    @property
    def key(self) -> str:
        return f"{self.episode.pk}-{self.version.pk}"


def link_offers(child_id: int, today: dt.date) -> list[LinkOffer]:
    """Tools with their own scales, scored by the child or a parent, used for the child's open
    work (or work closed recently enough for its closing measure): newest work first. Goals
    tools are not offered: the family names the goals with their worker. Two queries."""
    days = getattr(settings, "JOURNEY_CLOSING_MEASURE_DAYS", 14)
    versions = [
        v
        for v in _latest_versions()
        if v.kind == ToolKind.SCALES and {ScoredBy.CHILD, ScoredBy.PARENT} & set(v.scored_by)
    ]
    kinds = {kind for v in versions for kind in v.kinds_of_work}
    work = (
        Episode.objects.filter(child_id=child_id, kind__in=kinds)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today - dt.timedelta(days=days)))
        .select_related("team")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    )
    return [LinkOffer(e, v) for e in work for v in versions if e.kind in v.kinds_of_work]


def _latest_versions() -> list[ToolVersion]:
    latest: dict[int, ToolVersion] = {}
    versions = ToolVersion.objects.filter(published_at__isnull=False).select_related("tool")
    for version in versions.order_by("tool_id", "number"):
        if version.tool.retired_on is None:
            latest[version.tool_id] = version
    return sorted(latest.values(), key=lambda v: v.tool.name)
