"""An improvement plan owned by the council's head of service, one area, and two actions: one
rated by its lead (the team manager), one tied to a test measure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import F, IntegerField, Q, Value
from django.utils import timezone

from journey.cases.models import Episode
from journey.core import measures as registry
from journey.core.measures import Better, Measure, Unit, Window
from journey.improvement import services
from journey.improvement.models import Action, Area, ImprovementPlan

TODAY = timezone.localdate()


def open_episodes(window: Window):
    """A measure for the tests: open episodes at the month's end, counted when allocated."""
    day = window.as_at
    return (
        Episode.objects.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .annotate(
            figure_child=F("child_id"),
            figure_team=F("team_id"),
            figure_worker=Value(None, output_field=IntegerField()),
            figure_count=Value(1, output_field=IntegerField()),
            figure_on=Value(day),
        )
    )


OPEN_CASES = Measure(
    key="test_open_cases",
    title="Open cases (test)",
    definition="Open episodes at the month's end.",
    unit=Unit.PERCENT,
    better=Better.HIGHER,
    theme="Tests",
    items=open_episodes,
    counted="open cases",
    out_of="cases",
)


@pytest.fixture
def test_measure(monkeypatch):
    """OPEN_CASES in the registry for one test."""
    monkeypatch.setitem(registry._REGISTRY, OPEN_CASES.key, OPEN_CASES)
    return OPEN_CASES


@dataclass
class PlanWorld:
    plan: ImprovementPlan
    area: Area
    rated: Action
    measured: Action


def action_input(council, **changes) -> services.ActionInput:
    values = {
        "action": "Audit the recording of supervision on case notes",
        "lead": council["team_manager"],
        "responsible_officer": council["head_of_service"],
        "evidence": "Audits show supervision recorded on every case",
        "due_on": TODAY + dt.timedelta(days=90),
    } | changes
    return services.ActionInput(**values)


@pytest.fixture
def world(council, test_measure) -> PlanWorld:
    hos = council["head_of_service"]
    plan = services.create_plan(
        services.PlanInput(
            title="Peer challenge action plan",
            source="peer_challenge",
            owner=hos,
            starts_on=TODAY - dt.timedelta(days=200),
            ends_on=TODAY + dt.timedelta(days=200),
            purpose="To answer the peer challenge's areas for development.",
        ),
        by=hos.user,
    )
    area = services.add_area(
        plan, services.AreaInput("Improve case recording and supervision"), by=hos.user
    )
    rated = services.add_action(area, action_input(council), by=hos.user)
    measured = services.add_action(
        area,
        action_input(
            council,
            action="Keep every case allocated",
            measure=OPEN_CASES.key,
            target=Decimal("90"),
            target_by=TODAY + dt.timedelta(days=120),
        ),
        by=hos.user,
    )
    return PlanWorld(plan, area, rated, measured)
