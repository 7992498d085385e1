"""A hand-built council for the CIN census tests: one child whose record is clean and complete
(assessment with factors, CIN plan, section 47, conference, CP plan with a review), in the
2025 to 2026 collection (reference date 31 March 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.casework.models import Assessment, Meeting, Plan, PlanReview, Section47
from journey.people.models import PersonDisability
from journey.reporting.census.collection import Collection
from journey.reporting.census.rules import upn_check_letter
from tests.factories import make_child, make_episode

YEAR = 2026
COLLECTION = Collection(YEAR)


def valid_upn(body: str = "201251234567") -> str:
    return upn_check_letter("A" + body) + body


def day(month: int, d: int, year: int = 2025) -> dt.date:
    return dt.date(year, month, d)


@pytest.fixture
def clean_child(council):
    sw = council["social_worker"]
    child = make_child(
        sw,
        first_name="Clean",
        last_name="Record",
        date_of_birth=dt.date(2016, 5, 4),
        sex="F",
        ethnicity="WBRI",
        upn=valid_upn(),
    )
    PersonDisability.objects.create(person=child, code="NONE")
    episode = make_episode(child, sw, started_on=day(4, 10))
    user = sw.user
    Assessment.objects.create(
        episode=episode,
        kind=Assessment.Kind.SINGLE,
        started_on=day(4, 11),
        completed_on=day(5, 20),
        factors=["3A", "4B"],
        outcome=Assessment.Outcome.CIN_PLAN,
        recorded_by=user,
    )
    Plan.objects.create(
        episode=episode,
        kind=Plan.Kind.CIN,
        started_on=day(5, 20),
        ended_on=day(6, 30),
        recorded_by=user,
    )
    strategy = Meeting.objects.create(
        episode=episode, kind=Meeting.Kind.STRATEGY, held_on=day(6, 10), recorded_by=user
    )
    icpc = Meeting.objects.create(
        episode=episode, kind=Meeting.Kind.ICPC, held_on=day(6, 30), recorded_by=user
    )
    Section47.objects.create(
        episode=episode,
        strategy_discussion=strategy,
        strategy_on=day(6, 10),
        started_on=day(6, 10),
        icpc_target_on=day(7, 1),
        outcome=Section47.Outcome.ICPC,
        completed_on=day(6, 25),
        conference=icpc,
        recorded_by=user,
    )
    plan = Plan.objects.create(
        episode=episode,
        kind=Plan.Kind.CP,
        started_on=day(6, 30),
        initial_category="NEG",
        latest_category="NEG",
        conference=icpc,
        recorded_by=user,
    )
    PlanReview.objects.create(plan=plan, reviewed_on=day(9, 30), category="NEG", recorded_by=user)
    return child
