"""Geometry for the dashboard's month-by-month bar charts, drawn as SVG by the templates. Every
number a chart shows is also in the table beside it: the chart only makes the trend easy to see.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from journey.core.measures import Measure, Unit

WIDTH = 640
LEFT = 56
RIGHT = 8
TOP = 16
PLOT = 160
HEIGHT = TOP + PLOT + 40


@dataclass(frozen=True)
class Bar:
    month: dt.date
    text: str
    x: float
    y: float
    width: float
    height: float
    centre: float
    so_far: bool  # the month has not ended: drawn lighter

    @property
    def label(self) -> str:
        return f"{self.month:%b}"

    @property
    def title(self) -> str:
        return f"{self.month:%B %Y}{' so far' if self.so_far else ''}: {self.text}"


@dataclass(frozen=True)
class TrendChart:
    bars: list[Bar]
    ticks: list[tuple[str, float]]
    target_y: float | None
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = TOP + PLOT


def _top(measure: Measure, values: list[Decimal], target: Decimal | None) -> Decimal:
    """The axis's top: 100% for a share, otherwise four even steps of 1, 2, 2.5 or 5 (times a
    power of ten) clearing the highest figure; whole steps for a count."""
    if measure.unit == Unit.PERCENT:
        return Decimal(100)
    highest = float(max([*values, target or Decimal(0), Decimal(1)]))
    raw = highest * 1.1 / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(n * magnitude for n in (1, 2, 2.5, 5, 10) if n * magnitude >= raw)
    if measure.unit == Unit.COUNT:
        step = max(1, math.ceil(step))
    return Decimal(str(step)) * 4


def _tick(measure: Measure, value: Decimal) -> str:
    number = f"{value:.1f}".removesuffix(".0")
    return f"{number}%" if measure.unit == Unit.PERCENT else number


def _y(value: Decimal, top: Decimal) -> float:
    return round(TOP + PLOT * (1 - float(value / top)), 1)


def trend_chart(
    measure: Measure,
    months: list[tuple[dt.date, Decimal | None, str, bool]],
    target: Decimal | None,
) -> TrendChart:
    """Bars for (month, value, text, month-so-far) rows, oldest first, with the target marked."""
    values = [v for _, v, _, _ in months if v is not None]
    top = _top(measure, values, target)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bars = []
    for i, (month, value, text, so_far) in enumerate(months):
        y = _y(value, top) if value is not None else TOP + PLOT
        x = LEFT + i * slot + slot * 0.15
        bars.append(
            Bar(
                month,
                text,
                round(x, 1),
                y,
                round(slot * 0.7, 1),
                round(TOP + PLOT - y, 1),
                round(x + slot * 0.35, 1),
                so_far,
            )
        )
    ticks = [
        (measure.format(top * k / 4).replace(".0", ""), _y(top * k / 4, top)) for k in range(5)
    ]
    return TrendChart(
        bars,
        ticks,
        _y(target, top) if target is not None else None,
        _summary(measure, months, target),
    )


def _summary(
    measure: Measure,
    months: list[tuple[dt.date, Decimal | None, str, bool]],
    target: Decimal | None,
) -> str:
    known = [(m, v, t) for m, v, t, _ in months if v is not None]
    if not known:
        return f"{measure.title}: nothing counted in the last {len(months)} months."
    first, last = known[0], known[-1]
    parts = [
        f"{measure.title}, by month: {first[2]} in {first[0]:%B %Y}, {last[2]} in {last[0]:%B %Y}."
    ]
    if target is not None:
        parts.append(f"The target is {measure.format(target)}.")
    return " ".join(parts)


RATING_COLOURS = (
    ("achieved", "Achieved", "#00703c"),
    ("on_task", "On task", "#ffdd00"),
    ("at_risk", "At risk", "#d4351c"),
    ("unrated", "Not rated", "#b1b4b6"),
)
ROW = 22
LABEL = 70


@dataclass(frozen=True)
class Part:
    x: float
    width: float
    colour: str
    count: int
    name: str


@dataclass(frozen=True)
class RatingRow:
    month: dt.date
    y: float
    parts: list[Part]
    description: str


@dataclass(frozen=True)
class RatingsChart:
    rows: list[RatingRow]
    height: int
    width: int = WIDTH
    key_y: int = 0
    key: tuple = RATING_COLOURS


def ratings_chart(months: list) -> RatingsChart:
    """One stacked bar a month: how many actions were achieved, on task, at risk, not rated."""
    plot = WIDTH - LABEL - RIGHT
    most = max((m.total for m in months), default=0) or 1
    rows = []
    for i, month in enumerate(months):
        y = TOP + i * ROW
        x = float(LABEL)
        parts = []
        for field, name, colour in RATING_COLOURS:
            count = getattr(month, field)
            width = round(plot * count / most, 1)
            if count:
                parts.append(Part(round(x, 1), width, colour, count, name))
            x += width
        words = ", ".join(f"{p.count} {p.name.lower()}" for p in parts) or "no actions"
        rows.append(RatingRow(month.month, y, parts, f"{month.month:%B %Y}: {words}"))
    height = TOP + len(months) * ROW + 30
    return RatingsChart(rows, height, key_y=height - 10)
