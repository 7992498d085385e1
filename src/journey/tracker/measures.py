"""The tracker's measure: drift flags open per 100 open CAF cases at the end of each month."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from journey.cases.models import Episode, EpisodeKind
from journey.core.measures import Better, Measure, Unit, Window
from journey.tracker.models import DriftFlagSnapshot
from journey.tracker.rules import (
    DriftParams,
    facts,
    flag_count,
    lead_professional,
    since_annotations,
)
from journey.tracker.selectors import latest_snapshot


def _open_caf(day: dt.date) -> QuerySet[Episode]:
    return Episode.objects.filter(kind=EpisodeKind.EARLY_HELP_CAF, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def drift_items(window: Window) -> QuerySet[Episode]:
    """Open CAF cases at the latest drift snapshot of the month, each with its flags that day.
    A month with no snapshot (the nightly scan did not run) is read with the drift rules as the
    records stand now, evaluated for the month's last day."""
    taken_on = latest_snapshot(window.first, window.as_at)
    if taken_on is not None:
        flags = (
            DriftFlagSnapshot.objects.filter(taken_on=taken_on, episode=OuterRef("pk"))
            .order_by()
            .values("episode")
            .annotate(n=Count("pk"))
            .values("n")
        )
        episodes = _open_caf(taken_on)
        count: Expression = Coalesce(Subquery(flags, output_field=IntegerField()), 0)
        on = Value(taken_on)
    else:
        params = DriftParams.from_settings()
        episodes = (
            _open_caf(window.as_at)
            .annotate(**lead_professional())
            .annotate(**facts(window.as_at, params))
            .annotate(**since_annotations(params))
        )
        count = flag_count(window.as_at)
        on = Value(window.as_at)
    return episodes.annotate(
        figure_child=F("child_id"),
        figure_team=F("team_id"),
        figure_worker=Value(None, output_field=IntegerField()),
        figure_count=count,
        figure_on=on,
    )


DRIFT_PER_100 = Measure(
    key="drift_flags_per_100",
    title="Drift flags open per 100 CAF cases",
    definition="Drift flags raised on open CAF cases at the month's last drift scan, per 100 "
    "open CAF cases that day. Each flag says which rule raised it (the CAF tracker's rules).",
    unit=Unit.PER_100,
    better=Better.LOWER,
    theme="Drift",
    items=drift_items,
    counted="drift flags",
    out_of="open CAF cases",
)
