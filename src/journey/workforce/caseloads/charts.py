"""Geometry for the server-drawn SVG of a worker's caseload month by month (the pattern of
quality/charts.py): the template draws the shapes, and the same figures are in the table beside
it, so the chart carries nothing the table does not."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from journey.core.measures import Window
from journey.workforce.caseloads.selectors import Caseload

WIDTH = 960
PLOT_TOP = 20
PLOT_HEIGHT = 220
LEFT = 50
RIGHT = 10


@dataclass(frozen=True)
class Bar:
    window: Window
    caseload: Caseload
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    short_label: str

    @property
    def description(self) -> str:
        load = self.caseload
        against = f", limit {load.limit}" if load.limit is not None else ""
        over = " (over the limit)" if load.over_limit else ""
        return f"{self.window.as_at:%-d %B %Y}: weighted {load.weighted_text}{against}{over}"


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    ticks: list[tuple[int, float]]
    limit_y: float | None
    summary: str
    plot_bottom: int = PLOT_TOP + PLOT_HEIGHT


def _scale_top(months: list[tuple[Window, Caseload]]) -> int:
    """The axis' top: a round number above the highest caseload and the limit."""
    highest = max([float(c.weighted) for _, c in months] + [float(c.limit or 0) for _, c in months])
    step = 5 if highest <= 30 else 10
    return max(step, int(math.ceil((highest + 1) / step) * step))


def summary(name: str, months: list[tuple[Window, Caseload]]) -> str:
    over = [w for w, c in months if c.over_limit]
    first, last = months[0], months[-1]
    parts = [
        f"{name}'s weighted caseload at the end of each month, from "
        f"{first[0].first:%B %Y} to {last[0].first:%B %Y}: {first[1].weighted_text} then, "
        f"{last[1].weighted_text} now."
    ]
    if last[1].limit is not None:
        parts.append(f"Their limit is {last[1].limit}.")
        parts.append(
            f"Over the limit at the end of {len(over)} of the {len(months)} months."
            if over
            else "Within the limit every month."
        )
    return " ".join(parts)


def caseload_chart(name: str, months: list[tuple[Window, Caseload]]) -> Chart:
    """Vertical bars, one a month, with the limit drawn across as a dashed line."""
    top = _scale_top(months)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)

    def y(value: Decimal | int) -> float:
        return round(PLOT_TOP + PLOT_HEIGHT * (1 - float(value) / top), 1)

    bars = []
    for i, (window, load) in enumerate(months):
        x = LEFT + i * slot + slot * 0.15
        width = slot * 0.7
        bar_y = y(load.weighted)
        bars.append(
            Bar(
                window=window,
                caseload=load,
                x=round(x, 1),
                y=bar_y,
                width=round(width, 1),
                height=round(PLOT_TOP + PLOT_HEIGHT - bar_y, 1),
                label_x=round(x + width / 2, 1),
                label_y=round(bar_y - 6, 1),
                short_label=f"{window.first:%b %y}",
            )
        )
    step = top // 5
    limit = months[-1][1].limit if months else None
    return Chart(
        bars=bars,
        width=WIDTH,
        height=PLOT_TOP + PLOT_HEIGHT + 50,
        ticks=[(t, y(t)) for t in range(0, top + 1, step)],
        limit_y=y(limit) if limit is not None and limit <= top else None,
        summary=summary(name, months),
    )
