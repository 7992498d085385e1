"""The annual complaints report's charts, drawn from its stored figures (so an issued report's
charts always show the numbers in its tables)."""

from __future__ import annotations

from django import template

from journey.core.charts import BarChart, bar_chart

register = template.Library()


@register.simple_tag
def year_chart(table: dict, label: str, previous_label: str) -> BarChart:
    """This year beside the year before, one row a line of the table."""
    rows = [(row["label"], (row["this"], row["last"])) for row in table["rows"]]
    return bar_chart(rows, (label, previous_label))
