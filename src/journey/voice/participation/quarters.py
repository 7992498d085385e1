"""The council's quarters: April to June, July to September, October to December, January to
March. Participation is rated for a quarter; the impact report covers a run of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings


def target() -> int:
    """The rung every team should reach (the action plan's level 6), unless the council sets
    JOURNEY_PARTICIPATION_TARGET."""
    return int(getattr(settings, "JOURNEY_PARTICIPATION_TARGET", 6))


@dataclass(frozen=True, order=True)
class Quarter:
    starts_on: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        month = (day.month - 1) // 3 * 3 + 1
        return cls(dt.date(day.year, month, 1))

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """A quarter from its first day written as 2026-04-01; None if it is not one."""
        try:
            day = dt.date.fromisoformat(text)
        except (TypeError, ValueError):
            return None
        return cls(day) if day == cls.of(day).starts_on else None

    @property
    def ends_on(self) -> dt.date:
        return self.next.starts_on - dt.timedelta(days=1)

    @property
    def next(self) -> Quarter:
        year, month = self.starts_on.year, self.starts_on.month + 3
        if month > 12:
            year, month = year + 1, month - 12
        return Quarter(dt.date(year, month, 1))

    @property
    def before(self) -> Quarter:
        year, month = self.starts_on.year, self.starts_on.month - 3
        if month < 1:
            year, month = year - 1, month + 12
        return Quarter(dt.date(year, month, 1))

    @property
    def key(self) -> str:
        return self.starts_on.isoformat()

    @property
    def label(self) -> str:
        return f"{self.starts_on:%B} to {self.ends_on:%B %Y}"

    @property
    def short(self) -> str:
        return f"{self.starts_on:%b}–{self.ends_on:%b %Y}"

    def __str__(self) -> str:
        return self.label


def recent(today: dt.date, count: int) -> list[Quarter]:
    """The quarter under way and the `count - 1` before it, oldest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].before)
    return quarters[::-1]


def between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = [first]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next)
    return quarters
