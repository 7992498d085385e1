"""The statutory clock in working days: weekends, England and Wales bank holidays, year ends and
extensions."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from journey.complaints import clock
from journey.complaints.clock import Deadline, Due
from journey.core.working_days import is_working_day, working_days_between

days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2029, 12, 1))


def test_stage_1_is_ten_working_days_and_skips_christmas_and_new_year():
    # Received Monday 21 December 2026: 25, 28 (substitute Boxing Day) December and 1 January
    # 2027 are bank holidays.
    assert clock.stage_1_due(dt.date(2026, 12, 21)) == dt.date(2027, 1, 7)
    assert clock.stage_1_due(dt.date(2026, 12, 21), extended=True) == dt.date(2027, 1, 21)


def test_stage_1_skips_easter():
    # Received Thursday 26 March 2026; Good Friday 3 April and Easter Monday 6 April.
    assert clock.stage_1_due(dt.date(2026, 3, 26)) == dt.date(2026, 4, 13)


def test_stage_2_and_the_panel_and_the_window_to_ask_for_the_next_stage():
    start = dt.date(2026, 6, 1)  # a Monday
    assert clock.stage_2_due(start) == dt.date(2026, 7, 6)  # 25 working days
    assert clock.stage_2_due(start, 65) == dt.date(2026, 9, 1)  # 31 August is a bank holiday
    assert clock.may_ask_until(start) == dt.date(2026, 6, 29)
    assert clock.panel_due(start) == dt.date(2026, 7, 13)
    assert clock.panel_report_due(dt.date(2026, 7, 13)) == dt.date(2026, 7, 20)
    assert clock.council_response_due(dt.date(2026, 7, 20)) == dt.date(2026, 8, 10)


@given(days, st.integers(min_value=1, max_value=65))
def test_a_deadline_is_a_working_day_exactly_that_many_working_days_on(start, count):
    due = clock.after(start, count)
    assert is_working_day(due)
    assert working_days_between(start, due) == count


@given(days)
def test_an_extended_stage_1_is_never_sooner(received):
    assert clock.stage_1_due(received, extended=True) > clock.stage_1_due(received)


def test_a_deadlines_state_counts_down_and_flags_risk_and_misses():
    due = Deadline("Stage 1 response", dt.date(2026, 12, 18))  # a Friday
    assert due.state(dt.date(2026, 12, 10)) == Due.DUE
    assert due.working_days_left(dt.date(2026, 12, 10)) == 6
    assert due.state(dt.date(2026, 12, 15)) == Due.AT_RISK
    assert due.state(dt.date(2026, 12, 21)) == Due.MISSED
    assert due.working_days_left(dt.date(2026, 12, 21)) == -1
    assert (
        Deadline("x", dt.date(2026, 12, 18), dt.date(2026, 12, 18)).state(dt.date(2027, 1, 5))
        == Due.MET
    )
    assert (
        Deadline("x", dt.date(2026, 12, 18), dt.date(2026, 12, 21)).state(dt.date(2027, 1, 5))
        == Due.LATE
    )


def test_a_complaint_more_than_a_year_after_the_matter_is_late():
    assert clock.is_late_complaint(dt.date(2025, 1, 10), dt.date(2026, 1, 12))
    assert not clock.is_late_complaint(dt.date(2025, 1, 12), dt.date(2026, 1, 12))
    assert not clock.is_late_complaint(None, dt.date(2026, 1, 12))
    # A year across a leap day is 366 days, and still only a year.
    assert not clock.is_late_complaint(dt.date(2023, 3, 1), dt.date(2024, 3, 1))
    assert clock.is_late_complaint(dt.date(2023, 3, 1), dt.date(2024, 3, 2))
