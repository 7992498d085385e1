"""The RAG rules of issue 16, with frozen dates: achieved, on task, at risk, and when too few
figures or a passed date leave an action at risk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from journey.core.measures import Better
from journey.improvement.models import Rag
from journey.improvement.rag import Point, projection, rate, trend_months

TODAY = dt.date(2026, 12, 4)  # the last full month is November 2026


def series(*values) -> list[Point]:
    """Figures for June to November 2026, oldest first (None: nothing counted that month)."""
    months = trend_months(TODAY)
    return [
        Point(m, None if v is None else Decimal(str(v)))
        for m, v in zip(months, values, strict=True)
    ]


def rated(values, target="90", by=dt.date(2027, 3, 31), better=Better.HIGHER):
    return rate(series(*values), target=Decimal(target), target_by=by, better=better, today=TODAY)


def test_the_trend_months_are_the_six_full_months_before_today():
    assert trend_months(TODAY) == [dt.date(2026, m, 1) for m in range(6, 12)]


def test_achieved_when_the_last_full_month_meets_the_target():
    rating = rated([50, 55, 60, 70, 80, 91])
    assert rating.rag == Rag.ACHIEVED
    assert rating.reason.startswith("November 2026: 91, meeting the target of 90 by 31 March 2027")


def test_a_target_exactly_met_is_achieved():
    assert rated([90, 90, 90, 90, 90, 90]).rag == Rag.ACHIEVED


def test_achieved_looks_only_at_the_last_full_month_not_the_best_one():
    assert rated([95, 95, 95, 95, 95, 80]).rag != Rag.ACHIEVED


def test_on_task_when_the_straight_line_reaches_the_target_by_the_date():
    # +4 a month from 60 in June: 80 in November, 96 by March 2027.
    rating = rated([60, 64, 68, 72, 76, 80])
    assert rating.rag == Rag.ON_TASK
    assert rating.projected == Decimal("96.0")
    assert "the trend of the last 6 months reaches 96.0" in rating.reason


def test_at_risk_when_the_line_falls_short_of_the_target():
    # +1 a month: 80 in November, only 84 by March 2027.
    rating = rated([75, 76, 77, 78, 79, 80])
    assert rating.rag == Rag.AT_RISK
    assert rating.projected == Decimal("84.0")
    assert "short of the target of 90" in rating.reason


def test_at_risk_when_the_date_has_passed_without_the_target_met():
    rating = rated([60, 70, 80, 85, 88, 89], by=dt.date(2026, 11, 30))
    assert rating.rag == Rag.AT_RISK
    assert "has passed" in rating.reason


def test_a_target_due_this_month_is_still_read_from_the_trend():
    assert rated([60, 66, 72, 78, 84, 89], by=dt.date(2026, 12, 31)).rag == Rag.ON_TASK


def test_at_risk_with_too_few_figures_to_draw_a_line():
    rating = rated([None, None, None, None, None, 80])
    assert rating.rag == Rag.AT_RISK
    assert "too few monthly figures" in rating.reason


def test_months_with_nothing_counted_are_left_out_of_the_line():
    assert projection(series(60, None, 68, None, 76, None), dt.date(2026, 12, 1)) == Decimal("84.0")


def test_a_measure_where_lower_is_better_meets_its_target_from_above():
    assert rated([30, 25, 22, 20, 18, 15], target="15", better=Better.LOWER).rag == Rag.ACHIEVED
    # Down 2 a month: 20 in November, 12 by March 2027.
    assert rated([30, 28, 26, 24, 22, 20], target="12", better=Better.LOWER).rag == Rag.ON_TASK
    assert rated([30, 28, 26, 24, 22, 20], target="10", better=Better.LOWER).rag == Rag.AT_RISK
