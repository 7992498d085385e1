"""An action's RAG from the evidence: the rules of issue 16, as plain arithmetic.

- Achieved: the target is met in the last full month.
- On task: a straight line through the last six full months' figures reaches the target by the
  action's date.
- At risk of not achieving: otherwise (including when there are too few figures to draw a line,
  or the date has passed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from journey.core.measures import Better
from journey.core.working_days import add_months
from journey.improvement.models import Rag

TREND_MONTHS = 6


@dataclass(frozen=True)
class Point:
    month: dt.date  # the month's first day
    value: Decimal | None


@dataclass(frozen=True)
class Rating:
    rag: str
    reason: str
    latest: Point | None = None
    projected: Decimal | None = None

    @property
    def label(self) -> str:
        return Rag(self.rag).label


def month_number(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def meets(value: Decimal, target: Decimal, better: Better) -> bool:
    return value >= target if better == Better.HIGHER else value <= target


def last_full_month(today: dt.date) -> dt.date:
    return add_months(today.replace(day=1), -1)


def trend_months(today: dt.date) -> list[dt.date]:
    """The six full months ending with the last one, oldest first."""
    last = last_full_month(today)
    return [add_months(last, -back) for back in range(TREND_MONTHS - 1, -1, -1)]


def projection(points: Sequence[Point], month: dt.date) -> Decimal | None:
    """The least-squares straight line through the points with figures, read at `month`; None
    with fewer than two figures."""
    known = [(Decimal(month_number(p.month)), p.value) for p in points if p.value is not None]
    if len(known) < 2:
        return None
    n = Decimal(len(known))
    mean_x = sum((x for x, _ in known), Decimal(0)) / n
    mean_y = sum((y for _, y in known), Decimal(0)) / n
    spread = sum(((x - mean_x) ** 2 for x, _ in known), Decimal(0))
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in known), Decimal(0)) / spread
    value = mean_y + slope * (Decimal(month_number(month)) - mean_x)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate(
    points: Sequence[Point],
    *,
    target: Decimal,
    target_by: dt.date,
    better: Better,
    today: dt.date,
    describe: Callable[[Decimal], str] = str,
) -> Rating:
    """Rate an action from its measure's figures for the six full months before `today` (oldest
    first; a month with nothing counted has value None). `describe` formats a figure."""
    by_month = {p.month: p for p in points}
    months = trend_months(today)
    window = [by_month.get(m, Point(m, None)) for m in months]
    latest = window[-1]
    aim = f"the target of {describe(target)} by {target_by:%-d %B %Y}"
    if latest.value is not None and meets(latest.value, target, better):
        return Rating(
            Rag.ACHIEVED, f"{latest.month:%B %Y}: {describe(latest.value)}, meeting {aim}.", latest
        )
    now = (
        f"{latest.month:%B %Y}: {describe(latest.value)}"
        if latest.value is not None
        else f"{latest.month:%B %Y}: nothing to count"
    )
    if target_by < add_months(latest.month, 1):
        return Rating(Rag.AT_RISK, f"{now}; {aim} has passed without it being met.", latest)
    projected = projection(window, target_by.replace(day=1))
    if projected is None:
        return Rating(
            Rag.AT_RISK,
            f"{now}; too few monthly figures in the last {TREND_MONTHS} months to show a trend "
            f"towards {aim}.",
            latest,
        )
    line = f"the trend of the last {TREND_MONTHS} months reaches {describe(projected)}"
    if meets(projected, target, better):
        return Rating(Rag.ON_TASK, f"{now}; {line}, meeting {aim}.", latest, projected)
    return Rating(Rag.AT_RISK, f"{now}; {line}, short of {aim}.", latest, projected)
