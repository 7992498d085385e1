"""Working days in England for statutory timescales: weekends and bank holidays skipped."""

import datetime as dt

import pytest

from journey.core.working_days import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_fifteen_working_days_over_plain_weeks_is_three_weeks():
    # Monday 2 March 2026: three clear weeks, no bank holidays.
    assert add_working_days(D(2026, 3, 2), 15) == D(2026, 3, 23)


def test_a_strategy_discussion_before_easter_gets_a_later_icpc_target():
    # Thursday 2 April 2026: Good Friday (3rd) and Easter Monday (6th) are not working days.
    assert add_working_days(D(2026, 4, 2), 15) == D(2026, 4, 27)


def test_christmas_substitute_days_and_new_year_are_skipped():
    # 25 Dec 2026 is a Friday, Boxing Day a Saturday: the substitute is Monday 28 December.
    assert not is_working_day(D(2026, 12, 28))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


@pytest.mark.parametrize(
    "day",
    [D(2020, 5, 8), D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19), D(2023, 5, 8)],
)
def test_the_one_off_bank_holidays_are_in_the_data(day):
    assert day in bank_holidays()
    assert not is_working_day(day)


def test_the_usual_may_day_is_a_working_day_when_it_moved():
    assert is_working_day(D(2020, 5, 4))


def test_weekends_are_not_working_days_and_weekdays_are():
    assert not is_working_day(D(2026, 3, 7))
    assert not is_working_day(D(2026, 3, 8))
    assert is_working_day(D(2026, 3, 9))


def test_every_year_in_the_table_has_at_least_eight_bank_holidays_on_weekdays():
    by_year: dict[int, int] = {}
    for day in bank_holidays():
        assert day.weekday() < 5, day
        by_year[day.year] = by_year.get(day.year, 0) + 1
    assert all(count >= 8 for count in by_year.values())


def test_working_days_between_counts_the_end_but_not_the_start():
    start = D(2026, 4, 2)
    assert working_days_between(start, add_working_days(start, 15)) == 15
    assert working_days_between(start, start) == 0
    assert working_days_between(start, D(2026, 4, 1)) == 0


def test_counting_backwards_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert add_months(D(2026, 1, 15), 3) == D(2026, 4, 15)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
