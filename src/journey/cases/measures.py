"""The measures of contacts, decisions and episodes: threshold decisions reviewed by a manager in
time, and step-ups to social care that were re-referrals. Also the pieces every measure of a
child's work shares: whether a piece of work was open on a day, and who held it that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from journey.cases.models import Episode, EpisodeKind, StepChange, ThresholdDecision
from journey.core.db import PlusDays
from journey.core.measures import Better, Measure, Unit, Window
from journey.core.working_days import add_working_days
from journey.workforce.models import Allocation

#: "Within 12 months" of a previous referral, in days: the measures page's re-referral window
#: (journey.reporting.measures.selectors.REREFERRAL_DAYS, the DfE's re-referral rate).
REREFERRAL_DAYS = 365

NO_WORKER = Value(None, output_field=IntegerField())


# --- shared by the measures of children's work ------------------------------------------------


def open_on(day: dt.date, path: str = "") -> Q:
    """Work open at the end of `day`: started by then and not ended by then (work ending that day
    is closed on it)."""
    return Q(**{f"{path}started_on__lte": day}) & (
        Q(**{f"{path}ended_on__isnull": True}) | Q(**{f"{path}ended_on__gt": day})
    )


def holder_on(day: Any, episode: str = "pk", kinds: str = "holding") -> Subquery:
    """The worker holding the work on `day` (a date or an expression over the outer row): its
    allocated worker, or Family Help's lead practitioner (kinds="holding"); or its lead
    professional (kinds="lead"). An allocation ending on a day no longer holds the work that day.
    """
    day = OuterRef(day) if isinstance(day, str) else day
    allocations = Allocation.objects.filter(episode=OuterRef(episode), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    if kinds == "lead":
        allocations = allocations.filter(kind=Allocation.Kind.LEAD_PROFESSIONAL)
    else:
        allocations = allocations.filter(
            Q(kind=Allocation.Kind.WORKER)
            | Q(kind=Allocation.Kind.LEAD_PROFESSIONAL, episode__kind=EpisodeKind.FAMILY_HELP)
        )
    latest = allocations.order_by("-started_on", "-pk").values("worker_id")[:1]
    return Subquery(latest, output_field=IntegerField())


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a local day, for counting date-times by the day they fell on."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def counted_if(condition: Q) -> Case:
    """1 for the rows where the condition holds, else 0: a share's numerator."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


# --- threshold decisions reviewed by a manager in time ----------------------------------------


def review_working_days() -> int:
    return int(settings.JOURNEY_MANAGER_REVIEW_WORKING_DAYS)


def _review_deadline(window: Window, days: int) -> Case:
    """For a decision made on each day of the month: the moment its review is late (the start of
    the day after its `days`-th working day)."""
    whens = []
    day = window.first
    while day < window.after:
        next_day = day + dt.timedelta(days=1)
        late_from = add_working_days(day, days) + dt.timedelta(days=1)
        whens.append(
            When(
                decided_at__gte=local_midnight(day),
                decided_at__lt=local_midnight(next_day),
                then=Value(local_midnight(late_from)),
            )
        )
        day = next_day
    return Case(*whens, output_field=DateTimeField())


def decisions_reviewed_items(window: Window) -> QuerySet[ThresholdDecision]:
    """Threshold decisions made in the month that a manager has reviewed, or whose time for a
    review has run out (decisions still inside it wait until it does)."""
    now = timezone.now()
    return (
        ThresholdDecision.objects.filter(
            decided_at__gte=local_midnight(window.first),
            decided_at__lt=local_midnight(window.after),
        )
        .annotate(review_late_from=_review_deadline(window, review_working_days()))
        .filter(Q(manager_decided_at__isnull=False) | Q(review_late_from__lte=now))
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("decided_by__team_id"),
            figure_worker=NO_WORKER,
            figure_count=counted_if(Q(manager_decided_at__lt=F("review_late_from"))),
            figure_on=TruncDate("decided_at"),
        )
    )


DECISIONS_REVIEWED_IN_TIME = Measure(
    key="decisions_reviewed_in_time",
    title="Threshold decisions reviewed by a manager in time",
    definition=(
        "Threshold decisions made at contacts in the month (the worker's level and next step "
        "for each child) that a manager agreed or changed within "
        f"{settings.JOURNEY_MANAGER_REVIEW_WORKING_DAYS} working days of the decision, out of "
        "the decisions made in the month that a manager has reviewed or whose time for a "
        "review has run out. Counted in the team of the worker who made the decision."
    ),
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Decisions and step changes",
    items=decisions_reviewed_items,
    counted="decisions reviewed in time",
    out_of="decisions made",
)


# --- step-ups that were re-referrals -------------------------------------------------------


def _referral_in_year_before() -> QuerySet[Episode]:
    """The child's social care referrals in the 12 months before a step-up's hand-over (the
    same rule as the measures page's re-referrals)."""
    return Episode.objects.filter(
        kind=EpisodeKind.SOCIAL_CARE,
        child_id=OuterRef("child_id"),
        started_on__lt=OuterRef("handover_on"),
        started_on__gte=PlusDays(OuterRef("handover_on"), -REREFERRAL_DAYS),
    )


def step_ups_items(window: Window) -> QuerySet[StepChange]:
    """Step-ups to social care handed over in the month, by the sending team."""
    return (
        StepChange.objects.filter(
            direction=StepChange.Direction.UP,
            to_kind=EpisodeKind.SOCIAL_CARE,
            status=StepChange.Status.HANDED_OVER,
            handover_on__gte=window.first,
            handover_on__lt=window.after,
        )
        .annotate(rereferred=Exists(_referral_in_year_before()))
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("from_episode__team_id"),
            figure_worker=NO_WORKER,
            figure_count=counted_if(Q(rereferred=True)),
            figure_on=F("handover_on"),
        )
    )


STEP_UPS_RE_REFERRED = Measure(
    key="step_ups_re_referred",
    title="Step-ups to social care within 12 months of a previous referral",
    definition=(
        "Children stepped up from early help to children's social care in the month who had "
        "already been referred to social care in the 12 months before (a re-referral, as on "
        "the measures page), out of all the children stepped up in the month. A high share "
        "suggests social care work closed or stepped down too soon. Counted in the early help "
        "team that stepped the child up."
    ),
    unit=Unit.PERCENT,
    better=Better.LOWER,
    theme="Decisions and step changes",
    items=step_ups_items,
    counted="step-ups that were re-referrals",
    out_of="step-ups to social care",
)

MEASURES = (DECISIONS_REVIEWED_IN_TIME, STEP_UPS_RE_REFERRED)
