"""Early help's measures: TAF meetings held within timescale, and early help plan actions overdue.

Both follow the CAF tracker's rules (journey.tracker.rules, and its settings): a TAF is due by the
date the last one set, or the set interval after it, or within the set number of days of the
work opening; an open action is overdue once its due date has passed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    CharField,
    DateField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from journey.cases.measures import NO_WORKER, counted_if, holder_on, open_on
from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import ActionProgress, Meeting, Plan, PlanAction
from journey.core.db import PlusDays
from journey.core.measures import Better, Measure, Unit, Window
from journey.tracker.rules import DriftParams

# --- TAF meetings held within timescale --------------------------------------------------------


def _tafs() -> QuerySet[Meeting]:
    return Meeting.objects.filter(episode=OuterRef("pk"), kind=Meeting.Kind.TAF)


def _next_due(tafs: QuerySet[Meeting], params: DriftParams) -> Coalesce:
    """When the TAF after the latest of `tafs` is due: the date that meeting set, or the interval
    after it; with no TAF before, within the first-TAF days of the work opening."""
    latest = (
        tafs.order_by("-held_on", "-pk")
        .annotate(due=Coalesce("next_due_on", PlusDays("held_on", params.taf_interval_days)))
        .values("due")[:1]
    )
    return Coalesce(
        Subquery(latest, output_field=DateField()),
        PlusDays("started_on", params.first_taf_days),
        output_field=DateField(),
    )


def taf_items(window: Window) -> QuerySet[Episode]:
    """One row for each TAF meeting held in the month (its CAF work joined to it), and one for each
    piece of CAF work open at the month's end whose TAF was overdue then with none held in the
    month. A meeting counts when it was held by the date it was due."""
    params = DriftParams.from_settings()
    held_in_month = FilteredRelation(
        "meetings",
        condition=Q(
            meetings__kind=Meeting.Kind.TAF,
            meetings__held_on__gte=window.first,
            meetings__held_on__lt=window.after,
        ),
    )
    before_this = Q(held_on__lt=OuterRef("taf_on")) | Q(
        held_on=OuterRef("taf_on"), pk__lt=OuterRef("taf_id")
    )
    return (
        Episode.objects.filter(kind=EpisodeKind.EARLY_HELP_CAF, started_on__lte=window.as_at)
        .annotate(taf=held_in_month)
        .annotate(taf_id=F("taf__id"), taf_on=F("taf__held_on"))
        .annotate(
            taf_due=_next_due(_tafs().filter(before_this), params),
            due_at_start=_next_due(_tafs().filter(held_on__lt=window.first), params),
        )
        .filter(
            Q(taf_id__isnull=False) | (open_on(window.as_at) & Q(due_at_start__lt=window.as_at))
        )
        .annotate(figure_on=Coalesce("taf_on", Value(window.as_at), output_field=DateField()))
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("team_id"),
            figure_worker=holder_on("figure_on", kinds="lead"),
            figure_count=counted_if(Q(taf_id__isnull=False, taf_on__lte=F("taf_due"))),
        )
    )


def _taf_definition() -> str:
    params = DriftParams.from_settings()
    return (
        "TAF meetings held in the month by the date they were due, out of the TAF meetings "
        "held in the month and the CAF cases whose TAF was overdue at the month's end with "
        "none held in the month. A TAF is due by the date set at the last one (or "
        f"{params.taf_interval_days} days after it if none was set); the first within "
        f"{params.first_taf_days} days of the early help opening: the CAF tracker's rule. "
        "Counted in the work's team and under its lead professional on the day."
    )


TAF_WITHIN_TIMESCALE = Measure(
    key="taf_within_timescale",
    title="TAF meetings held within timescale",
    definition=_taf_definition(),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Early help",
    items=taf_items,
    counted="TAF meetings within timescale",
    out_of="TAF meetings held or overdue",
    by_worker=True,
)


# --- early help actions overdue ----------------------------------------------------------------


def _status_on(day: dt.date) -> Coalesce:
    """An action's status at the end of `day`: as its latest progress note by then left it (every
    change of status is a dated progress note), or not started."""
    latest = (
        ActionProgress.objects.filter(action=OuterRef("pk"), noted_on__lte=day)
        .order_by("-noted_on", "-pk")
        .values("status_after")[:1]
    )
    return Coalesce(
        Subquery(latest, output_field=CharField()),
        Value(PlanAction.Status.NOT_STARTED),
        output_field=CharField(),
    )


def actions_overdue_items(window: Window) -> QuerySet[PlanAction]:
    """Early help plan actions open at the month's end, in work open then."""
    day = window.as_at
    return (
        PlanAction.objects.filter(
            plan__kind=Plan.Kind.EARLY_HELP,
            created_on__lte=day,
        )
        .filter(open_on(day, "plan__episode__"))
        .annotate(status_then=_status_on(day))
        .filter(status_then__in=PlanAction.OPEN)
        .annotate(
            figure_child=F("plan__episode__child_id"),
            figure_team=F("plan__episode__team_id"),
            figure_worker=NO_WORKER,
            figure_count=counted_if(Q(due_on__lt=day)),
            figure_on=Value(day, output_field=DateField()),
        )
    )


EARLY_HELP_ACTIONS_OVERDUE = Measure(
    key="early_help_actions_overdue",
    title="Early help actions overdue",
    definition=(
        "Actions on early help plans that were open (not started or in progress) at the month's "
        "end and past their due date then, out of all the actions open on early help plans that "
        "day. An action done or no longer needed only after the month ended still counts as "
        "open at its end. Counted in the team holding the early help."
    ),
    unit=Unit.PERCENT,
    better=Better.LOWER,
    theme="Early help",
    items=actions_overdue_items,
    counted="actions overdue",
    out_of="open actions",
)

MEASURES = (TAF_WITHIN_TIMESCALE, EARLY_HELP_ACTIONS_OVERDUE)
