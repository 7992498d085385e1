"""The leadership dashboard: the headline measures month by month for the council, a service
or a team, and the improvement plans' ratings, for heads of service and the assistant director.

Past months come from the stored monthly figures (one query for every measure); this month is
counted live (one aggregate query a measure, reused for a few minutes: the counting takes most of
a second on a large council), so the page's query count is fixed by the number of measures on
it, never by the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from journey.core import measures as registry
from journey.core.measures import NOTHING, Measure, Tally, Window
from journey.improvement.selectors import (
    MeasureRow,
    PlanSummary,
    Scope,
    Series,
    measure_targets,
    months_to,
    plan_list,
    stored_ratings,
    stored_series,
)
from journey.reporting.dashboard.charts import RatingsChart, TrendChart, ratings_chart, trend_chart

MONTHS = 12


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    measures: tuple[str, ...]
    about: str


#: The headline measures, in the order the dashboard shows them. A measure not registered (a
#: feature not installed) is left out.
SECTIONS = (
    Section(
        "Caseloads and allocation",
        "caseloads",
        ("unallocated_open_cases", "workers_within_caseload_limit", "weighted_caseload_per_worker"),
        "Is every open case held, and can the workers holding them manage?",
    ),
    Section(
        "Drift",
        "drift",
        ("drift_flags_per_100", "taf_within_timescale", "early_help_actions_overdue"),
        "Are early help plans moving?",
    ),
    Section(
        "Case file audits",
        "audits",
        ("audits_good_or_better", "audit_moderation_agreement"),
        "How good is the work, as the audits grade it, against the target?",
    ),
    Section(
        "Supervision and visits",
        "supervision",
        ("supervision_within_interval", "visits_within_interval", "reflective_summaries_current"),
        "Are workers supervised, and children seen, as often as they should be?",
    ),
    Section(
        "Decisions and step changes",
        "decisions",
        ("decisions_reviewed_in_time", "step_ups_re_referred"),
        "Are decisions at the front door reviewed in time, and do step-ups hold?",
    ),
)


@dataclass(frozen=True)
class CardRow:
    label: str  # "Jan 2026", or "Dec 2026 so far"
    text: str
    href: str  # what the figure counted ("" when nothing was counted)
    described: str  # the link's words for a screen reader


@dataclass
class Card:
    measure: Measure
    rows: list[MeasureRow]  # oldest first; the last is this month so far
    target: Decimal | None
    chart: TrendChart
    table: list[CardRow]

    @property
    def now(self) -> MeasureRow:
        return self.rows[-1]

    @property
    def last_month(self) -> MeasureRow:
        return self.rows[-2]

    @property
    def target_text(self) -> str:
        return self.measure.format(self.target) if self.target is not None else ""


@dataclass
class RatingMonth:
    month: dt.date
    achieved: int
    on_task: int
    at_risk: int
    unrated: int

    @property
    def total(self) -> int:
        return self.achieved + self.on_task + self.at_risk + self.unrated


@dataclass
class Dashboard:
    scope: Scope
    today: dt.date
    sections: list[tuple[Section, list[Card]]]
    plans: list[PlanSummary]
    ratings: list[RatingMonth]
    counted_at: dt.datetime

    @cached_property
    def ratings_chart(self) -> RatingsChart:
        return ratings_chart(self.ratings)


def _in_scope(series: Series, key: str, scope: Scope, month: dt.date) -> Tally | None:
    if scope.teams is None:
        return series.get((key, None), {}).get(month)
    found = [series.get((key, t), {}).get(month) for t in scope.teams]
    if all(t is None for t in found):
        return None
    total = NOTHING
    for tally in found:
        if tally is not None:
            total += tally
    return total


TeamCounts = dict[int | None, tuple[int, int]]


def live_by_team(measure: Measure, today: dt.date) -> tuple[TeamCounts, dt.datetime]:
    """This month's figures by team (numerator, denominator), and when they were counted:
    counted at most once every JOURNEY_LIVE_FIGURES_SECONDS, whoever asks and for whichever
    scope. Kept small (no worker breakdown) so reading it back costs next to nothing."""
    key = f"journey:live-figures:{measure.key}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        teams = registry.team_tallies(measure.groups(Window.month(today, today)))
        counts = {team: (t.numerator, t.denominator) for team, t in teams.items()}
        found = (counts, timezone.now())
        cache.set(key, found, settings.JOURNEY_LIVE_FIGURES_SECONDS)
    return found


def _live(counts: TeamCounts, scope: Scope) -> Tally:
    wanted = None if scope.teams is None else set(scope.teams)
    total = NOTHING
    for team, (numerator, denominator) in counts.items():
        if wanted is None or team in wanted:
            total += Tally(numerator, denominator)
    return total


def _row(measure: Measure, month: dt.date, tally: Tally | None) -> MeasureRow:
    value = tally.value(measure.unit) if tally else None
    return MeasureRow(month, tally, value, measure.format(value) if tally else "not counted")


def _targets(keys: list[str], scope: Scope) -> dict[str, Decimal]:
    """Targets from the plans: the council's, or one team's (a service has none of its own)."""
    if scope.teams is None:
        return measure_targets(keys, None)
    if len(scope.teams) == 1:
        return measure_targets(keys, scope.teams[0])
    return {}


def _card(
    measure: Measure,
    months: list[dt.date],
    series: Series,
    live: Tally,
    scope: Scope,
    target: Decimal | None,
) -> Card:
    rows = [_row(measure, m, _in_scope(series, measure.key, scope, m)) for m in months[:-1]]
    rows.append(_row(measure, months[-1], live))
    chart = trend_chart(
        measure,
        [(r.month, r.value, r.text, r.month == months[-1]) for r in rows],
        target,
    )
    return Card(measure, rows, target, chart, _table(measure, rows, scope))


def _table(measure: Measure, rows: list[MeasureRow], scope: Scope) -> list[CardRow]:
    behind = reverse("measure_behind", args=[measure.key])
    where = f"&{scope.query}" if scope.query else ""
    table = []
    for i, row in enumerate(rows):
        label = f"{row.month:%b %Y}" + (" so far" if i == len(rows) - 1 else "")
        href = f"{behind}?month={row.month:%Y-%m}{where}" if row.tally else ""
        table.append(CardRow(label, row.text, href, f"what was counted in {row.month:%B %Y}"))
    return table


def _ratings(months: list[dt.date], plans: list[PlanSummary]) -> list[RatingMonth]:
    stored = stored_ratings(months[:-1])
    rows = [
        RatingMonth(m, c.achieved, c.on_task, c.at_risk, c.unrated)
        for m, c in ((m, stored[m]) for m in months[:-1])
    ]
    now = RatingMonth(months[-1], 0, 0, 0, 0)
    for summary in plans:
        now.achieved += summary.counts.achieved
        now.on_task += summary.counts.on_task
        now.at_risk += summary.counts.at_risk
        now.unrated += summary.counts.unrated
    return [*rows, now]


def dashboard(scope: Scope, today: dt.date) -> Dashboard:
    months = months_to(today, MONTHS)
    chosen = [
        (section, [m for key in section.measures if (m := registry.get(key)) is not None])
        for section in SECTIONS
    ]
    keys = [m.key for _, measures in chosen for m in measures]
    series = stored_series(keys, months[:-1], scope.teams or False)
    targets = _targets(keys, scope)
    live = {m.key: live_by_team(m, today) for _, measures in chosen for m in measures}
    sections = [
        (
            section,
            [
                _card(m, months, series, _live(live[m.key][0], scope), scope, targets.get(m.key))
                for m in measures
            ],
        )
        for section, measures in chosen
        if measures
    ]
    plans = plan_list(today)
    counted_at = min((at for _, at in live.values()), default=timezone.now())
    return Dashboard(scope, today, sections, plans, _ratings(months, plans), counted_at)
