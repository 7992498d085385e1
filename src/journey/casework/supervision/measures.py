"""Supervision's measure: open work whose case supervision is within its interval at the month's
end, by the rule My work flags with (journey.casework.supervision.selectors.supervision_due)."""

from __future__ import annotations

from django.db.models import Case, DateField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from journey.cases.measures import counted_if, holder_on, open_on
from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Supervision
from journey.casework.supervision.selectors import interval_days
from journey.core.db import PlusDays
from journey.core.measures import Better, Measure, Unit, Window


def supervision_items(window: Window) -> QuerySet[Episode]:
    """Work open at the month's end, each with when its next case supervision was due as things
    stood then: the date the last supervision by then set, or its kind of work's interval after
    the last (or after the work opened, if never supervised)."""
    day = window.as_at
    latest = Supervision.objects.filter(
        episode=OuterRef("pk"), kind=Supervision.Kind.CASE_SUPERVISION, held_on__lte=day
    ).order_by("-held_on", "-pk")
    last_held = Subquery(latest.values("held_on")[:1], output_field=DateField())
    set_due = Subquery(latest.values("next_due_on")[:1], output_field=DateField())
    since = Coalesce(last_held, F("started_on"), output_field=DateField())
    by_interval = Case(
        *[
            When(kind=kind, then=PlusDays(since, interval_days(kind)))
            for kind in EpisodeKind.values
        ],
        output_field=DateField(),
    )
    return (
        Episode.objects.filter(open_on(day))
        .annotate(supervision_due_on=Coalesce(set_due, by_interval, output_field=DateField()))
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("team_id"),
            figure_worker=holder_on(Value(day, output_field=DateField())),
            figure_count=counted_if(Q(supervision_due_on__gte=day)),
            figure_on=Value(day, output_field=DateField()),
        )
    )


def _definition() -> str:
    intervals = "; ".join(
        f"{EpisodeKind(kind).label}, every {interval_days(kind)} days"
        for kind in EpisodeKind.values
    )
    return (
        "Open cases at the month's end whose case supervision was not overdue that day, out of "
        "all open cases. Supervision is due by the date the last one set, or else at the "
        f"council's interval after it (or after the work opened): {intervals}. The same rule "
        "flags supervision due on My work. Counted in the work's team and under its allocated "
        "worker (Family Help: its lead practitioner) that day."
    )


SUPERVISION_WITHIN_INTERVAL = Measure(
    key="supervision_within_interval",
    title="Cases supervised within the interval",
    definition=_definition(),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Supervision",
    items=supervision_items,
    counted="cases supervised in time",
    out_of="open cases",
    by_worker=True,
)
