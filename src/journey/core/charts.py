"""Geometry for simple horizontal bar charts drawn as SVG by the templates: one row a category,
one bar a series in each row (this year beside last year, say). The numbers are always in a table
beside the chart as well, so the chart never carries meaning the table does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480
LABEL = 170  # the row labels' column
VALUE = 36  # room for the figure after the longest bar
TOP = 6
BAR = 14
GAP = 10
KEY = 24
#: Colours that keep their contrast on white: GOV.UK blue, then dark grey, then green.
COLOURS = ("#1d70b8", "#505a5f", "#00703c", "#d4351c")


@dataclass(frozen=True)
class Bar:
    series: str
    value: int
    x: float
    y: float
    width: float
    colour: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class KeyItem:
    series: str
    colour: str
    x: float


@dataclass(frozen=True)
class BarChart:
    rows: list[Row]
    key: list[KeyItem]
    key_y: float
    height: float
    description: str
    width: int = WIDTH
    label_right: int = LABEL - 8
    bar_height: int = BAR


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str], most: int | None = None
) -> BarChart:
    """Rows of (label, one value per series), drawn as bars on one scale from nought to `most`
    (by default the largest value)."""
    plot = WIDTH - LABEL - VALUE
    most = most or max((v for _, values in rows for v in values), default=0) or 1
    row_height = BAR * len(series) + GAP
    drawn = []
    for i, (label, values) in enumerate(rows):
        top = TOP + i * row_height
        bars = []
        for k, (name, value) in enumerate(zip(series, values, strict=True)):
            y = top + k * BAR
            width = round(plot * value / most, 1)
            bars.append(
                Bar(
                    name,
                    value,
                    LABEL,
                    y,
                    width,
                    COLOURS[k % len(COLOURS)],
                    round(LABEL + width + 4, 1),
                    y + BAR - 2,
                )
            )
        drawn.append(Row(label, top + (BAR * len(series)) / 2 + 4, bars))
    key_y = TOP + len(rows) * row_height + 8
    key = [
        KeyItem(name, COLOURS[k % len(COLOURS)], LABEL + k * 120) for k, name in enumerate(series)
    ]
    return BarChart(drawn, key, key_y, key_y + KEY, _description(rows, series))


def _description(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str]) -> str:
    if not rows:
        return "Nothing to show."
    parts = []
    for label, values in rows:
        figures = ", ".join(f"{v} {name}" for name, v in zip(series, values, strict=True))
        parts.append(f"{label}: {figures}")
    return "; ".join(parts) + "."
