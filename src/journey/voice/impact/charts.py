"""The impact report's charts, drawn from its stored figures, so an issued report's charts
always show the numbers in its tables."""

from __future__ import annotations

from typing import Any

from journey.core.charts import BarChart, bar_chart


def charts(content: dict[str, Any]) -> dict[str, BarChart]:
    participation = content["participation"]
    activities = content["activities"]
    return {
        "participation": bar_chart(
            [(row["team"], (row["latest"] or 0,)) for row in participation["rows"]],
            ("Latest rung",),
        ),
        "activities": bar_chart(
            [(row["label"], (row["total"],)) for row in activities["rows"]],
            ("Young people taking part",),
        ),
        "ages": bar_chart(
            list(zip(activities["bands"], ((n,) for n in activities["band_totals"]), strict=True)),
            ("Young people taking part",),
        ),
    }
