"""Distance travelled: plain arithmetic on a child's measures, tested on its own.

A child's change on a scale is their latest score on it minus their first, over the measures
that scored that scale (scales are matched by key, so a tool's new version carries on the same
scale). A child improved when their changes add up to more than nothing, got worse when to less,
and stayed the same when to nothing; a child with no scale measured twice has no distance yet.
Measures on the same day are taken in the order they were recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"

    @property
    def label(self) -> str:
        return {"improved": "Improved", "same": "Stayed the same", "worse": "Got worse"}[self]


@dataclass(frozen=True)
class Scored:
    """One measurement, reduced to what the arithmetic needs."""

    measured_on: dt.date
    recorded_at: dt.datetime
    pk: int
    values: dict[str, int]  # scale key -> score

    @property
    def order(self) -> tuple[dt.date, dt.datetime, int]:
        return (self.measured_on, self.recorded_at, self.pk)


def ends(measures: Iterable[Scored]) -> dict[str, tuple[int, int]]:
    """Per scale key, the first score and the latest: only scales scored at least twice."""
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    times: dict[str, int] = {}
    for measure in sorted(measures, key=lambda m: m.order):
        for key, value in measure.values.items():
            first.setdefault(key, value)
            latest[key] = value
            times[key] = times.get(key, 0) + 1
    return {key: (first[key], latest[key]) for key in first if times[key] > 1}


def changes(measures: Iterable[Scored]) -> dict[str, int]:
    """Per scale key, the latest score minus the first: only scales scored at least twice."""
    return {key: latest - first for key, (first, latest) in ends(measures).items()}


def direction(changed: dict[str, int]) -> Direction | None:
    if not changed:
        return None
    total = sum(changed.values())
    if total > 0:
        return Direction.IMPROVED
    if total < 0:
        return Direction.WORSE
    return Direction.SAME


@dataclass(frozen=True)
class Cohort:
    """A group of children's work (a team, a kind of work, a period, a closure reason)."""

    children: int  # pieces of work in the cohort
    measured: int  # of them, measured at least once ("use")
    improved: int
    same: int
    worse: int
    suppressed: bool  # too few children to show without identifying them

    @property
    def travelled(self) -> int:
        return self.improved + self.same + self.worse

    def share(self, count: int, out_of: int) -> int | None:
        """A whole percentage, or None when suppressed or nothing to divide by."""
        if self.suppressed or not out_of:
            return None
        return round(100 * count / out_of)

    @property
    def use(self) -> int | None:
        return self.share(self.measured, self.children)


def cohort(directions: Sequence[Direction | None], measured: int, minimum: int) -> Cohort:
    """`directions` has one entry for each piece of work in the cohort (None: no distance yet);
    `measured` counts those measured at all. Fewer than `minimum` pieces of work are suppressed:
    the counts are kept for the arithmetic, but shares are not shown."""
    return Cohort(
        children=len(directions),
        measured=measured,
        improved=sum(d == Direction.IMPROVED for d in directions),
        same=sum(d == Direction.SAME for d in directions),
        worse=sum(d == Direction.WORSE for d in directions),
        suppressed=len(directions) < minimum,
    )
