"""The registry of measures computed from Journey's records (R10, R11).

A measure is one figure a manager or the scrutiny panel reads month by month ("TAF meetings
held within timescale", "unallocated open cases"). Each app that owns the records registers its
measures when it starts (AppConfig.ready), so later features add theirs to the same registry and
the improvement plans, the leadership dashboard and the scrutiny report read them all alike.

A measure is defined by one queryset, `items(window)`: the things it counts in a month (meetings,
cases, audits, workers), each annotated with

- ``figure_child``: the child it concerns (None for a measure about workers);
- ``figure_team`` and ``figure_worker``: where it is counted (the worker may be None);
- ``figure_count``: what it adds to the numerator (1 or 0 for a share; a number of flags, or of
  days waited, for a rate or an average; 1 for a plain count);
- ``figure_on``: the day it happened, or the day the state was read.

The figure is one aggregate query over that queryset grouped by team and worker, and the list of
children behind the figure is the same queryset filtered, so a list always holds exactly what its
figure counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db.models import Count, QuerySet, Sum

from journey.core.working_days import add_months


class Unit(StrEnum):
    PERCENT = "percent"  # numerator as a share of the denominator
    COUNT = "count"  # the numerator alone
    PER_100 = "per_100"  # numerator per 100 of the denominator
    DAYS = "days"  # numerator (days) over the denominator (things): an average in days
    AVERAGE = "average"  # numerator over the denominator, e.g. weighted cases per worker


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


FIELDS = ("figure_child", "figure_team", "figure_worker", "figure_count", "figure_on")


@dataclass(frozen=True)
class Window:
    """A month of figures: what happened from `first` up to (not including) `after`, and how
    things stood at the end of it (`as_at`: the month's last day, or today in the current month)."""

    first: dt.date
    after: dt.date

    @classmethod
    def month(cls, day: dt.date, today: dt.date | None = None) -> Window:
        """The calendar month of `day`; cut short at `today` if it has not ended yet."""
        first = day.replace(day=1)
        after = add_months(first, 1)
        if today is not None and today < after:
            after = max(first + dt.timedelta(days=1), today + dt.timedelta(days=1))
        return cls(first, after)

    @property
    def as_at(self) -> dt.date:
        return self.after - dt.timedelta(days=1)

    @property
    def is_whole_month(self) -> bool:
        return self.after == add_months(self.first, 1)

    def __str__(self) -> str:
        return f"{self.first:%B %Y}" if self.is_whole_month else f"{self.first:%B %Y} so far"


@dataclass(frozen=True)
class Tally:
    """A figure: what was counted and out of how many."""

    numerator: int
    denominator: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.numerator + other.numerator, self.denominator + other.denominator)

    def value(self, unit: Unit) -> Decimal | None:
        """The figure to one decimal place; None when there is nothing to divide by."""
        if unit == Unit.COUNT:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        scale = 100 if unit in (Unit.PERCENT, Unit.PER_100) else 1
        exact = Decimal(self.numerator * scale) / Decimal(self.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


NOTHING = Tally(0, 0)

#: (team id, worker id) -> the tally counted there. The worker is None where the measure is
#: not broken down by worker.
Groups = dict[tuple[int | None, int | None], Tally]


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    definition: str  # in words, for the reader: what is counted, out of what, when
    unit: Unit
    better: Better
    theme: str  # the dashboard section it belongs to, e.g. "Caseloads", "Early help"
    items: Callable[[Window], QuerySet]
    counted: str  # what the numerator counts, e.g. "meetings within timescale"
    out_of: str = ""  # what the denominator counts, e.g. "meetings held" ("" for a count)
    by_worker: bool = False  # a worker breakdown makes sense
    about_workers: bool = False  # the items are workers, not children's records
    # The items name the child they concern. False for records kept apart from the child's file
    # (complaints): what such a figure counted is listed by team and date only.
    names_children: bool = True

    def groups(self, window: Window) -> Groups:
        """The tally in each team (and worker): one aggregate query."""
        rows = (
            self.items(window)
            .values("figure_team", "figure_worker")
            .annotate(numerator=Sum("figure_count"), denominator=Count("*"))
            .order_by()
        )
        return _merged(rows, self.by_worker)

    def format(self, value: Decimal | None) -> str:
        if value is None:
            return "none to count"
        if self.unit == Unit.PERCENT:
            return f"{value}%"
        if self.unit == Unit.COUNT:
            return f"{value:,.0f}"
        if self.unit == Unit.DAYS:
            return f"{value} days"
        if self.unit == Unit.PER_100:
            return f"{value} per 100"
        return f"{value}"


def _merged(rows: Iterable[dict], by_worker: bool) -> Groups:
    """Rows that fall into the same (team, worker) once the worker is dropped, added together."""
    merged: Groups = {}
    for row in rows:
        key = (row["figure_team"], row["figure_worker"] if by_worker else None)
        tally = Tally(int(row["numerator"] or 0), int(row["denominator"]))
        merged[key] = merged.get(key, NOTHING) + tally
    return merged


def council_tally(groups: Groups) -> Tally:
    total = NOTHING
    for tally in groups.values():
        total += tally
    return total


def team_tallies(groups: Groups) -> dict[int | None, Tally]:
    teams: dict[int | None, Tally] = {}
    for (team, _worker), tally in groups.items():
        teams[team] = teams.get(team, NOTHING) + tally
    return teams


_REGISTRY: dict[str, Measure] = {}


def register(*measures: Measure) -> None:
    """Add measures to the registry (an app's AppConfig.ready). A key is registered once."""
    for measure in measures:
        existing = _REGISTRY.get(measure.key)
        if existing is not None and existing is not measure:
            raise ValueError(f"Two measures are registered as {measure.key!r}.")
        _REGISTRY[measure.key] = measure


def registered() -> list[Measure]:
    """Every measure, by theme then title."""
    return sorted(_REGISTRY.values(), key=lambda m: (m.theme, m.title))


def get(key: str) -> Measure | None:
    return _REGISTRY.get(key)
