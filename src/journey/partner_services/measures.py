"""Partner services' measures: how long children wait from referral to their first appointment
(all services, and each kind of service), the escalations raised when a service does not
engage, and the referrals still waiting at the month's end.

A wait is counted as the partner services page counts it: from the date referred to the first
appointment. A referral is counted in the team holding the child's work on the day it was made
(the latest-started of the child's episodes open that day), or, with no work open, the team of
the worker who made it; an escalation, likewise, on the day it was raised.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from django.db.models import (
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from journey.cases.models import Episode
from journey.core.db import DaysBetween
from journey.core.measures import Better, Measure, Unit, Window
from journey.partner_services.models import Escalation, PartnerService, Referral
from journey.workforce.models import Worker

if TYPE_CHECKING:
    pass

THEME = "Partner services"
Kind = PartnerService.Kind


def _team_on(child: str, day: str, worker_user: str) -> Coalesce:
    """The team holding the child's work on the day, else the team of the worker who recorded."""
    holding = (
        Episode.objects.filter(child_id=OuterRef(child), started_on__lte=OuterRef(day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef(day)))
        .order_by("-started_on", "-pk")
        .values("team_id")[:1]
    )
    recorder = Worker.objects.filter(user_id=OuterRef(worker_user)).values("team_id")[:1]
    return Coalesce(
        Subquery(holding, output_field=IntegerField()),
        Subquery(recorder, output_field=IntegerField()),
    )


def _no_worker() -> Value:
    return Value(None, output_field=IntegerField())


def waits_ended(window: Window, kind: str | None = None) -> QuerySet[Referral]:
    """Referrals whose child had their first appointment in the month, each with the days
    waited since the referral."""
    referrals = Referral.objects.filter(
        first_appointment_on__gte=window.first, first_appointment_on__lt=window.after
    )
    if kind is not None:
        referrals = referrals.filter(service__kind=kind)
    return referrals.annotate(
        figure_child=F("child_id"),
        figure_team=_team_on("child_id", "referred_on", "referred_by_id"),
        figure_worker=_no_worker(),
        figure_count=DaysBetween("first_appointment_on", "referred_on"),
        figure_on=F("first_appointment_on"),
    )


def escalations_raised(window: Window) -> QuerySet[Escalation]:
    """Each step of an escalation trail raised in the month."""
    return Escalation.objects.filter(
        escalated_on__gte=window.first, escalated_on__lt=window.after
    ).annotate(
        figure_child=F("referral__child_id"),
        figure_team=_team_on("referral__child_id", "escalated_on", "recorded_by_id"),
        figure_worker=_no_worker(),
        figure_count=Value(1, output_field=IntegerField()),
        figure_on=F("escalated_on"),
    )


def _after(field: str, day: dt.date) -> Q:
    """Not (yet) happened on the day: no date, or a later one."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})


def waiting_at(window: Window) -> QuerySet[Referral]:
    """Referrals still waiting at the month's end, as the dates recorded say they stood then:
    referred by that day, and not yet seen, declined, withdrawn or closed with an outcome."""
    day = window.as_at
    declined_by_then = Q(response=Referral.Response.DECLINED, responded_on__lte=day)
    return (
        Referral.objects.filter(referred_on__lte=day)
        .filter(_after("first_appointment_on", day), _after("withdrawn_on", day))
        .filter(_after("outcome_on", day))
        .exclude(declined_by_then)
        .annotate(
            figure_child=F("child_id"),
            figure_team=_team_on("child_id", "referred_on", "referred_by_id"),
            figure_worker=_no_worker(),
            figure_count=Value(1, output_field=IntegerField()),
            figure_on=Value(day),
        )
    )


WAITING_DAYS = Measure(
    key="partner_service_waiting_days",
    title="Average wait for a first appointment with a partner service",
    definition="For the children whose first appointment with a partner service (such as child "
    "and adolescent mental health) was in the month, the average number of days from the date "
    "they were referred to that appointment. Counted in the team holding the child's work when "
    "the referral was made.",
    unit=Unit.DAYS,
    better=Better.LOWER,
    theme=THEME,
    items=waits_ended,
    counted="days waited",
    out_of="first appointments",
)


def _kind_waiting_days(kind: Kind) -> Measure:
    return Measure(
        key=f"partner_service_waiting_days_{kind.value}",
        title=f"Average wait for a first appointment: {kind.label}",
        definition=f"For the children whose first appointment with a {kind.label} service was "
        "in the month, the average number of days from the date they were referred to that "
        "appointment. Counted in the team holding the child's work when the referral was made.",
        unit=Unit.DAYS,
        better=Better.LOWER,
        theme=THEME,
        items=partial(waits_ended, kind=kind.value),
        counted="days waited",
        out_of="first appointments",
    )


WAITING_DAYS_BY_KIND = tuple(_kind_waiting_days(kind) for kind in Kind)

ESCALATIONS = Measure(
    key="partner_service_escalations",
    title="Escalations to partner services",
    definition="The number of escalations raised in the month when a partner service did not "
    "engage with a referral: each step of a trail (to a manager, a head of service, the "
    "designated lead) counts once. Counted in the team holding the child's work that day.",
    unit=Unit.COUNT,
    better=Better.LOWER,
    theme=THEME,
    items=escalations_raised,
    counted="escalations raised",
)

REFERRALS_WAITING = Measure(
    key="partner_referrals_waiting",
    title="Children waiting for a partner service",
    definition="The number of referrals to partner services still waiting at the end of the "
    "month: referred, and not yet seen for a first appointment, declined, withdrawn or closed. "
    "Counted in the team holding the child's work when the referral was made.",
    unit=Unit.COUNT,
    better=Better.LOWER,
    theme=THEME,
    items=waiting_at,
    counted="referrals waiting",
)

MEASURES = (WAITING_DAYS, *WAITING_DAYS_BY_KIND, ESCALATIONS, REFERRALS_WAITING)
