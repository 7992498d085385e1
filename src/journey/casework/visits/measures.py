"""Visits' measure: children on a child protection or child in need plan seen within the plan's
visiting standard at the month's end, by the rule My work flags with (visits.schedule: the next
visit is due the plan's number of working days after the last visit at which the child was seen,
or after the plan started)."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from journey.cases.measures import counted_if, holder_on, local_midnight, open_on
from journey.casework.models import CaseNote, Plan
from journey.casework.visits.schedule import LONGEST_INTERVAL, VISITED_PLANS, default_interval
from journey.core.measures import Better, Measure, Unit, Window
from journey.core.working_days import is_working_day


def working_days_before(day: dt.date, count: int) -> list[dt.date]:
    """The `count` working days before `day`, latest first."""
    found: list[dt.date] = []
    while len(found) < count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            found.append(day)
    return found


def _interval() -> Coalesce:
    """The plan's visiting standard in working days: its own, or the council's for its kind."""
    defaults = Case(
        *[When(kind=kind, then=Value(default_interval(kind))) for kind in VISITED_PLANS],
        output_field=IntegerField(),
    )
    return Coalesce("visit_every", defaults, output_field=IntegerField())


def visits_items(window: Window) -> QuerySet[Plan]:
    """Child protection and child in need plans open at the month's end. A child is seen in time
    when, counting back from that day, the plan's number of working days reaches no further back
    than the plan's start or the last finished visit at which they were seen: then the next visit
    was not yet overdue that day. The n-th working day before the month's end is the earliest
    such a day may be."""
    day = window.as_at
    longest = max([LONGEST_INTERVAL, *(default_interval(kind) or 0 for kind in VISITED_PLANS)])
    before = working_days_before(day, longest)
    earliest = Case(
        *[When(interval=n, then=Value(before[n - 1])) for n in range(1, longest + 1)],
        output_field=DateField(),
    )
    seen_since = CaseNote.objects.recorded().filter(
        episode=OuterRef("episode_id"),
        child_seen=True,
        kind__in=CaseNote.IN_PERSON,
        occurred_at__gte=OuterRef("earliest_moment"),
        occurred_at__lt=local_midnight(window.after),
    )
    moments = Case(
        *[
            When(interval=n, then=Value(local_midnight(before[n - 1])))
            for n in range(1, longest + 1)
        ],
        output_field=DateTimeField(),
    )
    return (
        Plan.objects.filter(open_on(day), open_on(day, "episode__"), kind__in=VISITED_PLANS)
        .annotate(interval=_interval())
        .annotate(earliest_seen=earliest, earliest_moment=moments)
        .annotate(
            figure_child=F("episode__child_id"),
            figure_team=F("episode__team_id"),
            figure_worker=holder_on(Value(day, output_field=DateField()), episode="episode_id"),
            figure_count=counted_if(Q(started_on__gte=F("earliest_seen")) | Q(Exists(seen_since))),
            figure_on=Value(day, output_field=DateField()),
        )
    )


def _definition() -> str:
    standards = "; ".join(
        f"{Plan.Kind(kind).label}, every {default_interval(kind)} working days"
        for kind in VISITED_PLANS
    )
    return (
        "Children on a child protection or child in need plan at the month's end whose next "
        "visit was not overdue that day: they were seen at a visit (or in direct work) within "
        "the plan's visiting standard, or the plan started within it. Out of all the children "
        "on such plans that day. The standard is the plan's own, or the council's: "
        f"{standards}. The same rule flags a visit overdue on My work. Counted in the work's "
        "team and under its allocated worker that day."
    )


VISITS_WITHIN_INTERVAL = Measure(
    key="visits_within_interval",
    title="Children on a plan seen within the visiting standard",
    definition=_definition(),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Visits",
    items=visits_items,
    counted="children seen in time",
    out_of="children on a plan",
    by_worker=True,
)
