"""Each measure on hand-built histories whose right answer is known, edges included."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases.models import NextStep, StepChange
from journey.reporting.measures import children
from journey.reporting.measures import selectors as measures
from journey.reporting.measures.selectors import DateRange, Period, median_of
from tests.reporting.conftest import (
    TODAY,
    close,
    decision,
    early_help,
    local,
    make_child,
    referral,
    review,
    scope,
    step,
)

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def by_month(rows, *fields):
    return {
        f"{row.month:%Y-%m}": tuple(getattr(row, f) for f in fields)
        for row in rows
        if any(getattr(row, f) for f in fields)
    }


# --- the period --------------------------------------------------------------------------------


def test_twelve_months_is_whole_calendar_months_ending_with_the_current_month():
    period = Period.ending(TODAY, 12)
    assert (period.first, period.last) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert len(period.month_starts) == 12
    assert Period.ending(TODAY, 6).first == dt.date(2026, 1, 1)
    assert Period.ending(dt.date(2026, 1, 31), 24).first == dt.date(2024, 2, 1)


def test_a_month_starts_and_ends_at_local_midnight():
    start, end = DateRange(dt.date(2026, 4, 1), dt.date(2026, 5, 1)).moments()
    assert start == dt.datetime(2026, 3, 31, 23, 0, tzinfo=UTC)  # British Summer Time
    assert end == dt.datetime(2026, 4, 30, 23, 0, tzinfo=UTC)


def test_median_of_a_histogram():
    assert median_of({}) is None
    assert median_of({7: 1}) == 7
    assert median_of({9: 1, 10: 1, 14: 1}) == 10
    assert median_of({6: 1, 12: 1, 19: 1, 28: 1}) == 15.5
    assert median_of({3: 5, 100: 1}) == 3


# --- contacts and threshold outcomes -------------------------------------------------------------


@pytest.fixture
def decisions(council):
    """Decisions whose final levels and managers' views are known, around month edges."""
    sw, practitioner, manager = (
        council["social_worker"],
        council["practitioner"],
        council["team_manager"],
    )
    child = make_child(sw)
    made = {
        "march_level_3": decision(child, sw, local(2026, 3, 10), level=3),
        "march_2_changed_to_3": decision(child, sw, local(2026, 3, 20), level=2),
        "april_4_agreed": decision(child, sw, local(2026, 4, 5), level=4),
        "april_next_step_only": decision(child, sw, local(2026, 4, 6), level=3),
        # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time): April.
        "april_by_local_time": decision(
            child, sw, dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC), level=1
        ),
        # 23:30 UTC on 31 January is 23:30 in London (winter): January.
        "january_late": decision(child, sw, dt.datetime(2026, 1, 31, 23, 30, tzinfo=UTC), 2),
        "before_twelve_months": decision(child, sw, local(2025, 6, 30, 23, 30), level=4),
        "first_minute": decision(child, sw, local(2025, 7, 1, 0, 10), level=4),
        "early_help_team": decision(child, practitioner, local(2026, 3, 12), level=2),
    }
    review(made["march_2_changed_to_3"], manager, level=3)
    review(made["april_4_agreed"], manager)
    review(made["april_next_step_only"], manager, next_step=NextStep.SOCIAL_CARE)
    return made


def test_decisions_are_counted_by_month_of_contact_and_final_level(decisions):
    outcomes = measures.threshold_outcomes(scope())
    months = {f"{m.month:%Y-%m}": m.by_level for m in outcomes.months if m.total}
    assert months == {
        "2025-07": {1: 0, 2: 0, 3: 0, 4: 1},
        "2026-01": {1: 0, 2: 1, 3: 0, 4: 0},
        "2026-03": {1: 0, 2: 1, 3: 2, 4: 0},  # the manager's level 3 replaces the worker's 2
        "2026-04": {1: 1, 2: 0, 3: 1, 4: 1},
    }
    assert outcomes.total.by_level == {1: 1, 2: 2, 3: 3, 4: 2}
    assert outcomes.total.total == 8
    assert len(outcomes.months) == 12


def test_decisions_for_one_team_are_those_its_workers_made(council, decisions):
    outcomes = measures.threshold_outcomes(scope(team=council.eh_team))
    assert outcomes.total.by_level == {1: 0, 2: 1, 3: 0, 4: 0}
    social_care = measures.threshold_outcomes(scope(team=council.sc_team))
    assert social_care.total.total == 7


def test_a_shorter_period_leaves_older_months_out(decisions):
    outcomes = measures.threshold_outcomes(scope(months=6))
    assert outcomes.total.total == 7  # January, March and April; not July 2025
    assert [f"{m.month:%Y-%m}" for m in outcomes.months][0] == "2026-01"


def test_manager_changes_count_only_a_different_level_against_decisions_reviewed(decisions):
    changes = measures.manager_changes(scope())
    assert by_month(changes.months, "decisions", "reviewed", "changed") == {
        "2025-07": (1, 0, 0),
        "2026-01": (1, 0, 0),
        "2026-03": (3, 1, 1),  # changed 2 to 3
        "2026-04": (3, 2, 0),  # agreed; changed the next step only
    }
    total = changes.total
    assert (total.decisions, total.reviewed, total.changed) == (8, 3, 1)
    assert total.percent_changed == 33


# --- step-ups and step-downs ----------------------------------------------------------------------


@pytest.fixture
def steps(council):
    """Step changes with known months, teams, days to hand-over and what came after."""
    sw, other_sw, practitioner = (
        council["social_worker"],
        council["other_social_worker"],
        council["practitioner"],
    )

    def step_up(requested_at, handover_on, started=dt.date(2025, 6, 1)):
        child = make_child(practitioner)
        return step(
            early_help(child, practitioner, started),
            sw,
            requested_at=requested_at,
            handover_on=handover_on,
        )

    def step_down(requested_at, handover_on, sender=sw, started=dt.date(2025, 5, 1)):
        child = make_child(sender)
        return step(
            referral(child, sender, started),
            practitioner,
            requested_at=requested_at,
            handover_on=handover_on,
        )

    made = {
        "up_14_days": step_up(local(2026, 2, 1, 10), dt.date(2026, 2, 15)),
        # Requested 23:30 UTC on 30 April = 00:30 on 1 May in London: 10 days, not 11.
        "up_local_date": step_up(
            dt.datetime(2026, 4, 30, 23, 30, tzinfo=UTC), dt.date(2026, 5, 11)
        ),
        "up_before_twelve_months": step_up(local(2025, 6, 1), dt.date(2025, 6, 20)),
        "down_back_at_181": step_down(local(2025, 11, 1), dt.date(2025, 11, 20)),
        "down_back_at_183": step_down(local(2025, 8, 20), dt.date(2025, 9, 1)),
        "down_window_open": step_down(local(2026, 2, 1), dt.date(2026, 3, 1)),
        "down_stepped_up_again": step_down(
            local(2025, 9, 25), dt.date(2025, 10, 1), sender=other_sw
        ),
    }
    for key, days in (("down_back_at_181", 181), ("down_back_at_183", 183)):
        child = made[key].child
        referral(child, sw, made[key].handover_on + dt.timedelta(days=days))
    made["up_again"] = step(
        made["down_stepped_up_again"].to_episode,
        sw,
        requested_at=local(2026, 1, 1),
        handover_on=dt.date(2026, 1, 10),
    )
    made["down_declined"] = step(
        referral(make_child(sw), sw, dt.date(2026, 1, 5)),
        practitioner,
        requested_at=local(2026, 4, 1),
        status=StepChange.Status.DECLINED,
        decided_at=local(2026, 4, 10),
    )
    made["up_declined_before"] = step(
        early_help(make_child(practitioner), practitioner, dt.date(2025, 5, 1)),
        sw,
        requested_at=local(2025, 6, 25),
        status=StepChange.Status.DECLINED,
        decided_at=local(2025, 6, 30, 23, 30),
    )
    made["up_pending"] = step(
        early_help(make_child(practitioner), practitioner, dt.date(2026, 1, 1)),
        sw,
        requested_at=local(2026, 6, 1),
        status=StepChange.Status.REQUESTED,
        decided_at=None,
    )
    return made


def test_step_changes_by_month_of_hand_over_and_decline(steps):
    changes = measures.step_changes(scope())
    assert by_month(changes.months, "up", "down", "up_declined", "down_declined") == {
        "2025-09": (0, 1, 0, 0),
        "2025-10": (0, 1, 0, 0),
        "2025-11": (0, 1, 0, 0),
        "2026-01": (1, 0, 0, 0),
        "2026-02": (1, 0, 0, 0),
        "2026-03": (0, 1, 0, 0),
        "2026-04": (0, 0, 0, 1),
        "2026-05": (1, 0, 0, 0),
    }
    total = changes.total
    assert (total.up, total.down, total.up_declined, total.down_declined) == (3, 4, 0, 1)


def test_step_changes_by_sending_team(council, steps):
    teams = {t.name: (t.up, t.down, t.down_declined) for t in measures.step_changes(scope()).teams}
    assert teams == {
        council.eh_team.name: (3, 0, 0),
        council.sc_team.name: (0, 3, 1),
        council.other_sc_team.name: (0, 1, 0),
    }


def test_the_team_filter_counts_step_changes_by_the_sending_team(council, steps):
    total = measures.step_changes(scope(team=council.other_sc_team)).total
    assert (total.up, total.down, total.down_declined) == (0, 1, 0)


def test_time_to_hand_over_counts_from_the_local_date_of_the_request(steps):
    times = {t.direction: t for t in measures.handover_times(scope())}
    up, down = times["up"], times["down"]
    # Ups: 14, 10 (requested 1 May local time) and 9 days.
    assert (up.count, up.median_days, up.longest_days) == (3, 10, 14)
    # Downs: 19, 12, 28 and 6 days.
    assert (down.count, down.median_days, down.longest_days) == (4, 15.5, 28)


def test_no_step_changes_means_no_median(council):
    times = measures.handover_times(scope())
    assert [(t.count, t.median_days, t.longest_days) for t in times] == [
        (0, None, None),
        (0, None, None),
    ]


def test_a_step_down_re_escalates_when_social_care_starts_within_182_days(steps):
    result = measures.reescalations(scope())
    assert by_month(result.months, "step_downs", "reescalated", "window_open") == {
        "2025-09": (1, 0, 0),  # back at 183 days: not within 6 months
        "2025-10": (1, 1, 0),  # stepped up again after 101 days
        "2025-11": (1, 1, 0),  # a new referral at 181 days
        "2026-03": (1, 0, 1),  # handed over 106 days before today: still inside its window
    }
    assert (result.total.step_downs, result.total.reescalated) == (4, 2)
    assert result.total.percent_reescalated == 50


def test_the_window_closes_182_days_after_the_hand_over(steps):
    late = measures.reescalations(scope(today=dt.date(2026, 8, 29))).total
    assert late.window_open == 1  # 1 March + 182 days = 30 August
    closed = measures.reescalations(scope(today=dt.date(2026, 8, 30))).total
    assert closed.window_open == 0


def test_each_list_holds_exactly_the_events_its_figure_counts(council, steps):
    twelve_months, qa = scope(), council["qa_officer"].user
    total = measures.step_changes(twelve_months).total
    again = measures.reescalations(twelve_months).total
    referred = measures.rereferrals(twelve_months).total
    expected = {
        ("handed_over", "up"): total.up,
        ("handed_over", "down"): total.down,
        ("declined", ""): total.declined_total,
        ("step_downs", ""): again.step_downs,
        ("reescalated", ""): again.reescalated,
        ("window_open", ""): again.window_open,
        ("referrals", ""): referred.referrals,
        ("rereferrals", ""): referred.rereferrals,
    }
    for (figure, direction), count in expected.items():
        only = children.FigureFilter(figure, direction=direction)
        listed = children.figure_list(qa, twelve_months, twelve_months.period, only)
        assert (listed.events, len(listed.rows), listed.hidden_children) == (count, count, 0)


def test_the_list_of_re_escalations_says_when_social_care_started_again(council, steps):
    twelve_months = scope()
    only = children.FigureFilter("reescalated")
    listed = children.figure_list(
        council["qa_officer"].user, twelve_months, twelve_months.period, only
    )
    assert sorted(row.what for row in listed.rows) == [
        "Stepped down on 1 October 2025; social care again from 10 January 2026 (101 days later)",
        "Stepped down on 20 November 2025; social care again from 20 May 2026 (181 days later)",
    ]
    march = twelve_months.period.month(dt.date(2026, 3, 1))
    listed = children.figure_list(
        council["qa_officer"].user, twelve_months, march, children.FigureFilter("window_open")
    )
    assert [row.what for row in listed.rows] == [
        "Stepped down on 1 March 2026; no social care since; the 6-month window runs to "
        "30 August 2026"
    ]


# --- re-referrals -----------------------------------------------------------------------------


@pytest.fixture
def referrals(council):
    sw, other_sw = council["social_worker"], council["other_social_worker"]

    def history(worker, *starts):
        child = make_child(worker)
        for start, end in starts:
            episode = referral(child, worker, start)
            if end:
                close(episode, end)
        return child

    first = dt.date(2025, 3, 1)
    return {
        "back_at_364": history(
            sw, (first, dt.date(2025, 5, 1)), (first + dt.timedelta(days=364), None)
        ),
        "back_at_366": history(
            sw, (first, dt.date(2025, 5, 1)), (first + dt.timedelta(days=366), None)
        ),
        "twice_in_twelve_months": history(
            other_sw, (dt.date(2025, 8, 1), dt.date(2025, 9, 1)), (dt.date(2025, 12, 1), None)
        ),
        "after_twelve_months_start": history(sw, (dt.date(2026, 6, 1), None)),
    }


def test_a_re_referral_is_within_365_days_of_the_previous_referral(referrals):
    result = measures.rereferrals(scope())
    assert by_month(result.months, "referrals", "rereferrals") == {
        "2025-08": (1, 0),
        "2025-12": (1, 1),
        "2026-02": (1, 1),  # 364 days after the first
        "2026-03": (1, 0),  # 366 days after the first
        "2026-06": (1, 0),
    }
    assert (result.total.referrals, result.total.rereferrals) == (5, 2)
    assert result.total.percent_rereferred == 40


def test_re_referrals_for_one_team(council, referrals):
    result = measures.rereferrals(scope(team=council.other_sc_team))
    assert (result.total.referrals, result.total.rereferrals) == (2, 1)


# --- the page's figures together -----------------------------------------------------------------


def test_the_figures_are_six_aggregate_queries(council, django_assert_num_queries):
    # Decisions (outcomes and managers' changes), step changes handed over and declined,
    # hand-over times, re-escalation, re-referrals.
    with django_assert_num_queries(6):
        measures.measures(scope())
