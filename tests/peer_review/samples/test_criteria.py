"""Each sampling criterion finds the children who meet its definition, and only them: one piece
of work per child, the latest in scope."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases.models import EpisodeKind, StepChange
from journey.casework.services import start_plan
from journey.complaints import services as complaints
from journey.complaints.stages import services as stages
from journey.peer_review.samples import criteria
from tests.complaints.conftest import complaint_input, outcomes
from tests.peer_review.samples.conftest import child_with, close, days_ago, stepped, today, work

pytestmark = pytest.mark.django_db
UP, DOWN = StepChange.Direction.UP, StepChange.Direction.DOWN


def found(key: str, months: int | None = 6, on: dt.date | None = None) -> set[int]:
    criterion = criteria.CRITERIA[key]
    return set(criterion.episodes(None, months, on or today()).values_list("pk", flat=True))


def test_months_count_back_by_calendar_month():
    assert criteria.months_before(dt.date(2027, 3, 2), 6) == dt.date(2026, 9, 2)
    assert criteria.months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert criteria.months_before(dt.date(2027, 1, 15), 24) == dt.date(2025, 1, 15)


def test_stepped_up_in_the_window(council):
    recent = stepped(council, UP, days=40)
    long_ago = stepped(council, UP, days=300)
    down = stepped(council, DOWN, days=40)
    not_handed_over = stepped(council, UP, days=40, status=StepChange.Status.DECLINED)
    # Work moved before step changes were kept: early help closed as stepped up, social care
    # opened the same week.
    earlier_eh = close(child_with(council, EpisodeKind.EARLY_HELP_CAF, started=200), 50, "EH2")
    legacy = work(council, earlier_eh.child, EpisodeKind.SOCIAL_CARE, 48)
    plain_referral = child_with(council, EpisodeKind.SOCIAL_CARE, started=30)

    assert found("stepped_up") == {recent.pk, legacy.pk}
    assert long_ago.pk in found("stepped_up", months=12)
    assert not {down.pk, not_handed_over.pk, plain_referral.pk} & found("stepped_up", months=24)


def test_stepped_down_in_the_window(council):
    recent = stepped(council, DOWN, days=20)
    long_ago = stepped(council, DOWN, days=250)
    up = stepped(council, UP, days=20)
    assert found("stepped_down") == {recent.pk}
    assert found("stepped_down", months=9) == {recent.pk, long_ago.pk}
    assert up.pk not in found("stepped_down", months=24)


def _cin(council, episode, started=30):
    return start_plan(
        episode=episode,
        kind="cin",
        started_on=days_ago(started),
        recorded_by=council["team_manager"].user,
    )


def test_cin_plan_at_the_early_help_interface(council):
    # Early help ended two months ago, now on a CIN plan: at the interface.
    interface = child_with(council, EpisodeKind.SOCIAL_CARE, started=50)
    close(work(council, interface.child, EpisodeKind.EARLY_HELP_CAF, 200), 60)
    _cin(council, interface)
    # A CIN plan, but no early help in the last 6 months (it ended a year ago).
    no_recent_eh = child_with(council, EpisodeKind.SOCIAL_CARE, started=50)
    close(work(council, no_recent_eh.child, EpisodeKind.EARLY_HELP_CAF, 500), 365)
    _cin(council, no_recent_eh)
    # Early help, but no CIN plan.
    no_plan = child_with(council, EpisodeKind.SOCIAL_CARE, started=50)
    work(council, no_plan.child, EpisodeKind.EARLY_HELP_CAF, 100)
    assert found("cin_interface") == {interface.pk}
    assert found("cin_interface", months=24) == {interface.pk, no_recent_eh.pk}


def test_cp_plan_open_on_the_day(council):
    on_plan = child_with(council, EpisodeKind.SOCIAL_CARE, started=50)
    start_plan(
        episode=on_plan,
        kind="cp",
        started_on=days_ago(20),
        initial_category="NEG",
        recorded_by=council["team_manager"].user,
    )
    on_cin = child_with(council, EpisodeKind.SOCIAL_CARE, started=50)
    _cin(council, on_cin)
    assert found("cp_plan", months=None) == {on_plan.pk}
    assert found("cp_plan", on=days_ago(30)) == set(), "the plan had not started then"


def test_early_help_or_family_help_open(council):
    caf = child_with(council, EpisodeKind.EARLY_HELP_CAF, started=20)
    family_help = child_with(council, EpisodeKind.FAMILY_HELP, started=20)
    single_agency = child_with(council, EpisodeKind.EARLY_HELP_SINGLE_AGENCY, started=20)
    closed = close(child_with(council, EpisodeKind.EARLY_HELP_CAF, started=90), 10)
    social_care = child_with(council, EpisodeKind.SOCIAL_CARE, started=20)
    assert found("early_help_open", months=None) == {caf.pk, family_help.pk}
    assert closed.pk in found("early_help_open", on=days_ago(30))
    assert not {single_agency.pk, social_care.pk} & found("early_help_open")


def test_one_candidate_per_child_the_latest_work(council):
    earlier = close(child_with(council, EpisodeKind.EARLY_HELP_CAF, started=300), 100)
    later = work(council, earlier.child, EpisodeKind.SOCIAL_CARE, 50)
    _complaint(council, [earlier.child], "upheld", 30)
    assert found("complaint_upheld") == {later.pk}


def _complaint(council, children, outcome, answered_ago):
    officer = council["complaints_officer"]
    complaint = complaints.record_complaint(
        complaint_input(council, children, received_on=days_ago(answered_ago + 10)),
        by=officer.user,
    )
    stages.record_response(
        complaint,
        stages.ResponseInput(days_ago(answered_ago), outcomes(complaint, outcome), "Dear Ms A"),
        by=officer.user,
    )
    return complaint


def test_complaint_upheld_in_the_window(council):
    upheld = child_with(council, EpisodeKind.SOCIAL_CARE, started=200)
    partly = child_with(council, EpisodeKind.EARLY_HELP_CAF, started=200)
    not_upheld = child_with(council, EpisodeKind.SOCIAL_CARE, started=200)
    long_ago = child_with(council, EpisodeKind.SOCIAL_CARE, started=400)
    _complaint(council, [upheld.child], "upheld", 30)
    _complaint(council, [partly.child], "partly_upheld", 40)
    _complaint(council, [not_upheld.child], "not_upheld", 30)
    _complaint(council, [long_ago.child], "upheld", 300)
    assert found("complaint_upheld") == {upheld.pk, partly.pk}
    assert long_ago.pk in found("complaint_upheld", months=12)


def test_each_criterion_in_words():
    stepped_up = criteria.CRITERIA["stepped_up"]
    assert stepped_up.label == "Stepped up from early help to social care in the last N months"
    assert (
        stepped_up.describe(6, dt.date(2027, 3, 2))
        == "Stepped up from early help to social care in the 6 months to 2 March 2027"
    )
    assert criteria.CRITERIA["cp_plan"].label == "On a child protection plan"
    assert (
        criteria.CRITERIA["cp_plan"].describe(None, dt.date(2027, 3, 2))
        == "On a child protection plan on 2 March 2027"
    )
    assert {
        "stepped_up",
        "stepped_down",
        "cin_interface",
        "cp_plan",
        "early_help_open",
        "complaint_upheld",
    } <= set(criteria.CRITERIA)
