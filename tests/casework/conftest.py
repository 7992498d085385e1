"""Fixtures for the early help pages: the CAF episode of the council's early help child, a
partner's lead professional on it, and a helper that holds a TAF meeting through the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases import services as case_services
from journey.casework.early_help import services as early_help
from journey.workforce.models import Allocation
from tests.factories import views_of

TODAY = timezone.localdate


@pytest.fixture
def practitioner(council):
    return council["practitioner"]


@pytest.fixture
def episode(eh_child):
    """Oscar's early help (CAF) episode, opened 60 days ago and held by the practitioner."""
    return eh_child.episodes.get()


@pytest.fixture
def external_lead(council, episode, practitioner):
    """The school's lead professional, named lead professional on Oscar's early help."""
    case_services.allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=practitioner.user,
    )
    return council["external_lead"]


def hold_taf(episode, by, *, actions: int = 3, held_on: dt.date | None = None, owner=None):
    """A TAF meeting held through the service, with `actions` actions due in a fortnight."""
    held_on = held_on or TODAY() - dt.timedelta(days=7)
    return early_help.hold_taf_meeting(
        episode,
        held_on=held_on,
        by=by.user,
        attendees=[early_help.AttendeeInput(name="Sam Pennington", role="Mum")],
        actions=[
            early_help.ActionInput(
                description=f"Action number {n + 1}",
                due_on=held_on + dt.timedelta(days=14),
                owner=owner or by,
            )
            for n in range(actions)
        ],
        views=views_of("I want mornings to be less shouty."),
    )
