"""The caseload measures: exact figures for a month from hand-built work, the month's last day
counted and the next month's first not, a past month read as it stood, the team and worker
breakdown, one query, and the tiny demo council."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.core.measures import Tally, Window, council_tally, get, team_tallies
from journey.core.working_days import add_months
from journey.people.models import Person
from journey.workforce.caseloads.measures import UNALLOCATED_OPEN_CASES, WORKERS_WITHIN_LIMIT
from journey.workforce.models import Allocation
from tests.factories import WorkerFactory, make_child, make_episode
from tests.workforce.caseloads.conftest import close, hand_to

pytestmark = pytest.mark.django_db

#: A month that has ended, with the first day of the month after it also past.
FIRST = add_months(timezone.localdate().replace(day=1), -2)
MONTH = Window.month(FIRST)
LAST_DAY = MONTH.as_at
NEXT_DAY = MONTH.after


def opened(worker, on: dt.date, allocate_to=None, kind=EpisodeKind.SOCIAL_CARE):
    child = make_child(worker)
    return make_episode(child, worker, kind=kind, started_on=on, allocate_to=allocate_to)


def test_the_measures_are_registered():
    assert get("unallocated_open_cases") is UNALLOCATED_OPEN_CASES
    assert get("workers_within_caseload_limit") is WORKERS_WITHIN_LIMIT
    assert WORKERS_WITHIN_LIMIT.about_workers and WORKERS_WITHIN_LIMIT.by_worker


def test_unallocated_open_cases_at_the_months_end(council, django_assert_num_queries):
    sw, manager, duty = (
        council["social_worker"],
        council["team_manager"],
        council["other_social_worker"],
    )
    before = FIRST - dt.timedelta(days=20)
    opened(manager, before)  # never allocated: counted
    later = opened(manager, before)  # allocated only on the next month's first day: counted
    hand_to(later, sw, days=(timezone.localdate() - NEXT_DAY).days, by=manager)
    left = opened(manager, before, allocate_to=sw)  # its worker left on the month's last day
    Allocation.objects.filter(episode=left).update(ended_on=LAST_DAY)
    opened(manager, NEXT_DAY)  # opened the next month: not counted
    opened(manager, before, allocate_to=sw)  # held: not counted
    restricted = opened(duty, before)  # another team, a restricted child: counted all the same
    Person.objects.filter(pk=restricted.child_id).update(is_restricted=True)
    closed = opened(manager, before)  # unallocated but closed on the month's last day
    close(closed, days=(timezone.localdate() - LAST_DAY).days, by=manager)
    with django_assert_num_queries(1):
        groups = UNALLOCATED_OPEN_CASES.groups(MONTH)
    teams = team_tallies(groups)
    assert teams == {council.sc_team.pk: Tally(3, 3), council.other_sc_team.pk: Tally(1, 1)}
    assert (
        UNALLOCATED_OPEN_CASES.format(council_tally(groups).value(UNALLOCATED_OPEN_CASES.unit))
        == "4"
    )
    items = UNALLOCATED_OPEN_CASES.items(MONTH)
    assert {row.figure_on for row in items} == {LAST_DAY}
    assert restricted.child_id in {row.figure_child for row in items}
    # This month (so far): the work allocated on the first day is held now.
    now = Window.month(timezone.localdate(), timezone.localdate())
    # never, left, restricted, and the one opened last month; `later` is held now.
    assert council_tally(UNALLOCATED_OPEN_CASES.groups(now)).numerator == 4


def test_workers_within_their_limit_at_the_months_end(council, django_assert_num_queries):
    sw, manager, duty = (
        council["social_worker"],
        council["team_manager"],
        council["other_social_worker"],
    )
    before = FIRST - dt.timedelta(days=20)
    # The social worker holds two pieces at the month's end, limit 2: within (2 is not over).
    opened(manager, before, allocate_to=sw)
    opened(manager, before, allocate_to=sw)
    sw.caseload_limit = 2
    sw.save()
    # A third handed to them on the next month's first day counts for its first holder.
    first_holder = WorkerFactory(team=council.sc_team)
    third = opened(manager, before, allocate_to=first_holder)
    hand_to(third, sw, days=(timezone.localdate() - NEXT_DAY).days, by=manager)
    # Duty's worker was over their limit of 1 at the month's end; one piece closed since.
    duty.caseload_limit = 1
    duty.save()
    opened(duty, before, allocate_to=duty)
    since = opened(duty, before, allocate_to=duty)
    close(since, days=(timezone.localdate() - NEXT_DAY).days, by=manager)
    # The practitioner holds nothing at the month's end: not counted at all.
    practitioner = council["practitioner"]
    opened(practitioner, NEXT_DAY, allocate_to=practitioner, kind=EpisodeKind.EARLY_HELP_CAF)
    with django_assert_num_queries(1):
        groups = WORKERS_WITHIN_LIMIT.groups(MONTH)
    assert groups == {
        (council.sc_team.pk, sw.pk): Tally(1, 1),
        (council.sc_team.pk, first_holder.pk): Tally(1, 1),
        (council.other_sc_team.pk, duty.pk): Tally(0, 1),
    }
    share = council_tally(groups).value(WORKERS_WITHIN_LIMIT.unit)
    assert WORKERS_WITHIN_LIMIT.format(share) == "66.7%"
    items = WORKERS_WITHIN_LIMIT.items(MONTH)
    assert {row.figure_child for row in items} == {None}


def test_every_caseload_measure_reads_the_tiny_demo_council(tiny_council):
    from tests.tiny_council import AS_OF

    window = Window.month(AS_OF.replace(day=1) - dt.timedelta(days=1))
    assert council_tally(UNALLOCATED_OPEN_CASES.groups(window)).numerator >= 0
    assert council_tally(WORKERS_WITHIN_LIMIT.groups(window)).denominator > 0
