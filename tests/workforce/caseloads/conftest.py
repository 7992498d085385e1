"""Caseload fixtures: the council's starting weights and limits, and dated work built through
the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from journey.cases import services as case_services
from journey.casework.services import start_plan
from journey.casework.statutory.services import end_plan
from journey.workforce.models import Allocation, CaseloadLimit, CaseloadWeight
from tests.factories import make_child, make_episode

WEIGHTS = {
    "eh_single": Decimal("0.5"),
    "eh_caf": Decimal("1"),
    "social_care": Decimal("1"),
    "cin_plan": Decimal("1"),
    "cp_plan": Decimal("1.5"),
    "family_help": Decimal("1"),
    "family_help_cin": Decimal("1"),
}
LIMITS = {"practitioner": 30, "social_worker": 25, "team_manager": 10, "external_lead": 30}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def rules(db):
    """The starting weights and limits (as the migration writes them), whatever ran before."""
    for kind, weight in WEIGHTS.items():
        CaseloadWeight.objects.update_or_create(kind=kind, defaults={"weight": weight})
    for role, limit in LIMITS.items():
        CaseloadLimit.objects.update_or_create(role=role, defaults={"limit": limit})


def social_care(worker, *, days: int, allocate_to=None, **child):
    """Social care opened `days` ago, allocated from that day."""
    return make_episode(
        make_child(worker, **child), worker, started_on=days_ago(days), allocate_to=allocate_to
    )


def plan(episode, kind: str, *, days: int, by):
    return start_plan(
        episode=episode,
        kind=kind,
        started_on=days_ago(days),
        recorded_by=by.user,
        initial_category="PHY" if kind == "cp" else "",
    )


def end(plan_, *, days: int, by):
    return end_plan(plan_, ended_on=days_ago(days), by=by.user, note="Progress made")


def hand_to(episode, worker, *, days: int, by):
    return case_services.allocate(
        episode,
        worker=worker,
        kind=Allocation.Kind.WORKER,
        started_on=days_ago(days),
        allocated_by=by.user,
    )


def close(episode, *, days: int, by):
    return case_services.close_episode(
        episode, ended_on=days_ago(days), reason="RC8", note="", closed_by=by.user
    )
