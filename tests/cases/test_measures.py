"""The measures of decisions and step changes against hand-built histories: threshold decisions
reviewed by a manager in time, and step-ups that were re-referrals, for September 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases import measures as case_measures
from journey.cases.models import ThresholdDecision
from journey.core import measures
from journey.core.measures import Tally, Window, council_tally
from journey.core.working_days import add_working_days
from tests.factories import make_child
from tests.reporting.conftest import close, decision, early_help, local, referral, review, step

SEP = Window.month(dt.date(2026, 9, 1))
OCT = Window.month(dt.date(2026, 10, 1))


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


# --- threshold decisions reviewed by a manager in time -----------------------------------------


def decided(child, worker, made: dt.datetime, manager=None, reviewed: dt.datetime | None = None):
    """A decision made (and reviewed) at these moments: the services stamp the time they are
    called, so the dates are written afterwards, as a record made then would hold them."""
    made_decision = decision(child, worker, made)
    if manager is not None:
        review(made_decision, manager)
    ThresholdDecision.objects.filter(pk=made_decision.pk).update(
        decided_at=made, manager_decided_at=reviewed if manager is not None else None
    )
    return made_decision


@pytest.fixture
def decisions(council, settings):
    """Decisions with one working day for the manager's view: Friday 4 September's is due by
    Monday 7 September."""
    settings.JOURNEY_MANAGER_REVIEW_WORKING_DAYS = 1
    sw, other, manager = (
        council["social_worker"],
        council["other_social_worker"],
        council["team_manager"],
    )
    child = make_child(sw)
    decided(child, sw, local(2026, 9, 4), manager, local(2026, 9, 7, 9))  # in time
    decided(make_child(sw), sw, local(2026, 9, 4), manager, local(2026, 9, 8, 9))  # a day late
    # Made at 23:30 on 30 September (September's), reviewed the next morning.
    decided(make_child(sw), sw, local(2026, 9, 30, 23, 30), manager, local(2026, 10, 1, 9))
    decided(make_child(sw), sw, local(2026, 10, 1, 0, 30), manager, local(2026, 10, 1, 9))
    decided(make_child(other), other, local(2026, 9, 10))  # never reviewed


def test_decisions_reviewed_within_the_working_days(council, decisions, django_assert_num_queries):
    assert add_working_days(d(9, 4), 1) == d(9, 7)
    measure = case_measures.DECISIONS_REVIEWED_IN_TIME
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    assert groups == {
        (council.sc_team.pk, None): Tally(2, 3),
        (council.other_sc_team.pk, None): Tally(0, 1),
    }
    assert council_tally(measure.groups(OCT)) == Tally(1, 1)
    assert measures.get("decisions_reviewed_in_time") is measure


def test_the_working_days_are_the_councils_setting(council, decisions, settings):
    settings.JOURNEY_MANAGER_REVIEW_WORKING_DAYS = 2
    measure = case_measures.DECISIONS_REVIEWED_IN_TIME
    assert council_tally(measure.groups(SEP)) == Tally(3, 4)


def test_a_decision_still_inside_its_time_waits(council, settings):
    settings.JOURNEY_MANAGER_REVIEW_WORKING_DAYS = 1
    today = timezone.localdate()
    decision(make_child(council["social_worker"]), council["social_worker"], timezone.now())
    measure = case_measures.DECISIONS_REVIEWED_IN_TIME
    assert council_tally(measure.groups(Window.month(today, today))) == Tally(0, 0)


# --- step-ups that were re-referrals ----------------------------------------------------------


@pytest.fixture
def step_ups(council):
    """Children stepped up from early help to social care in September and October 2026."""
    practitioner, sw = council["practitioner"], council["social_worker"]
    # Referred on 1 December 2025 (closed in March), stepped up on 15 September: a re-referral.
    rowan = make_child(practitioner)
    close(referral(rowan, sw, d(12, 1, 2025)), d(3, 1))
    step(
        early_help(rowan, practitioner, d(4, 1)),
        sw,
        requested_at=local(2026, 9, 1),
        handover_on=d(9, 15),
    )
    # Referred 10 September 2025: more than 12 months before 30 September 2026.
    sky = make_child(practitioner)
    close(referral(sky, sw, d(9, 10, 2025)), d(12, 1, 2025))
    step(
        early_help(sky, practitioner, d(1, 5)),
        sw,
        requested_at=local(2026, 9, 20),
        handover_on=d(9, 30),
    )
    # Referred exactly 365 days before the hand-over: within 12 months.
    uma = make_child(practitioner)
    close(referral(uma, sw, d(9, 20, 2025)), d(11, 1, 2025))
    step(
        early_help(uma, practitioner, d(1, 5)),
        sw,
        requested_at=local(2026, 9, 10),
        handover_on=d(9, 20),
    )
    # Never referred before; handed over on 1 October.
    tom = make_child(practitioner)
    step(
        early_help(tom, practitioner, d(5, 1)),
        sw,
        requested_at=local(2026, 9, 25),
        handover_on=d(10, 1),
    )


def test_step_ups_within_12_months_of_a_referral(council, step_ups, django_assert_num_queries):
    measure = case_measures.STEP_UPS_RE_REFERRED
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    # Counted in the early help team that stepped the child up.
    assert groups == {(council.eh_team.pk, None): Tally(2, 3)}
    assert council_tally(measure.groups(OCT)) == Tally(0, 1)
    assert measures.get("step_ups_re_referred") is measure


def test_the_re_referral_window_is_the_measures_pages():
    from journey.reporting.measures.selectors import REREFERRAL_DAYS

    assert case_measures.REREFERRAL_DAYS == REREFERRAL_DAYS
