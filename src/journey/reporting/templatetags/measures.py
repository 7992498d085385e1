"""`{% figure_link %}`: a figure on the measures page, linked to the children behind it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from journey.reporting.measures.children import FIGURES

register = template.Library()


def number(value: float | int | None) -> str:
    """21 or 21.5; a dash when there is nothing to show."""
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _described(figure: str, month: dt.date | None, level: int | None, direction: str) -> str:
    parts = [FIGURES[figure].title.lower()]
    if direction:
        parts.append("step-ups" if direction == "up" else "step-downs")
    if level:
        parts.append(f"level {level}")
    parts.append(f"{month:%B %Y}" if month else "whole period")
    return ", ".join(parts)


@register.simple_tag(takes_context=True)
def figure_link(
    context: template.Context,
    value: float | int | None,
    figure: str,
    month: dt.date | None = None,
    level: int | None = None,
    direction: str = "",
    sort: str = "",
    team: int | None = None,
) -> SafeString | str:
    """The value, linked to the list of children behind it; a zero or a dash stays plain text."""
    if not value:
        return number(value)
    params = {**context["figure_params"], "figure": figure}
    params.update(
        (k, v)
        for k, v in {
            "month": f"{month:%Y-%m}" if month else "",
            "level": level or "",
            "direction": direction,
            "sort": sort,
            "team": str(team or ""),
        }.items()
        if v
    )
    if "figure_url" not in context:  # reversed once per page, not once per figure
        context.dicts[0]["figure_url"] = reverse("measure_children")
    return format_html(
        '<a class="govuk-link" href="{}?{}">{}<span class="govuk-visually-hidden"> ({})</span></a>',
        context["figure_url"],
        urlencode(params),
        number(value),
        _described(figure, month, level, direction),
    )


@register.filter
def days(value: float | int | None) -> str:
    return number(value)


@register.filter
def rate(value: int | None) -> str:
    return "–" if value is None else f"{value}%"
