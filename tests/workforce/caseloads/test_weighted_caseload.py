"""A worker's weighted caseload on any day, from the dated allocations and the plans open that
day: exact figures, and the hand-over refused on the weighted caseload."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from journey.cases import services as case_services
from journey.cases import stepping
from journey.cases.models import EpisodeKind
from journey.workforce.caseloads.selectors import caseload_of, caseloads, unallocated_on
from journey.workforce.models import Allocation, CaseloadWeight, Worker
from tests.cases.test_step_changes import accepted_step_up, hand_over_data  # noqa: F401
from tests.factories import WorkerFactory, make_child, make_episode
from tests.workforce.caseloads.conftest import (
    close,
    days_ago,
    end,
    hand_to,
    plan,
    social_care,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(council):
    """The social worker's year: work A stepped from assessment to a child in need plan to a
    child protection plan; B held until handed to a colleague 30 days ago; C closed 10 days ago."""
    sw, manager = council["social_worker"], council["team_manager"]
    a = social_care(manager, days=200, allocate_to=sw)
    cin = plan(a, "cin", days=150, by=manager)
    end(cin, days=100, by=manager)
    plan(a, "cp", days=100, by=manager)
    b = social_care(manager, days=120, allocate_to=sw)
    colleague = WorkerFactory(team=council.sc_team)
    hand_to(b, colleague, days=30, by=manager)
    c = social_care(manager, days=60, allocate_to=sw)
    close(c, days=10, by=manager)
    return sw


@pytest.mark.parametrize(
    ("days", "pieces", "weighted"),
    [
        (201, 0, "0"),  # before any of it
        (170, 1, "1"),  # A, assessment: 1
        (110, 2, "2"),  # A on a child in need plan (1) and B (1)
        (100, 2, "2.5"),  # the day the CP plan starts (and the CIN plan ends): 1.5 + 1
        (50, 3, "3.5"),  # A's CP plan 1.5, B 1, C 1
        (30, 2, "2.5"),  # the hand-over day: B is the colleague's
        (10, 1, "1.5"),  # C closed that day
        (0, 1, "1.5"),
    ],
)
def test_the_weighted_caseload_on_a_past_day_is_read_from_the_dated_records(
    history, days, pieces, weighted
):
    load = caseload_of(history, days_ago(days))
    assert (load.open_cases, load.weighted) == (pieces, Decimal(weighted))
    assert load.limit == 25


def test_single_agency_early_help_counts_less_than_a_child_protection_plan(council):
    practitioner, manager = council["practitioner"], council["team_manager"]
    for kind in (EpisodeKind.EARLY_HELP_SINGLE_AGENCY, EpisodeKind.EARLY_HELP_CAF):
        make_episode(make_child(practitioner), practitioner, kind=kind, allocate_to=practitioner)
    assert caseload_of(practitioner).weighted == Decimal("1.5")  # 0.5 + 1
    cp = social_care(manager, days=20, allocate_to=council["social_worker"])
    plan(cp, "cp", days=5, by=manager)
    assert caseload_of(council["social_worker"]).weighted == Decimal("1.5")


def test_work_held_both_as_worker_and_as_lead_professional_counts_once(council):
    practitioner = council["practitioner"]
    caf = make_episode(
        make_child(practitioner),
        practitioner,
        kind=EpisodeKind.EARLY_HELP_CAF,
        allocate_to=practitioner,
    )
    case_services.allocate(
        caf,
        worker=practitioner,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=caf.started_on,
        allocated_by=practitioner.user,
    )
    load = caseload_of(practitioner)
    assert (load.open_cases, load.weighted) == (1, Decimal("1"))


def test_the_councils_weights_and_a_workers_own_limit_decide(history):
    CaseloadWeight.objects.filter(kind="cp_plan").update(weight=Decimal("2.25"))
    history.caseload_limit = 2
    history.save()
    load = caseload_of(history)
    assert (load.weighted, load.limit, load.over_limit) == (Decimal("2.25"), 2, True)
    assert not load.has_capacity


def test_every_workers_caseload_is_one_query(council, history, django_assert_num_queries):
    for _ in range(3):
        social_care(
            council["team_manager"], days=5, allocate_to=WorkerFactory(team=council.sc_team)
        )
    with django_assert_num_queries(1):
        loads = caseloads(Worker.objects.all())
    assert loads[history.pk].weighted == Decimal("1.5")
    assert sum(load.open_cases for load in loads.values()) == 1 + 1 + 3


def test_open_work_nobody_holds_is_unallocated_from_when_its_holder_left(council):
    manager = council["team_manager"]
    never = social_care(manager, days=20)
    left = social_care(manager, days=90, allocate_to=council["social_worker"])
    Allocation.objects.filter(episode=left).update(ended_on=days_ago(40))  # the worker left
    social_care(manager, days=15, allocate_to=council["social_worker"])
    rows = {e.pk: e.unallocated_since for e in unallocated_on(days_ago(0))}
    assert rows == {never.pk: never.started_on, left.pk: days_ago(40)}
    # As it stood 50 days ago: held then, and the other not yet open.
    assert not unallocated_on(days_ago(50)).exists()


def test_a_hand_over_is_refused_on_the_weighted_caseload(council, accepted_step_up):  # noqa: F811
    receiver, manager = council["social_worker"], council["team_manager"]
    for _ in range(2):  # two pieces of work, each on a child protection plan: 1.5 + 1.5
        plan(social_care(manager, days=30, allocate_to=receiver), "cp", days=20, by=manager)
    receiver.caseload_limit = 3  # two pieces is below it; their weight is not
    receiver.save()
    with pytest.raises(ValidationError) as error:
        stepping.hand_over(accepted_step_up, hand_over_data(receiver), handed_over_by=manager)
    message = " ".join(error.value.message_dict["receiving_worker"])
    assert "already holds work weighted 3 (2 pieces of work), their limit of 3" in message
    receiver.caseload_limit = 4
    receiver.save()
    stepping.hand_over(accepted_step_up, hand_over_data(receiver), handed_over_by=manager)
    assert caseload_of(receiver).open_cases == 3
