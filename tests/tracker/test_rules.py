"""Every drift rule: raised (with its "since"), not raised, and cleared by the work that fixes it.

Records are dated in the past; the rules are evaluated as of a date we pass in.
"""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason
from journey.casework.early_help.services import (
    CafInput,
    record_action_progress,
    save_caf_assessment,
)
from journey.casework.models import PlanAction
from journey.casework.services import start_plan
from journey.casework.supervision.services import record_supervision
from journey.outcomes.models import OutcomeTool
from journey.tracker.rules import RULES, DriftParams
from journey.tracker.selectors import episode_flags
from journey.workforce.models import Allocation
from tests.factories import views_of
from tests.tracker.conftest import caf_episode, days_ago, flags, measure, taf, today

pytestmark = pytest.mark.django_db


def test_the_rules_table_is_complete_and_explains_itself():
    codes = [rule.code for rule in RULES]
    assert codes == [
        "taf_overdue",
        "action_overdue",
        "action_stale",
        "no_lead",
        "plan_review_overdue",
        "child_views_missing",
        "supervision_overdue",
        "long_open_no_review",
        "outcome_review_overdue",
    ]
    params = DriftParams()
    for rule in RULES:
        text = rule.describe(params)
        assert "{" not in text and len(text) > 30, rule.code
        assert set(rule.parameters) <= set(DriftParams.SETTINGS), rule.code
    assert "90 days" in next(r for r in RULES if r.code == "action_stale").describe(params)


def test_parameters_come_from_settings(settings):
    settings.JOURNEY_ACTION_STALE_DAYS = 30
    settings.JOURNEY_LONG_OPEN_DAYS = 200
    params = DriftParams.from_settings()
    assert params.action_stale_days == 30
    assert params.long_open_days == 200
    assert params.taf_interval_days == settings.JOURNEY_TAF_INTERVAL_DAYS


# --- TAF review overdue -----------------------------------------------------------------------


def test_taf_overdue_when_the_first_taf_is_late(council):
    episode = caf_episode(council, started_days_ago=10)
    opened = days_ago(10)
    assert "taf_overdue" not in flags(episode, opened + dt.timedelta(days=42))
    assert flags(episode, opened + dt.timedelta(days=43))["taf_overdue"] == opened + dt.timedelta(
        days=43
    )


def test_taf_overdue_when_the_next_taf_date_passes_and_cleared_by_holding_it(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=200)
    taf(episode, worker, held_days_ago=150, next_due=days_ago(108))
    assert "taf_overdue" not in flags(episode, days_ago(108))
    assert flags(episode, days_ago(107))["taf_overdue"] == days_ago(107)
    raised = episode_flags(episode, today())
    overdue = next(f for f in raised if f.rule.code == "taf_overdue")
    assert f"{days_ago(108):%-d %B %Y}" in overdue.evidence
    taf(episode, worker, held_days_ago=0)
    assert "taf_overdue" not in flags(episode)


def test_a_taf_without_a_next_date_is_due_after_the_default_interval(council, settings):
    from journey.casework.models import Meeting

    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100)
    meeting = taf(episode, worker, held_days_ago=50)
    Meeting.objects.filter(pk=meeting.pk).update(next_due_on=None)  # as a legacy import leaves it
    settings.JOURNEY_TAF_INTERVAL_DAYS = 30
    assert flags(episode)["taf_overdue"] == days_ago(50) + dt.timedelta(days=31)


# --- Action overdue ---------------------------------------------------------------------------


def test_action_overdue_raised_after_the_due_date_and_cleared_when_done(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=120)
    taf(episode, worker, held_days_ago=60, actions=[("Book the GP", 20), ("Join the club", 50)])
    due = days_ago(40)
    assert "action_overdue" not in flags(episode, due)
    assert flags(episode, due + dt.timedelta(days=1))["action_overdue"] == due + dt.timedelta(1)
    flag = next(f for f in episode_flags(episode, today()) if f.rule.code == "action_overdue")
    assert flag.evidence.startswith("2 open actions past the due date")
    book, join = PlanAction.objects.filter(plan__episode=episode).order_by("due_on")
    record_action_progress(book, note="Seen by the GP.", status="done", by=worker.user)
    # The other action is overdue too, since its own due date.
    assert flags(episode)["action_overdue"] == days_ago(10) + dt.timedelta(days=1)
    record_action_progress(join, note="No longer needed.", status="withdrawn", by=worker.user)
    assert "action_overdue" not in flags(episode)


# --- Action not progressed for 3 months -------------------------------------------------------


def test_action_not_progressed_for_three_months_and_cleared_by_a_progress_note(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=150)
    taf(episode, worker, held_days_ago=100, actions=[("Attend the parenting course", 120)])
    agreed = days_ago(100)
    assert "action_stale" not in flags(episode, agreed + dt.timedelta(days=90))
    assert flags(episode)["action_stale"] == agreed + dt.timedelta(days=91)
    action = PlanAction.objects.get(plan__episode=episode)
    # An old note does not help: it is itself more than 90 days ago.
    record_action_progress(
        action, note="Started.", status="in_progress", by=worker.user, noted_on=days_ago(95)
    )
    assert flags(episode)["action_stale"] == days_ago(95) + dt.timedelta(days=91)
    record_action_progress(action, note="Week 6 of 8.", status="in_progress", by=worker.user)
    assert "action_stale" not in flags(episode)
    assert "action_stale" in flags(episode, today() + dt.timedelta(days=91))


def test_done_actions_never_go_stale(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=150)
    taf(episode, worker, held_days_ago=140, actions=[("Apply for the grant", 10)])
    action = PlanAction.objects.get(plan__episode=episode)
    record_action_progress(
        action, note="Paid.", status="done", by=worker.user, noted_on=days_ago(120)
    )
    assert not {"action_stale", "action_overdue"} & set(flags(episode))


# --- No lead professional ---------------------------------------------------------------------


def test_no_lead_professional_raised_from_the_start_and_cleared_by_naming_one(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=30, lead=None)
    assert flags(episode)["no_lead"] == days_ago(30)
    case_services.allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=today(),
        allocated_by=worker.user,
    )
    assert "no_lead" not in flags(episode)


def test_no_lead_professional_since_the_last_lead_stepped_away(council):
    episode = caf_episode(council, started_days_ago=80)
    assert "no_lead" not in flags(episode)
    # As a bulk change outside the services might leave it: the lead's allocation just ended.
    Allocation.objects.filter(episode=episode, kind=Allocation.Kind.LEAD_PROFESSIONAL).update(
        ended_on=days_ago(20)
    )
    raised = next(f for f in episode_flags(episode, today()) if f.rule.code == "no_lead")
    assert raised.since == days_ago(20)
    assert "ended on" in raised.evidence


# --- Plan past its review date ----------------------------------------------------------------


def test_plan_past_its_review_date_and_cleared_by_the_next_taf(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=120)
    taf(episode, worker, held_days_ago=100, next_due=days_ago(58))
    assert "plan_review_overdue" not in flags(episode, days_ago(58))
    assert flags(episode)["plan_review_overdue"] == days_ago(57)
    taf(episode, worker, held_days_ago=1)  # hold_taf_meeting moves the plan's review on
    assert "plan_review_overdue" not in flags(episode)


def test_a_plan_review_date_set_without_a_taf_counts_too(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=60)
    start_plan(
        episode=episode,
        kind="early_help",
        started_on=days_ago(50),
        recorded_by=worker.user,
        review_due_on=days_ago(5),
    )
    assert flags(episode)["plan_review_overdue"] == days_ago(4)


# --- Child's views missing --------------------------------------------------------------------


def test_child_views_missing_from_the_latest_taf_and_cleared_by_the_next_one(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=60)
    taf(episode, worker, held_days_ago=40, child_views="He said he likes school.")
    assert "child_views_missing" not in flags(episode)
    taf(episode, worker, held_days_ago=20, child_views="")
    assert flags(episode)["child_views_missing"] == days_ago(20)
    taf(episode, worker, held_days_ago=2, child_views="He wants to see his dad.")
    assert "child_views_missing" not in flags(episode)


def test_child_views_missing_from_a_draft_caf_until_it_is_completed(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=20)
    data = CafInput(started_on=days_ago(15), areas={"development": {"needs": "Speech delay"}})
    assessment = save_caf_assessment(episode, data, by=worker.user)
    raised = next(
        f for f in episode_flags(episode, today()) if f.rule.code == "child_views_missing"
    )
    assert raised.since == days_ago(15) and "draft" in raised.evidence
    data.views = views_of("I like drawing.", parents="We need help with routines.")
    data.analysis = "Needs are moderate."
    save_caf_assessment(episode, data, by=worker.user, complete=True, assessment=assessment)
    assert "child_views_missing" not in flags(episode)


# --- Open a long time without a review --------------------------------------------------------


def test_long_open_without_a_review_raised_and_cleared_by_a_taf(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=400)
    opened = days_ago(400)
    taf(episode, worker, held_days_ago=100)
    assert "long_open_no_review" not in flags(episode, opened + dt.timedelta(days=365))
    assert flags(episode)["long_open_no_review"] == max(
        opened + dt.timedelta(days=366), days_ago(100) + dt.timedelta(days=91)
    )
    taf(episode, worker, held_days_ago=0)
    assert "long_open_no_review" not in flags(episode)


def test_long_open_period_is_configurable(council, settings):
    episode = caf_episode(council, started_days_ago=300)
    assert "long_open_no_review" not in flags(episode)
    settings.JOURNEY_LONG_OPEN_DAYS = 200
    assert flags(episode)["long_open_no_review"] == days_ago(300) + dt.timedelta(days=201)


# --- Closed work ------------------------------------------------------------------------------


def test_closed_work_has_no_flags(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=400, lead=None)
    assert len(flags(episode)) >= 3
    case_services.close_episode(
        episode,
        ended_on=today(),
        reason=EarlyHelpClosureReason.MOVED_AWAY,
        note="",
        closed_by=worker.user,
    )
    assert flags(episode) == {}


def test_a_healthy_caf_has_no_flags(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=50)
    taf(episode, worker, held_days_ago=10, actions=[("Breakfast club place", 30)])
    assert flags(episode) == {}


def test_supervision_is_overdue_after_the_interval_or_the_date_it_set(council):
    never = caf_episode(council, started_days_ago=60, supervised_days_ago=None)
    assert flags(never)["supervision_overdue"] == days_ago(60 - 43)
    assert "supervision_overdue" not in flags(never, on=days_ago(60 - 42))

    on_time = caf_episode(council, started_days_ago=60, supervised_days_ago=41)
    assert "supervision_overdue" not in flags(on_time)
    assert "supervision_overdue" not in flags(on_time, on=days_ago(-1))  # due that day
    assert flags(on_time, on=days_ago(-2))["supervision_overdue"] == days_ago(-2)

    soon = caf_episode(council, started_days_ago=60, supervised_days_ago=None)
    record_supervision(
        episode=soon,
        supervisor=council["team_manager"],
        held_on=days_ago(20),
        discussion="Worries about the new partner; agreed to meet again in two weeks.",
        next_due_on=days_ago(6),
    )
    assert flags(soon)["supervision_overdue"] == days_ago(5)


def test_child_views_missing_from_the_plan_made_at_a_taf_without_them(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=60)
    taf(episode, worker, held_days_ago=30, child_views="")
    plan = episode.plans.get()
    assert plan.child_views == "" and plan.child_views_method == "not_obtained"
    taf(episode, worker, held_days_ago=2, child_views="He wants to see his dad.")
    found = [f for f in episode_flags(episode, today()) if f.rule.code == "child_views_missing"]
    assert found and "the plan of" in found[0].evidence


# --- Review outcome measure overdue -----------------------------------------------------------

OUTCOME = "outcome_review_overdue"


def test_no_start_measure_is_flagged_after_the_first_measure_days(council):
    opened = days_ago(60)
    episode = caf_episode(council, started_days_ago=60, measured_days_ago=None)
    assert "outcome_review_overdue" not in flags(episode, opened + dt.timedelta(days=42))
    since = opened + dt.timedelta(days=43)
    assert flags(episode, since)["outcome_review_overdue"] == since
    flag = next(f for f in episode_flags(episode, today()) if f.rule.code == OUTCOME)
    assert flag.evidence == (
        f"No outcome measure since the work opened on {opened:%-d %B %Y}; the start measure is "
        "due within 42 days"
    )
    measure(episode, council["practitioner"], "start", days_ago(1))
    assert "outcome_review_overdue" not in flags(episode)


def test_a_review_measure_is_due_the_tools_interval_after_the_last_and_cleared_by_one(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=200, measured_days_ago=150)
    due = days_ago(150) + dt.timedelta(days=91)  # the family wheel's review interval
    assert "outcome_review_overdue" not in flags(episode, due)
    assert flags(episode)["outcome_review_overdue"] == due + dt.timedelta(days=1)
    flag = next(f for f in episode_flags(episode, today()) if f.rule.code == OUTCOME)
    assert flag.evidence == (
        f"The review outcome measure was due by {due:%-d %B %Y}; the last measure was on "
        f"{days_ago(150):%-d %B %Y}"
    )
    measure(episode, worker, "review", days_ago(3))
    assert "outcome_review_overdue" not in flags(episode)
    assert flags(episode, days_ago(3) + dt.timedelta(days=92))["outcome_review_overdue"] == (
        days_ago(3) + dt.timedelta(days=92)
    )


def test_a_closing_measure_on_open_work_leaves_no_review_due(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=300, measured_days_ago=250)
    measure(episode, worker, "closure", days_ago(2))
    assert "outcome_review_overdue" not in flags(episode, today() + dt.timedelta(days=400))


def test_without_an_outcome_tool_for_caf_work_unmeasured_work_is_not_flagged(council):
    episode = caf_episode(council, started_days_ago=300, measured_days_ago=None)
    assert "outcome_review_overdue" in flags(episode)
    OutcomeTool.objects.update(retired_on=days_ago(1))  # the council stops using every tool
    assert "outcome_review_overdue" not in flags(episode)
