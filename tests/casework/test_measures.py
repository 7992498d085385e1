"""Casework's measures against hand-built case histories: exact counts for September 2026, what
falls on its last day and on October's first, a past month read as it stood at its end, the team
and worker breakdowns, one query for the figures, and each measure in the registry.

The records go through the services (which refuse future dates: everything here is in the past).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason, EpisodeKind
from journey.casework import measures as shared
from journey.casework.early_help import measures as early_help_measures
from journey.casework.early_help import services as early_help
from journey.casework.family_group import measures as family_group_measures
from journey.casework.family_group import selectors as family_group_selectors
from journey.casework.family_group import services as fgdm
from journey.casework.family_group.services import MeetingInput
from journey.casework.models import CaseNote, Plan, PlanAction
from journey.casework.services import record_assessment, record_case_note, start_plan
from journey.casework.statutory.services import end_plan
from journey.casework.summaries import measures as summaries_measures
from journey.casework.summaries.services import write_case_summary
from journey.casework.supervision import measures as supervision_measures
from journey.casework.supervision.services import record_supervision
from journey.casework.visits import measures as visits_measures
from journey.casework.visits.services import set_visiting_standard
from journey.core import measures
from journey.core.measures import Tally, Window, council_tally
from journey.core.working_days import add_working_days
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode, views_of

LONDON = ZoneInfo("Europe/London")
SEP = Window.month(dt.date(2026, 9, 1))
OCT = Window.month(dt.date(2026, 10, 1))


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def work(council, started: dt.date, worker=None, kind=EpisodeKind.SOCIAL_CARE, lead=None):
    """Open work for a new child, allocated to the worker (default: the social worker) from the
    day it started, with a lead professional from then if one is given."""
    worker = worker or council["social_worker"]
    child = make_child(worker)
    episode = make_episode(child, worker, kind=kind, started_on=started, allocate_to=worker)
    if lead is not None:
        allocate(episode, lead, started, kind=Allocation.Kind.LEAD_PROFESSIONAL)
    return episode


def allocate(episode, worker, on: dt.date, kind=Allocation.Kind.WORKER):
    case_services.allocate(
        episode, worker=worker, kind=kind, started_on=on, allocated_by=worker.user
    )


def close(episode, on: dt.date):
    reason = "RC8" if episode.kind == EpisodeKind.SOCIAL_CARE else EarlyHelpClosureReason.OTHER
    case_services.close_episode(
        episode,
        ended_on=on,
        reason=reason,
        note="The family moved away.",
        closed_by=episode.opened_by,
    )


def taf(episode, on: dt.date, by, *, next_due_on=None, actions=(), views="I like school."):
    return early_help.hold_taf_meeting(
        episode,
        held_on=on,
        by=by.user,
        attendees=[early_help.AttendeeInput(name="Sam Pennington", role="Mum")],
        actions=[
            early_help.ActionInput(description=f"Action due {due}", due_on=due, owner=by)
            for due in actions
        ],
        views=views_of(views, not_obtained="The child is a baby."),
        next_due_on=next_due_on,
    )


def registered_as(key: str, measure) -> None:
    assert measures.get(key) is measure


# --- TAF meetings held within timescale --------------------------------------------------------


@pytest.fixture
def tafs(council):
    """Four pieces of CAF work (first TAF due within 42 days, then 42 days after the last):

    - A (lead: the practitioner, then from 20 September the school's lead professional): TAFs on
      1 July (setting the next for 10 September), 10 September (on the day due) and 30 September;
    - B (lead: the school's): opened 1 August, first TAF due 12 September, held 13 September;
    - C (no lead): opened 1 July, no TAF ever (overdue since 12 August);
    - D (lead: the practitioner): opened 25 August, first TAF 1 October (due 6 October).
    """
    practitioner, school = council["practitioner"], council["external_lead"]
    caf = EpisodeKind.EARLY_HELP_CAF
    a = work(council, d(6, 1), practitioner, caf, lead=practitioner)
    taf(a, d(7, 1), practitioner, next_due_on=d(9, 10))
    taf(a, d(9, 10), practitioner)
    allocate(a, school, d(9, 20), kind=Allocation.Kind.LEAD_PROFESSIONAL)
    taf(a, d(9, 30), practitioner)
    b = work(council, d(8, 1), practitioner, caf, lead=school)
    taf(b, d(9, 13), practitioner)
    c = work(council, d(7, 1), practitioner, caf)
    dee = work(council, d(8, 25), practitioner, caf, lead=practitioner)
    taf(dee, d(10, 1), practitioner)
    return {"a": a, "b": b, "c": c, "d": dee}


def test_tafs_held_within_timescale_out_of_those_held_or_overdue(council, tafs):
    measure = early_help_measures.TAF_WITHIN_TIMESCALE
    # September: A's two (in time, one on its due date), B's (a day late), C's overdue TAF.
    assert council_tally(measure.groups(SEP)) == Tally(2, 4)
    # October: D's first TAF, in time (held on 1 October: not September's); B's next TAF (due 25
    # October) and C's first are overdue at the month's end; A's next is not due until November.
    assert council_tally(measure.groups(OCT)) == Tally(1, 3)


def test_tafs_are_counted_under_the_lead_professional_on_the_day(council, tafs):
    team = council.eh_team.pk
    practitioner, school = council["practitioner"].pk, council["external_lead"].pk
    groups = early_help_measures.TAF_WITHIN_TIMESCALE.groups(SEP)
    assert groups == {
        (team, practitioner): Tally(1, 1),  # A on 10 September
        (team, school): Tally(1, 2),  # A on 30 September, after the lead changed; B late
        (team, None): Tally(0, 1),  # C: no lead professional
    }


def test_closed_caf_work_is_not_overdue(council, tafs):
    close(tafs["c"], d(9, 30))
    assert council_tally(early_help_measures.TAF_WITHIN_TIMESCALE.groups(SEP)) == Tally(2, 3)


def test_the_taf_figure_is_one_query(council, tafs, django_assert_num_queries):
    with django_assert_num_queries(1):
        early_help_measures.TAF_WITHIN_TIMESCALE.groups(SEP)
    registered_as("taf_within_timescale", early_help_measures.TAF_WITHIN_TIMESCALE)


# --- early help actions overdue ----------------------------------------------------------------


@pytest.fixture
def actions(council):
    """CAF work with a TAF on 1 August agreeing five actions, due 29 and 30 September, 15 and 20
    August and 1 October; the one due 15 August done only on 5 October, the one due 20 August
    done on 15 September."""
    practitioner = council["practitioner"]
    episode = work(council, d(6, 1), practitioner, EpisodeKind.EARLY_HELP_CAF)
    taf(episode, d(8, 1), practitioner, actions=[d(9, 29), d(9, 30), d(8, 15), d(8, 20), d(10, 1)])
    by_due = {a.due_on: a for a in PlanAction.objects.filter(plan__episode=episode)}
    done = PlanAction.Status.DONE
    early_help.record_action_progress(
        by_due[d(8, 15)], note="Done.", status=done, by=practitioner.user, noted_on=d(10, 5)
    )
    early_help.record_action_progress(
        by_due[d(8, 20)], note="Done.", status=done, by=practitioner.user, noted_on=d(9, 15)
    )
    return episode


def test_actions_overdue_at_the_months_end_as_they_stood(council, actions):
    measure = early_help_measures.EARLY_HELP_ACTIONS_OVERDUE
    # Open on 30 September: due 29 Sep (overdue), 30 Sep (due that day: not yet), 15 Aug (done
    # only in October: open and overdue then), 1 Oct. The one done on 15 September is not open.
    assert measure.groups(SEP) == {(council.eh_team.pk, None): Tally(2, 4)}
    # On 31 October: the actions due 29 and 30 September and 1 October are open and overdue.
    assert council_tally(measure.groups(OCT)) == Tally(3, 3)
    # In July no action had been agreed yet.
    assert council_tally(measure.groups(Window.month(d(7, 1)))) == Tally(0, 0)


def test_actions_of_closed_work_are_not_counted(council, actions):
    early_help.close_early_help(
        actions,
        ended_on=d(10, 20),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        outcome="Attendance is back above 95%.",
        family_feedback="Mum says mornings are calmer.",
        next_step="Universal services: the school keeps an eye.",
        by=council["practitioner"].user,
        open_actions_note="No longer needed: the family is doing well.",
    )
    measure = early_help_measures.EARLY_HELP_ACTIONS_OVERDUE
    assert council_tally(measure.groups(SEP)) == Tally(2, 4)
    assert council_tally(measure.groups(OCT)) == Tally(0, 0)


def test_the_actions_figure_is_one_query(council, actions, django_assert_num_queries):
    with django_assert_num_queries(1):
        early_help_measures.EARLY_HELP_ACTIONS_OVERDUE.groups(SEP)
    registered_as("early_help_actions_overdue", early_help_measures.EARLY_HELP_ACTIONS_OVERDUE)


# --- supervision within the interval ----------------------------------------------------------


def supervise(council, episode, on: dt.date, next_due_on=None):
    record_supervision(
        episode=episode,
        supervisor=council["team_manager"],
        held_on=on,
        discussion="Reviewed the plan and the family's engagement.",
        next_due_on=next_due_on,
    )


@pytest.fixture
def supervised(council):
    """Social care work (supervised every 28 days), most opened 1 June."""
    e1 = work(council, d(6, 1))
    supervise(council, e1, d(9, 2))  # next due 30 September: in time on the 30th
    e2 = work(council, d(6, 1))
    supervise(council, e2, d(9, 1))  # next due 29 September: overdue on the 30th
    e3 = work(council, d(6, 1))
    supervise(council, e3, d(9, 20), next_due_on=d(9, 25))  # the date it set: overdue
    allocate(e3, council["team_manager"], d(10, 5))  # a new worker after September
    e4 = work(council, d(9, 10))  # never supervised: due 8 October
    e5 = work(council, d(6, 1))
    supervise(council, e5, d(9, 1))
    supervise(council, e5, d(10, 1))  # too late for September's end
    e6 = work(council, d(6, 1))
    close(e6, d(9, 30))  # closed on the month's last day: not open at its end
    e7 = work(council, d(6, 1), council["other_social_worker"])
    supervise(council, e7, d(9, 20))
    return [e1, e2, e3, e4, e5, e6, e7]


def test_open_cases_supervised_within_the_interval_by_team_and_worker(council, supervised):
    sw, other = council["social_worker"].pk, council["other_social_worker"].pk
    groups = supervision_measures.SUPERVISION_WITHIN_INTERVAL.groups(SEP)
    assert groups == {
        (council.sc_team.pk, sw): Tally(2, 5),  # e1, e4 in time; e2, e3, e5 overdue
        (council.other_sc_team.pk, other): Tally(1, 1),
    }


def test_supervision_next_month(council, supervised):
    manager = council["team_manager"].pk
    groups = supervision_measures.SUPERVISION_WITHIN_INTERVAL.groups(OCT)
    # On 31 October: e3 (due 25 Sep, now held by the manager), e2 (29 Sep), e4 (8 Oct), e5
    # (29 Oct), e7 (18 Oct) and e1 (30 Sep) are all overdue.
    assert groups[(council.sc_team.pk, manager)] == Tally(0, 1)
    assert council_tally(groups) == Tally(0, 6)


def test_the_supervision_figure_is_one_query(council, supervised, django_assert_num_queries):
    with django_assert_num_queries(1):
        supervision_measures.SUPERVISION_WITHIN_INTERVAL.groups(SEP)
    registered_as("supervision_within_interval", supervision_measures.SUPERVISION_WITHIN_INTERVAL)


# --- reflective case summaries up to date ------------------------------------------------------


def summarise(council, episode, on: dt.date):
    write_case_summary(
        episode,
        occasion="regular",
        written_on=on,
        summary="Attendance is better and the home is calmer.",
        analysis="The plan is working; the risk of neglect is lower.",
        by=council["social_worker"].user,
    )


@pytest.fixture
def summarised(council, settings):
    """Social care work with a summary due every 3 months: on 30 September one written on 30 June
    is up to date, one of 29 June is not."""
    settings.JOURNEY_CASE_SUMMARY_MONTHS = 3
    s1 = work(council, d(3, 1))
    summarise(council, s1, d(6, 30))
    s2 = work(council, d(3, 1))
    summarise(council, s2, d(6, 29))
    s3 = work(council, d(7, 15))  # opened under three months ago: none due yet
    s4 = work(council, d(3, 1), council["other_social_worker"])
    summarise(council, s4, d(5, 1))
    summarise(council, s4, d(10, 2))  # after the month's end
    work(council, d(3, 1), council["practitioner"], EpisodeKind.EARLY_HELP_CAF)  # not counted
    return [s1, s2, s3, s4]


def test_reflective_summaries_up_to_date_at_the_months_end(council, summarised):
    sw, other = council["social_worker"].pk, council["other_social_worker"].pk
    groups = summaries_measures.REFLECTIVE_SUMMARIES_CURRENT.groups(SEP)
    assert groups == {
        (council.sc_team.pk, sw): Tally(2, 3),
        (council.other_sc_team.pk, other): Tally(0, 1),
    }
    # On 31 October the summary of 2 October is up to date; 30 June's no longer is, and the
    # work opened on 15 July is now due one.
    october = summaries_measures.REFLECTIVE_SUMMARIES_CURRENT.groups(OCT)
    assert october[(council.other_sc_team.pk, other)] == Tally(1, 1)
    assert october[(council.sc_team.pk, sw)] == Tally(0, 3)


def test_the_earliest_summary_still_up_to_date():
    earliest = summaries_measures.earliest_current
    assert earliest(d(9, 30), 3) == d(6, 30)
    # 30 November: a summary of 31 August is due 30 November (no 31st), so still up to date.
    assert earliest(d(11, 30), 3) == d(8, 30)
    assert earliest(d(5, 31), 3) == d(3, 1)  # 28 February + 3 months is 28 May


def test_the_summaries_figure_is_one_query(council, summarised, django_assert_num_queries):
    with django_assert_num_queries(1):
        summaries_measures.REFLECTIVE_SUMMARIES_CURRENT.groups(SEP)
    registered_as("reflective_summaries_current", summaries_measures.REFLECTIVE_SUMMARIES_CURRENT)


# --- visits within the visiting standard -------------------------------------------------------


def plan(council, episode, on: dt.date, kind=Plan.Kind.CIN):
    return start_plan(
        episode=episode,
        kind=kind,
        started_on=on,
        recorded_by=council["social_worker"].user,
        initial_category="NEG" if kind == Plan.Kind.CP else "",
    )


def seen(council, episode, when: dt.datetime, child_seen: bool = True):
    record_case_note(
        episode=episode,
        kind=CaseNote.Kind.HOME,
        occurred_at=when,
        text="Home visit.",
        recorded_by=council["social_worker"].user,
        child_seen=child_seen,
    )


@pytest.fixture
def visited(council, settings):
    """Children on plans on Wednesday 30 September 2026. A child in need plan's child is seen
    every 20 working days (back to Wednesday 2 September), a child protection plan's every 10
    (back to Wednesday 16 September)."""
    settings.JOURNEY_VISIT_WORKING_DAYS = {"cp": 10, "cin": 20}
    v1 = work(council, d(6, 1))
    plan(council, v1, d(6, 1))
    seen(council, v1, at(9, 2, 9))
    v2 = work(council, d(6, 1))
    plan(council, v2, d(6, 1))
    seen(council, v2, at(9, 1, 17))
    v3 = work(council, d(6, 1))
    plan(council, v3, d(6, 1))
    seen(council, v3, at(9, 1))
    seen(council, v3, at(9, 20), child_seen=False)
    seen(council, v3, at(10, 1, 0, 30))  # half past midnight on 1 October
    v4 = work(council, d(6, 1), council["other_social_worker"])
    plan(council, v4, d(9, 16), kind=Plan.Kind.CP)  # started on the earliest day in time
    v5 = work(council, d(6, 1))
    own = plan(council, v5, d(6, 1))
    set_visiting_standard(own, 5, by=council["team_manager"].user)  # back to 23 September
    seen(council, v5, at(9, 23))
    v6 = work(council, d(6, 1))
    ended = plan(council, v6, d(6, 1))
    end_plan(ended, ended_on=d(9, 20), by=council["social_worker"].user, note="Needs met.")
    return [v1, v2, v3, v4, v5, v6]


def test_children_seen_within_the_plans_standard(council, visited):
    assert add_working_days(d(9, 2), 20) == d(9, 30)  # seen on the 2nd: due on the 30th
    sw, other = council["social_worker"].pk, council["other_social_worker"].pk
    groups = visits_measures.VISITS_WITHIN_INTERVAL.groups(SEP)
    assert groups == {
        (council.sc_team.pk, sw): Tally(2, 4),  # v1 and v5 in time; v2 and v3 not
        (council.other_sc_team.pk, other): Tally(1, 1),  # v4's plan started in time
    }


def test_a_visit_after_the_month_does_not_count_for_it(council, visited):
    # v3 was seen on 1 October, after September's end; its next visit was due by 29 October.
    assert add_working_days(d(10, 1), 20) == d(10, 29)
    groups = visits_measures.VISITS_WITHIN_INTERVAL.groups(OCT)
    # So on Saturday 31 October every child on a plan is overdue a visit (v6's plan has ended).
    assert council_tally(groups) == Tally(0, 5)


def test_the_visits_figure_is_one_query(council, visited, django_assert_num_queries):
    with django_assert_num_queries(1):
        visits_measures.VISITS_WITHIN_INTERVAL.groups(SEP)
    registered_as("visits_within_interval", visits_measures.VISITS_WITHIN_INTERVAL)


# --- the child's views in assessments and plans -------------------------------------------------


def assess(council, episode, started, completed, views="", kind="single"):
    return record_assessment(
        episode=episode,
        kind=kind,
        started_on=started,
        completed_on=completed,
        views=views_of(views),
        recorded_by=council["social_worker"].user,
    )


def test_assessments_completed_in_the_month_with_the_childs_views(
    council, django_assert_num_queries
):
    practitioner = council["practitioner"]
    caf = work(council, d(6, 1), practitioner, EpisodeKind.EARLY_HELP_CAF)
    assess(council, caf, d(9, 1), d(9, 30), "I want to see my dad more.", kind="caf")
    social_care = work(council, d(6, 1))
    assess(council, social_care, d(8, 1), d(9, 1))  # no views
    assess(council, social_care, d(9, 1), d(10, 1), "I am happy at school.")  # October's
    assess(council, social_care, d(9, 5), None, "Not finished.")  # a draft
    assess(council, social_care, d(8, 1), d(8, 31), "August's.")
    measure = shared.ASSESSMENTS_WITH_CHILD_VIEWS
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    assert groups == {
        (council.eh_team.pk, None): Tally(1, 1),
        (council.sc_team.pk, None): Tally(0, 1),
    }
    assert council_tally(measure.groups(OCT)) == Tally(1, 1)
    registered_as("assessments_with_child_views", measure)


def test_plans_started_in_the_month_with_the_childs_views(council, django_assert_num_queries):
    practitioner = council["practitioner"]
    caf = EpisodeKind.EARLY_HELP_CAF
    # Early help plans start at a TAF: its child's views count.
    taf(work(council, d(6, 1), practitioner, caf), d(9, 10), practitioner)
    taf(work(council, d(6, 1), practitioner, caf), d(9, 12), practitioner, views="")
    # Child in need plans: the latest assessment completed by the day the plan started.
    p3 = work(council, d(6, 1))
    assess(council, p3, d(9, 1), d(9, 20), "I feel safe with nan.")
    plan(council, p3, d(9, 30))
    p4 = work(council, d(6, 1))
    assess(council, p4, d(7, 1), d(8, 1), "Older views.")
    assess(council, p4, d(8, 2), d(9, 1))  # the latest, without them
    plan(council, p4, d(9, 5))
    p5 = work(council, d(6, 1))
    assess(council, p5, d(9, 1), d(9, 2), "October's plan.")
    plan(council, p5, d(10, 1))
    measure = shared.PLANS_WITH_CHILD_VIEWS
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    assert groups == {
        (council.eh_team.pk, None): Tally(1, 2),
        (council.sc_team.pk, None): Tally(1, 2),
    }
    assert council_tally(measure.groups(OCT)) == Tally(1, 1)
    registered_as("plans_with_child_views", measure)


# --- family group decision-making ---------------------------------------------------------------

PLAN_WORDS = (
    "Nan will collect the children from school every weekday and their aunt will stay at "
    "weekends; Mum will go to the family centre on Tuesdays."
)


def offer(council, episode, on: dt.date, response: str = "", answered: dt.date | None = None):
    made = fgdm.offer_family_group_meeting(
        episode, offered_on=on, offered_to="Kim Ashworth", by=council["social_worker"].user
    )
    if response:
        made = fgdm.record_family_answer(
            made,
            response=response,
            responded_on=answered,
            response_by="Kim Ashworth, the children's mother",
            by=council["social_worker"].user,
        )
    return made


def hold_family_meeting(council, accepted, on: dt.date):
    return fgdm.record_family_group_meeting(
        accepted,
        MeetingInput(
            held_on=on,
            coordinator="Pat Lowe, independent coordinator",
            who_came="Kim (mother), Joan (Nan), Jo (aunt)",
            private_family_time=True,
            family_plan=PLAN_WORDS,
            review_on=on + dt.timedelta(days=42),
        ),
        by=council["social_worker"].user,
    )


@pytest.fixture
def offers(council):
    """Offers made on 1 September (accepted only on 3 October), 30 September (declined), 15
    September (no answer yet, in another team) and 1 October (accepted); meetings held on 30
    September and 10 October."""
    accepted = offer(council, work(council, d(6, 1)), d(9, 1), "accepted", d(10, 3))
    offer(council, work(council, d(6, 1)), d(9, 30), "declined", d(10, 2))
    offer(council, work(council, d(6, 1), council["other_social_worker"]), d(9, 15))
    october = offer(council, work(council, d(6, 1)), d(10, 1), "accepted", d(10, 1))
    earlier = offer(council, work(council, d(6, 1)), d(8, 1), "accepted", d(8, 5))
    hold_family_meeting(council, earlier, d(9, 30))
    hold_family_meeting(council, accepted, d(10, 10))
    hold_family_meeting(council, october, d(10, 31))
    return accepted


def test_family_group_offers_accepted_agree_with_the_family_group_figures(
    council, offers, django_assert_num_queries
):
    measure = family_group_measures.FAMILY_GROUP_OFFERS_ACCEPTED
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    assert groups == {
        (council.sc_team.pk, None): Tally(1, 2),
        (council.other_sc_team.pk, None): Tally(0, 1),
    }
    page = family_group_measures_of(SEP)
    assert council_tally(groups) == Tally(page.accepted, page.offers)
    assert council_tally(measure.groups(OCT)) == Tally(1, 1)
    registered_as("family_group_offers_accepted", measure)


def test_family_group_meetings_held_in_the_month(council, offers, django_assert_num_queries):
    measure = family_group_measures.FAMILY_GROUP_MEETINGS_HELD
    with django_assert_num_queries(1):
        groups = measure.groups(SEP)
    assert groups == {(council.sc_team.pk, None): Tally(1, 1)}
    assert council_tally(measure.groups(OCT)).value(measure.unit) == 2
    assert family_group_measures_of(OCT).meetings == 2
    registered_as("family_group_meetings_held", measure)


def family_group_measures_of(window: Window):
    return family_group_selectors.family_group_measures(window.first, window.after)
