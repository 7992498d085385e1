"""The tracker's measure, drift flags per 100 open CAF cases: read from the month's latest drift
snapshot when the nightly scan ran, and from the drift rules at the month's end when it did not."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases import services as case_services
from journey.cases.models import EpisodeKind
from journey.core import measures
from journey.core.measures import Tally, Window, council_tally
from journey.outcomes import services as outcomes
from journey.tracker.measures import DRIFT_PER_100
from journey.tracker.models import DriftFlagSnapshot
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

SEP = Window.month(dt.date(2026, 9, 1))
OCT = Window.month(dt.date(2026, 10, 1))


@pytest.fixture
def caf_work(council):
    """Two pieces of CAF work opened on 1 June 2026 with a lead professional, no TAF, no plan and
    no supervision: by 31 October their first TAF and their supervision are overdue."""
    practitioner = council["practitioner"]
    outcomes.ensure_wheel()  # the council's outcome tool for CAF work
    work = []
    for _ in range(2):
        episode = make_episode(
            make_child(practitioner),
            practitioner,
            kind=EpisodeKind.EARLY_HELP_CAF,
            started_on=dt.date(2026, 6, 1),
            allocate_to=practitioner,
        )
        case_services.allocate(
            episode,
            worker=practitioner,
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=dt.date(2026, 6, 1),
            allocated_by=practitioner.user,
        )
        work.append(episode)
    return work


def flag(episode, taken_on: dt.date, rule: str) -> None:
    DriftFlagSnapshot.objects.create(
        taken_on=taken_on,
        episode=episode,
        child=episode.child,
        rule=rule,
        since=taken_on,
        team=episode.team,
    )


def test_a_month_with_a_snapshot_counts_its_latest(council, caf_work, django_assert_num_queries):
    first, second = caf_work
    for rule in ("taf_overdue", "no_lead", "action_overdue"):
        flag(second, dt.date(2026, 9, 10), rule)  # an earlier scan: not counted
    flag(first, dt.date(2026, 9, 30), "taf_overdue")
    flag(first, dt.date(2026, 9, 30), "supervision_overdue")
    flag(second, dt.date(2026, 10, 1), "taf_overdue")  # October's
    # The month's latest snapshot date, then the figure: two queries whatever the data.
    with django_assert_num_queries(2):
        groups = DRIFT_PER_100.groups(SEP)
    assert groups == {(council.eh_team.pk, None): Tally(2, 2)}
    assert council_tally(groups).value(DRIFT_PER_100.unit) == 100


def test_a_month_without_a_snapshot_is_read_with_the_rules(council, caf_work):
    # October has no snapshot: each piece of work has its first TAF, its supervision and its
    # start outcome measure (the family wheel is used for CAF work) overdue at the month's end,
    # and nothing else (a lead is named; no actions, plan or assessment).
    groups = DRIFT_PER_100.groups(OCT)
    assert groups == {(council.eh_team.pk, None): Tally(6, 2)}
    assert council_tally(groups).value(DRIFT_PER_100.unit) == 300


def test_the_drift_measure_is_registered():
    assert measures.get("drift_flags_per_100") is DRIFT_PER_100
