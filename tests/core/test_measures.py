"""The measure registry itself (journey.core.measures): the month a figure covers, how a figure
is rounded, how groups merge, the registry's refusal of a second measure under one key; and every
registered measure counted on the tiny demo council in one query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F, Value

from journey.core import measures
from journey.core.measures import (
    Better,
    Measure,
    Tally,
    Unit,
    Window,
    council_tally,
    register,
    registered,
    team_tallies,
)
from journey.people.models import Person

# --- Window ------------------------------------------------------------------------------------


def test_a_month_runs_from_its_first_day_to_the_next_months_first():
    window = Window.month(dt.date(2026, 2, 17))
    assert (window.first, window.after, window.as_at) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 2, 28),
    )
    assert window.is_whole_month
    assert str(window) == "February 2026"


def test_a_month_over_a_year_end_and_a_leap_february():
    assert Window.month(dt.date(2026, 12, 31)).after == dt.date(2027, 1, 1)
    assert Window.month(dt.date(2028, 2, 1)).as_at == dt.date(2028, 2, 29)


def test_the_current_month_is_cut_at_today():
    window = Window.month(dt.date(2026, 11, 3), today=dt.date(2026, 11, 18))
    assert (window.first, window.after, window.as_at) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 18),
    )
    assert not window.is_whole_month
    assert str(window) == "November 2026 so far"


def test_a_past_month_is_whole_whatever_today_is():
    window = Window.month(dt.date(2026, 10, 5), today=dt.date(2026, 11, 18))
    assert window.after == dt.date(2026, 11, 1)
    assert window.is_whole_month


def test_on_the_months_first_day_the_current_month_is_that_day():
    window = Window.month(dt.date(2026, 11, 1), today=dt.date(2026, 11, 1))
    assert (window.first, window.as_at) == (dt.date(2026, 11, 1), dt.date(2026, 11, 1))


def test_on_the_months_last_day_the_current_month_is_whole():
    window = Window.month(dt.date(2026, 11, 30), today=dt.date(2026, 11, 30))
    assert window.is_whole_month
    assert str(window) == "November 2026"


# --- Tally -------------------------------------------------------------------------------------


def test_a_share_is_rounded_half_up_to_one_place():
    assert Tally(1, 3).value(Unit.PERCENT) == Decimal("33.3")
    assert Tally(2, 3).value(Unit.PERCENT) == Decimal("66.7")
    assert Tally(1, 8).value(Unit.PERCENT) == Decimal("12.5")
    assert Tally(1, 16).value(Unit.PERCENT) == Decimal("6.3")  # 6.25 rounds up, not to even


def test_the_other_units():
    assert Tally(7, 40).value(Unit.PER_100) == Decimal("17.5")
    assert Tally(45, 4).value(Unit.DAYS) == Decimal("11.3")
    assert Tally(10, 4).value(Unit.AVERAGE) == Decimal("2.5")
    assert Tally(12, 0).value(Unit.COUNT) == Decimal(12)


def test_nothing_to_divide_by_is_no_figure_not_zero():
    for unit in (Unit.PERCENT, Unit.PER_100, Unit.DAYS, Unit.AVERAGE):
        assert Tally(0, 0).value(unit) is None
    assert Tally(0, 0).value(Unit.COUNT) == Decimal(0)


def test_tallies_add():
    assert Tally(1, 2) + Tally(3, 4) == Tally(4, 6)


# --- groups ------------------------------------------------------------------------------------


def _children_measure(key: str, *, by_worker: bool) -> Measure:
    """A measure over the test's children: team = the child's year of birth, worker = the
    child's month of birth; each counts 1 if born on the 1st."""

    def items(window: Window):
        return Person.objects.annotate(
            figure_child=F("pk"),
            figure_team=F("date_of_birth__year"),
            figure_worker=F("date_of_birth__month"),
            figure_count=F("date_of_birth__day"),
            figure_on=Value(window.as_at),
        ).filter(date_of_birth__day__lte=2)

    return Measure(
        key=key,
        title="Children born early in a month",
        definition="For the tests.",
        unit=Unit.PERCENT,
        better=Better.HIGHER,
        theme="Tests",
        items=items,
        counted="children",
        out_of="children",
        by_worker=by_worker,
    )


@pytest.fixture
def born(council):
    from tests.factories import make_child

    worker = council["social_worker"]
    for day in (
        dt.date(2015, 3, 1),
        dt.date(2015, 3, 2),
        dt.date(2015, 4, 1),
        dt.date(2016, 3, 2),
        dt.date(2016, 3, 20),
    ):
        make_child(worker, date_of_birth=day)


def test_groups_sum_by_team_and_worker_in_one_query(born, django_assert_num_queries):
    measure = _children_measure("test_by_worker", by_worker=True)
    with django_assert_num_queries(1):
        groups = measure.groups(Window.month(dt.date(2026, 1, 1)))
    # figure_count is the day of birth (1 or 2); the denominator is the number of children.
    assert groups == {(2015, 3): Tally(3, 2), (2015, 4): Tally(1, 1), (2016, 3): Tally(2, 1)}
    assert council_tally(groups) == Tally(6, 4)
    assert team_tallies(groups) == {2015: Tally(4, 3), 2016: Tally(2, 1)}


def test_without_a_worker_breakdown_a_teams_rows_merge(born):
    measure = _children_measure("test_by_team", by_worker=False)
    groups = measure.groups(Window.month(dt.date(2026, 1, 1)))
    assert groups == {(2015, None): Tally(4, 3), (2016, None): Tally(2, 1)}


# --- the registry ------------------------------------------------------------------------------


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(measures, "_REGISTRY", dict(measures._REGISTRY))


def test_a_key_is_registered_once(clean_registry):
    first = _children_measure("test_twice", by_worker=False)
    register(first)
    register(first)  # the same measure again (an app ready twice) is harmless
    with pytest.raises(ValueError, match="Two measures are registered as 'test_twice'"):
        register(_children_measure("test_twice", by_worker=True))
    assert measures.get("test_twice") is first


def test_the_registry_lists_by_theme_then_title():
    listed = registered()
    assert listed == sorted(listed, key=lambda m: (m.theme, m.title))
    assert measures.get("no_such_measure") is None


def test_every_measure_is_described_for_a_reader():
    keys = [m.key for m in registered()]
    assert len(keys) == len(set(keys))
    for measure in registered():
        assert measure.key.isidentifier() and measure.key == measure.key.lower()
        assert measure.title and measure.definition.strip() and measure.counted, measure.key
        if measure.unit != Unit.COUNT:
            assert measure.out_of, f"{measure.key} is a share or rate of nothing"


def test_the_measures_of_the_casework_and_cases_records_are_registered():
    for key in (
        "drift_flags_per_100",
        "taf_within_timescale",
        "early_help_actions_overdue",
        "supervision_within_interval",
        "visits_within_interval",
        "decisions_reviewed_in_time",
        "step_ups_re_referred",
        "assessments_with_child_views",
        "plans_with_child_views",
        "reflective_summaries_current",
        "family_group_offers_accepted",
        "family_group_meetings_held",
    ):
        assert measures.get(key) is not None, key


# --- every measure on the tiny demo council ----------------------------------------------------

#: Measures that read more than their one aggregate query. The drift measure first asks for the
#: month's latest drift snapshot (tracker.selectors.latest_snapshot), then counts: two queries,
#: still constant whatever the data.
QUERIES = {"drift_flags_per_100": 2}


@pytest.mark.parametrize("key", sorted(m.key for m in registered()))
def test_every_measure_counts_the_tiny_council_in_one_query(
    tiny_council, key, django_assert_num_queries
):
    measure = measures.get(key)
    assert measure is not None
    today = dt.date.today()
    for window in (Window.month(dt.date(2026, 10, 1), today), Window.month(today, today)):
        with django_assert_num_queries(QUERIES.get(key, 1)):
            groups = measure.groups(window)
        total = council_tally(groups)
        assert total.numerator >= 0 and total.denominator >= 0
        if measure.unit == Unit.PERCENT:
            assert total.numerator <= total.denominator, (key, window)
        for _team, worker in groups:
            assert worker is None or measure.by_worker, key
    # The items list what the figure counts: each row names its child (or is about a worker).
    row = measure.items(Window.month(dt.date(2026, 10, 1), today)).values(*measures.FIELDS).first()
    if row is not None and not measure.about_workers and measure.names_children:
        assert row["figure_child"] is not None


def test_the_tiny_council_has_something_to_count(tiny_council):
    october = Window.month(dt.date(2026, 10, 1))
    counted = {m.key: council_tally(m.groups(october)) for m in registered()}
    # The demo's casework shows on the figures (a sanity check that the measures read it).
    for key in ("supervision_within_interval", "early_help_actions_overdue"):
        assert counted[key].denominator > 0, key
