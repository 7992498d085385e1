"""The demo's specialist disabled children's social worker: over their limit for months."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from journey.demo.caseloads import SPECIALIST_TITLE, seed_caseloads
from journey.workforce.caseloads.selectors import caseload_history
from journey.workforce.models import CaseloadLimit, Role
from tests.factories import TeamFactory, WorkerFactory
from tests.workforce.caseloads.conftest import social_care

pytestmark = pytest.mark.django_db


def test_the_specialist_takes_colleagues_work_and_stays_over_their_limit(council):
    team = TeamFactory(name="Children with Disabilities", service=council.sc_team.service)
    specialist = WorkerFactory(team=team, role=Role.SOCIAL_WORKER)
    colleague = WorkerFactory(team=team, role=Role.SOCIAL_WORKER)
    manager = WorkerFactory(team=team, role=Role.TEAM_MANAGER)
    for _ in range(10):
        social_care(manager, days=400, allocate_to=colleague)
    CaseloadLimit.objects.filter(role=Role.SOCIAL_WORKER).update(limit=3)
    assert seed_caseloads(as_of=timezone.localdate(), rng=random.Random(1)) == specialist
    specialist.refresh_from_db()
    assert specialist.job_title == SPECIALIST_TITLE
    months = caseload_history(specialist)
    assert months[-1][1].open_cases == 3 + 4  # moved until 4 over the limit of 3
    # Every piece moved 7 to 10 months ago: over the limit at each of the last six month ends.
    assert all(load.over_limit for _, load in months[-6:])
    assert not months[0][1].over_limit
