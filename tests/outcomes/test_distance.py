"""Distance travelled on hand-built families: missing scales, a tool version change mid-episode
(scales matched by key), the same day measured twice, and cohorts with exact counts and
suppression."""

from __future__ import annotations

import datetime as dt

from journey.outcomes.distance import Direction, Scored, changes, cohort, direction

D = dt.date
T = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def measure(day: dt.date, values: dict[str, int], pk: int = 1, minutes: int = 0) -> Scored:
    return Scored(day, T + dt.timedelta(minutes=minutes), pk, values)


def test_change_is_latest_minus_first_per_scale():
    family = [
        measure(D(2026, 1, 5), {"home": 3, "health": 5}, 1),
        measure(D(2026, 4, 5), {"home": 5, "health": 5}, 2),
        measure(D(2026, 7, 5), {"home": 8, "health": 4}, 3),
    ]
    assert changes(family) == {"home": 5, "health": -1}
    assert direction(changes(family)) == Direction.IMPROVED


def test_a_scale_missing_from_a_measure_counts_from_where_it_was_scored():
    family = [
        measure(D(2026, 1, 5), {"home": 3}, 1),  # health not scored at the start
        measure(D(2026, 4, 5), {"home": 3, "health": 2}, 2),
        measure(D(2026, 7, 5), {"home": 3, "health": 6, "money": 1}, 3),
    ]
    # money was scored once: no distance on it yet.
    assert changes(family) == {"home": 0, "health": 4}


def test_a_new_version_of_the_tool_carries_on_the_same_scales_by_key():
    # Version 2 renamed "Home" and added "safety"; the key "home" carries on.
    family = [
        measure(D(2026, 1, 5), {"home": 6, "school": 4}, 1),
        measure(D(2026, 6, 5), {"home": 4, "school": 4, "safety": 7}, 2),
    ]
    assert changes(family) == {"home": -2, "school": 0}
    assert direction(changes(family)) == Direction.WORSE


def test_measured_twice_the_same_day_the_later_recorded_counts():
    family = [
        measure(D(2026, 1, 5), {"home": 2}, 1),
        measure(D(2026, 3, 1), {"home": 4}, 3, minutes=30),
        measure(D(2026, 3, 1), {"home": 9}, 2, minutes=5),  # recorded earlier that day
    ]
    assert changes(family) == {"home": 2}


def test_no_distance_until_a_scale_is_measured_twice():
    assert changes([measure(D(2026, 1, 5), {"home": 2})]) == {}
    assert direction({}) is None
    assert direction({"home": 2, "health": -2}) == Direction.SAME


def test_a_cohort_counts_each_direction_and_use_and_is_suppressed_when_small():
    directions = [Direction.IMPROVED] * 6 + [Direction.SAME] * 2 + [Direction.WORSE, None, None]
    figures = cohort(directions, measured=10, minimum=5)
    assert (figures.children, figures.measured, figures.travelled) == (11, 10, 9)
    assert (figures.improved, figures.same, figures.worse) == (6, 2, 1)
    assert figures.use == 91 and figures.share(figures.improved, figures.travelled) == 67
    small = cohort([Direction.IMPROVED] * 4, measured=4, minimum=5)
    assert small.suppressed and small.use is None and small.share(4, 4) is None
