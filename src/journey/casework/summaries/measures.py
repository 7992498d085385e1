"""Reflective case summaries' measure: open social care and Family Help work whose summary is up
to date at the month's end, by the rule My work flags with (summaries.selectors.next_summary_due:
the set number of months after the last summary, or after the work opened)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import DateField, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from journey.cases.measures import counted_if, holder_on, open_on
from journey.cases.models import STATUTORY_KINDS, Episode
from journey.casework.models import CaseSummary
from journey.core.measures import Better, Measure, Unit, Window
from journey.core.working_days import add_months


def earliest_current(day: dt.date, months: int) -> dt.date:
    """The earliest date a summary (or the work's start) may be from and still be up to date on
    `day`: the next is due `months` after it (core's add_months), overdue once that has passed."""
    one = dt.timedelta(days=1)
    earliest = add_months(day, -months)
    while add_months(earliest, months) < day:
        earliest += one
    while add_months(earliest - one, months) >= day:
        earliest -= one
    return earliest


def summaries_items(window: Window) -> QuerySet[Episode]:
    """Social care and Family Help work open at the month's end, with its last reflective summary
    written by then."""
    day = window.as_at
    last = (
        CaseSummary.objects.filter(episode=OuterRef("pk"), written_on__lte=day)
        .order_by()
        .values("episode")
        .annotate(last=Max("written_on"))
        .values("last")
    )
    since = Coalesce(
        Subquery(last, output_field=DateField()), "started_on", output_field=DateField()
    )
    cutoff = earliest_current(day, settings.JOURNEY_CASE_SUMMARY_MONTHS)
    return (
        Episode.objects.filter(open_on(day), kind__in=STATUTORY_KINDS)
        .annotate(summary_since=since)
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("team_id"),
            figure_worker=holder_on(Value(day, output_field=DateField())),
            figure_count=counted_if(Q(summary_since__gte=cutoff)),
            figure_on=Value(day, output_field=DateField()),
        )
    )


REFLECTIVE_SUMMARIES_CURRENT = Measure(
    key="reflective_summaries_current",
    title="Reflective case summaries up to date",
    definition=(
        "Open children's social care and Family Help cases at the month's end whose last "
        "reflective case summary was written within the last "
        f"{settings.JOURNEY_CASE_SUMMARY_MONTHS} months (or which opened less than that long "
        "ago), out of all those open cases. The same rule flags a summary due on My work. "
        "Counted in the work's team and under its allocated worker (Family Help: its lead "
        "practitioner) that day."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Supervision",
    items=summaries_items,
    counted="cases with a summary up to date",
    out_of="open cases",
    by_worker=True,
)
