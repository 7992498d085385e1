"""The measures page (R2, R3; issue 5): threshold outcomes, step changes and their hand-over,
step-downs that re-escalate, re-referrals and managers' changes to threshold levels.

Figures count over the whole council or one team, never only the children the viewer may see;
the lists of children behind each figure (reporting.children) name only visible children.

Each figure and its list start from the same queryset (`*_in` below), so a list holds exactly
the events its figure counts (the page reuses its figures for a few minutes and says when it
counted them; a list is read when it is opened). Each measure is one aggregate query grouped by
month (or by day, for hand-over times), so the page's query count does not grow with the data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from journey.cases.family_help.selectors import FamilyHelpMeasures, family_help_measures
from journey.cases.models import Episode, StepChange, ThresholdDecision, ThresholdLevel
from journey.casework.family_group.selectors import FamilyGroupMeasures, family_group_measures
from journey.core.db import DaysBetween, PlusDays

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PERIOD_CHOICES = (6, 12, 24)
DEFAULT_MONTHS = 12
#: "Within 6 months" of a step-down's hand-over, in days.
REESCALATION_DAYS = 182
#: "Within 12 months" of a previous referral, in days (DfE: re-referral within 12 months).
REREFERRAL_DAYS = 365
LEVELS: tuple[int, ...] = tuple(ThresholdLevel.values)
UP, DOWN = StepChange.Direction.UP, StepChange.Direction.DOWN
DIRECTIONS = (UP, DOWN)


# --- date arithmetic in the database, the same on PostgreSQL and SQLite ----------------------


def month_of(field_name: str) -> TruncMonth:
    """The first day of the (local) month of a date or date-time field, as a date."""
    return TruncMonth(field_name, output_field=DateField())


# --- the period and the scope ----------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class DateRange:
    """Whole days from `first` up to (not including) `after`."""

    first: dt.date
    after: dt.date

    @property
    def last(self) -> dt.date:
        return self.after - dt.timedelta(days=1)

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        return local_midnight(self.first), local_midnight(self.after)


@dataclass(frozen=True)
class Period(DateRange):
    """The calendar months ending with the current month."""

    months: int = DEFAULT_MONTHS
    today: dt.date = dt.date.min

    @classmethod
    def ending(cls, today: dt.date, months: int = DEFAULT_MONTHS) -> Period:
        after = add_months(today, 1)
        return cls(first=add_months(today, 1 - months), after=after, months=months, today=today)

    @property
    def month_starts(self) -> list[dt.date]:
        return [add_months(self.first, i) for i in range(self.months)]

    def month(self, start: dt.date) -> DateRange:
        return DateRange(start, add_months(start, 1))


@dataclass(frozen=True)
class Scope:
    """What the figures cover: a period and, optionally, one team."""

    period: Period
    team_id: int | None = None

    def team(self, field_name: str) -> Q:
        return Q(**{field_name: self.team_id}) if self.team_id else Q()


# --- the events each figure counts (shared by the figures and their lists) --------------------


def decisions_in(scope: Scope, within: DateRange) -> QuerySet[ThresholdDecision]:
    """Threshold decisions at contacts received in the range, by the deciding worker's team."""
    start, end = within.moments()
    return (
        ThresholdDecision.objects.filter(
            contact__received_at__gte=start, contact__received_at__lt=end
        )
        .filter(scope.team("decided_by__team_id"))
        .annotate(outcome_level=Coalesce("manager_level", "level"))
    )


REVIEWED = Q(manager_agreed__isnull=False)
LEVEL_CHANGED = Q(manager_agreed=False, manager_level__isnull=False) & ~Q(manager_level=F("level"))


class HandOverDays(TypedDict):
    """Days from the request (its local date) to the hand-over date."""

    days: int


def handed_over_in(
    scope: Scope, within: DateRange
) -> QuerySet[WithAnnotations[StepChange, HandOverDays]]:
    """Step changes handed over in the range, by the sending episode's team."""
    # StepChangeQuerySet's own methods are untyped (cases/models.py): say what they return.
    handed_over: QuerySet[StepChange] = StepChange.objects.handed_over()
    return (
        handed_over.filter(handover_on__gte=within.first, handover_on__lt=within.after)
        .filter(scope.team("from_episode__team_id"))
        .annotate(days=DaysBetween("handover_on", TruncDate("requested_at")))
    )


def declined_in(scope: Scope, within: DateRange) -> QuerySet[StepChange]:
    """Step change requests a manager declined in the range, by the sending episode's team."""
    start, end = within.moments()
    return StepChange.objects.filter(
        status=StepChange.Status.DECLINED, decided_at__gte=start, decided_at__lt=end
    ).filter(scope.team("from_episode__team_id"))


def social_care_after_handover() -> QuerySet[Episode]:
    """The child's social care starting after a step-down's hand-over, within 6 months."""
    return Episode.objects.social_care().filter(
        child_id=OuterRef("child_id"),
        started_on__gt=OuterRef("handover_on"),
        started_on__lte=PlusDays(OuterRef("handover_on"), REESCALATION_DAYS),
    )


def step_downs_in(scope: Scope, within: DateRange) -> QuerySet[StepChange]:
    """Step-downs handed over in the range; whether social care started again within 6 months,
    and whether that window is still open today."""
    window_opened = scope.period.today - dt.timedelta(days=REESCALATION_DAYS)
    return (
        handed_over_in(scope, within)
        .filter(direction=DOWN)
        .annotate(
            reescalated=Exists(social_care_after_handover()),
            window_open=Q(handover_on__gt=window_opened),
        )
    )


def previous_referral() -> QuerySet[Episode]:
    """The child's referrals in the 365 days before a referral."""
    return Episode.objects.social_care().filter(
        child_id=OuterRef("child_id"),
        started_on__lt=OuterRef("started_on"),
        started_on__gte=PlusDays(OuterRef("started_on"), -REREFERRAL_DAYS),
    )


def referrals_in(scope: Scope, within: DateRange) -> QuerySet[Episode]:
    """Social care episodes (referrals) started in the range, by episode team; a re-referral
    when the same child had a referral in the 365 days before."""
    # EpisodeQuerySet's own methods are untyped (cases/models.py): say what they return.
    social_care: QuerySet[Episode] = Episode.objects.social_care()
    return (
        social_care.filter(started_on__gte=within.first, started_on__lt=within.after)
        .filter(scope.team("team_id"))
        .annotate(rereferral=Exists(previous_referral()))
    )


# --- the figures -------------------------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class LevelMonth:
    month: dt.date
    by_level: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    @property
    def levels(self) -> list[tuple[int, int]]:
        return list(self.by_level.items())

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


@dataclass
class ThresholdOutcomes:
    months: list[LevelMonth]
    total: LevelMonth


def decision_counts(scope: Scope) -> list[Mapping[str, Any]]:
    """Decisions by month of the contact and final level (the manager's where they changed
    it), with how many a manager reviewed and changed the level of: one query for both the
    threshold outcomes and the managers' changes."""
    return list(
        decisions_in(scope, scope.period)
        .values(month=month_of("contact__received_at"), level_=F("outcome_level"))
        .annotate(
            decisions=Count("pk"),
            reviewed=Count("pk", filter=REVIEWED),
            changed=Count("pk", filter=LEVEL_CHANGED),
        )
        .order_by()
    )


def threshold_outcomes(
    scope: Scope, counts: Sequence[Mapping[str, Any]] | None = None
) -> ThresholdOutcomes:
    """Decisions per month of the contact, by final level."""
    months = {m: LevelMonth(m) for m in scope.period.month_starts}
    total = LevelMonth(scope.period.first)
    for row in decision_counts(scope) if counts is None else counts:
        months[row["month"]].by_level[row["level_"]] += row["decisions"]
        total.by_level[row["level_"]] += row["decisions"]
    return ThresholdOutcomes(list(months.values()), total)


@dataclass
class ReviewMonth:
    month: dt.date
    decisions: int = 0
    reviewed: int = 0
    changed: int = 0

    @property
    def percent_changed(self) -> int | None:
        return percent(self.changed, self.reviewed)

    def add(self, other: ReviewMonth) -> None:
        self.decisions += other.decisions
        self.reviewed += other.reviewed
        self.changed += other.changed


@dataclass
class ManagerChanges:
    months: list[ReviewMonth]
    total: ReviewMonth


def manager_changes(
    scope: Scope, counts: Sequence[Mapping[str, Any]] | None = None
) -> ManagerChanges:
    """Decisions reviewed by a manager, and those where the manager changed the level."""
    months = {m: ReviewMonth(m) for m in scope.period.month_starts}
    for row in decision_counts(scope) if counts is None else counts:
        months[row["month"]].add(
            ReviewMonth(row["month"], row["decisions"], row["reviewed"], row["changed"])
        )
    total = ReviewMonth(scope.period.first)
    for month in months.values():
        total.add(month)
    return ManagerChanges(list(months.values()), total)


@dataclass
class StepCounts:
    """Step changes handed over, and requests declined, by direction."""

    handed_over: Counter = field(default_factory=Counter)
    declined: Counter = field(default_factory=Counter)

    @property
    def up(self) -> int:
        return self.handed_over[UP]

    @property
    def down(self) -> int:
        return self.handed_over[DOWN]

    @property
    def up_declined(self) -> int:
        return self.declined[UP]

    @property
    def down_declined(self) -> int:
        return self.declined[DOWN]

    @property
    def declined_total(self) -> int:
        return self.declined.total()


@dataclass
class TeamSteps(StepCounts):
    team_id: int = 0
    name: str = ""


@dataclass
class MonthSteps(StepCounts):
    month: dt.date = dt.date.min


@dataclass
class StepChanges:
    months: list[MonthSteps]
    teams: list[TeamSteps]
    total: StepCounts


def _step_rows(queryset: QuerySet[StepChange], month_field: str) -> Iterable[Mapping[str, Any]]:
    return (
        queryset.values(
            "direction",
            month=month_of(month_field),
            team=F("from_episode__team_id"),
            team_name=F("from_episode__team__name"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )


def step_changes(scope: Scope) -> StepChanges:
    """Step-ups and step-downs handed over, and requests declined, by month and sending team."""
    months = {m: MonthSteps(month=m) for m in scope.period.month_starts}
    teams: dict[int, TeamSteps] = {}
    total = StepCounts()
    sources = (
        ("handed_over", _step_rows(handed_over_in(scope, scope.period), "handover_on")),
        ("declined", _step_rows(declined_in(scope, scope.period), "decided_at")),
    )
    for kind, rows in sources:
        for row in rows:
            team = teams.setdefault(
                row["team"], TeamSteps(team_id=row["team"], name=row["team_name"])
            )
            for counts in (months[row["month"]], team, total):
                getattr(counts, kind)[row["direction"]] += row["n"]
    return StepChanges(list(months.values()), sorted(teams.values(), key=lambda t: t.name), total)


@dataclass(frozen=True)
class HandoverTime:
    direction: str
    count: int
    median_days: float | None
    longest_days: int | None

    @property
    def label(self) -> str:
        return "Step-ups" if self.direction == UP else "Step-downs"


def median_of(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}."""
    count = sum(histogram.values())
    if not count:
        return None

    def value_at(position: int) -> int:
        seen = 0
        for value in sorted(histogram):
            seen += histogram[value]
            if seen > position:
                return value
        raise IndexError(position)

    return (value_at((count - 1) // 2) + value_at(count // 2)) / 2


def handover_times(scope: Scope) -> list[HandoverTime]:
    """Days from the request (its local date) to the hand-over date, for step changes handed
    over in the period: how many, the median and the longest, by direction."""
    rows = (
        handed_over_in(scope, scope.period)
        .values("direction", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for row in rows:
        histograms[row["direction"]][row["days"]] = row["n"]
    return [
        HandoverTime(
            direction=direction,
            count=sum(histograms[direction].values()),
            median_days=median_of(histograms[direction]),
            longest_days=max(histograms[direction], default=None),
        )
        for direction in DIRECTIONS
    ]


@dataclass
class ReescalationMonth:
    month: dt.date
    step_downs: int = 0
    reescalated: int = 0
    window_open: int = 0

    @property
    def percent_reescalated(self) -> int | None:
        return percent(self.reescalated, self.step_downs)

    def add(self, other: ReescalationMonth) -> None:
        self.step_downs += other.step_downs
        self.reescalated += other.reescalated
        self.window_open += other.window_open


@dataclass
class Reescalations:
    months: list[ReescalationMonth]
    total: ReescalationMonth


def reescalations(scope: Scope) -> Reescalations:
    """Step-downs handed over in the period and those followed by social care within 6 months."""
    rows = (
        step_downs_in(scope, scope.period)
        .values(month=month_of("handover_on"))
        .annotate(
            step_downs=Count("pk"),
            reescalated=Count("pk", filter=Q(reescalated=True)),
            window_open=Count("pk", filter=Q(window_open=True)),
        )
        .order_by()
    )
    months = {m: ReescalationMonth(m) for m in scope.period.month_starts}
    for row in rows:
        months[row["month"]] = ReescalationMonth(**row)
    total = ReescalationMonth(scope.period.first)
    for month in months.values():
        total.add(month)
    return Reescalations(list(months.values()), total)


@dataclass
class ReferralMonth:
    month: dt.date
    referrals: int = 0
    rereferrals: int = 0

    @property
    def percent_rereferred(self) -> int | None:
        return percent(self.rereferrals, self.referrals)

    def add(self, other: ReferralMonth) -> None:
        self.referrals += other.referrals
        self.rereferrals += other.rereferrals


@dataclass
class Rereferrals:
    months: list[ReferralMonth]
    total: ReferralMonth


def rereferrals(scope: Scope) -> Rereferrals:
    """Referrals (social care episodes) started in the period, and those within 12 months of the
    child's previous referral."""
    rows = (
        referrals_in(scope, scope.period)
        .values(month=month_of("started_on"))
        .annotate(referrals=Count("pk"), rereferrals=Count("pk", filter=Q(rereferral=True)))
        .order_by()
    )
    months = {m: ReferralMonth(m) for m in scope.period.month_starts}
    for row in rows:
        months[row["month"]] = ReferralMonth(**row)
    total = ReferralMonth(scope.period.first)
    for month in months.values():
        total.add(month)
    return Rereferrals(list(months.values()), total)


@dataclass
class Measures:
    scope: Scope
    outcomes: ThresholdOutcomes
    steps: StepChanges
    handover: list[HandoverTime]
    reescalations: Reescalations
    rereferrals: Rereferrals
    manager_changes: ManagerChanges


def measures(scope: Scope) -> Measures:
    """Every figure on the page: six aggregate queries whatever the data."""
    counts = decision_counts(scope)
    return Measures(
        scope=scope,
        outcomes=threshold_outcomes(scope, counts),
        steps=step_changes(scope),
        handover=handover_times(scope),
        reescalations=reescalations(scope),
        rereferrals=rereferrals(scope),
        manager_changes=manager_changes(scope, counts),
    )


@dataclass
class CountedMeasures:
    """Everything the measures page shows, and when it was counted."""

    measures: Measures
    family_group: FamilyGroupMeasures
    family_help: FamilyHelpMeasures
    counted_at: dt.datetime


def counted_measures(scope: Scope) -> CountedMeasures:
    """The page's figures for this scope, counted at most once every
    JOURNEY_LIVE_FIGURES_SECONDS whoever asks: at national size a year of the whole council is
    several hundred thousand events, too many to count again for every view."""
    team = scope.team_id or "all"
    key = f"journey:measures:{team}:{scope.period.months}:{scope.period.today.isoformat()}"
    found = cache.get(key)
    if found is None:
        first, after = scope.period.first, scope.period.after
        found = CountedMeasures(
            measures=measures(scope),
            family_group=family_group_measures(first, after, scope.team_id),
            family_help=family_help_measures(first, after, scope.team_id),
            counted_at=timezone.now(),
        )
        cache.set(key, found, settings.JOURNEY_LIVE_FIGURES_SECONDS)
    return found
