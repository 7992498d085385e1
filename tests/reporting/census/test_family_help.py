"""Family Help in the CIN census: each period of section 17 status is one CINdetails, with the
Family Help plan returned as child in need plan dates except while a child protection plan
replaces it; targeted Family Help is not in the return."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases.family_help.services import begin_section17, end_section17
from journey.casework.models import Plan
from journey.casework.services import start_plan
from journey.casework.statutory.services import (
    ConferenceDecision,
    end_plan,
    hold_initial_conference,
    record_section47_outcome,
)
from journey.reporting.census import rules
from journey.reporting.census.collection import Collection, census_children, current_year
from tests.family_help import TODAY, in_need, strategy

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _returned(child):
    collection = Collection(current_year(TODAY))
    return next((c for c in census_children(collection) if c.person_id == child.pk), None)


def test_targeted_family_help_is_not_in_the_return(fh):
    assert _returned(fh["child"]) is None


def test_each_period_in_need_is_one_cin_details_with_its_own_dates(fh):
    episode, manager = fh["episode"], fh["manager"]
    start_plan(
        episode=episode,
        kind=Plan.Kind.FAMILY_HELP,
        started_on=TODAY - 110 * DAY,
        recorded_by=manager.user,
    )
    reason = "The school describes a family in acute stress after a bereavement."
    begin_section17(
        episode,
        started_on=TODAY - 100 * DAY,
        referral_source="2A",
        primary_need="N4",
        reason=reason,
        decided_by=manager,
    )
    end_section17(
        episode,
        ended_on=TODAY - 60 * DAY,
        closure_reason="RC7",
        reason="Home is calmer and the child is in school every day now.",
        decided_by=manager,
    )
    begin_section17(
        episode,
        started_on=TODAY - 20 * DAY,
        referral_source="5D",
        primary_need="N5",
        reason=reason,
        decided_by=manager,
    )
    child = _returned(fh["child"])
    first, second = child.episodes
    assert (first.referral_date, first.referral_source, first.primary_need) == (
        TODAY - 100 * DAY,
        "2A",
        "N4",
    )
    assert (first.closure_date, first.closure_reason) == (TODAY - 60 * DAY, "RC7")
    assert [(p.start, p.end) for p in first.cin_plans] == [(TODAY - 100 * DAY, TODAY - 60 * DAY)]
    assert (second.referral_date, second.closure_date) == (TODAY - 20 * DAY, None)
    assert [(p.start, p.end) for p in second.cin_plans] == [(TODAY - 20 * DAY, None)]


def test_a_child_protection_plan_replaces_the_cin_plan_dates_and_they_resume(council, fh):
    episode, manager = fh["episode"], fh["manager"]
    start_plan(
        episode=episode,
        kind=Plan.Kind.FAMILY_HELP,
        started_on=TODAY - 110 * DAY,
        recorded_by=manager.user,
    )
    strategy(fh, council, days_ago=90)  # the child becomes in need that day
    enquiry = episode.section47s.get()
    lcpp = fh["lcpp"].user
    record_section47_outcome(enquiry, outcome="icpc", completed_on=TODAY - 85 * DAY, by=lcpp)
    hold_initial_conference(
        episode=episode,
        held_on=TODAY - 80 * DAY,
        decision=ConferenceDecision.CP_PLAN,
        category="NEG",
        section47=enquiry,
        recorded_by=lcpp,
    )
    end_plan(
        episode.plans.get(kind=Plan.Kind.CP),
        ended_on=TODAY - 30 * DAY,
        by=lcpp,
        note="The risk has reduced; Family Help continues.",
    )
    (details,) = _returned(fh["child"]).episodes
    assert details.referral_date == TODAY - 90 * DAY
    assert [(p.start, p.end) for p in details.cin_plans] == [
        (TODAY - 90 * DAY, TODAY - 80 * DAY),
        (TODAY - 30 * DAY, None),
    ]
    assert [(p.start, p.end) for p in details.cp_plans] == [(TODAY - 80 * DAY, TODAY - 30 * DAY)]
    assert [s.start for s in details.section47s] == [TODAY - 90 * DAY]
    breaches = [
        b for b in rules.check(Collection(current_year(TODAY))).breaches if not b.rule.query
    ]
    child_rules = {b.rule.number for b in breaches if b.child.person_id == fh["child"].pk}
    # The test child lacks the census's personal details (ethnicity, UPN): only those may show.
    assert not child_rules - {"4220", "1510", "8540", "1520", "8510", "8500"}, child_rules


def test_annex_a_lists_family_help_children_in_need_held_by_their_lead(council, fh):
    from journey.reporting.annex_a import lists

    in_need(fh, days_ago=50)
    period = lists.Period(TODAY - 100 * DAY, TODAY)
    local_id = fh["child"].local_id
    (referral,) = [r for r in lists.list_3_referrals(period) if r[0] == local_id]
    assert referral[5] == TODAY - 50 * DAY
    (row,) = [r for r in lists.list_6_children_in_need(period) if r[0] == local_id]
    assert row[-2] == fh["team"].name
    assert row[-1] == council["external_lead"].name  # Family Help's lead practitioner holds it
    assert lists.counts(period)[6] == 1 and fh["child"].pk in lists.child_ids(period)


def test_the_measures_count_family_helps_changes_of_intensity_and_protection(council, fh):
    from journey.cases.family_help.selectors import family_help_measures

    manager = fh["manager"]
    in_need(fh, days_ago=100)
    end_section17(
        fh["episode"],
        ended_on=TODAY - 70 * DAY,
        closure_reason="RC7",
        reason="Home is calmer and the child is in school every day now.",
        decided_by=manager,
    )
    strategy(fh, council, days_ago=40)  # in need again, with an enquiry and its lead
    figures = family_help_measures(TODAY - 180 * DAY, TODAY + DAY)
    assert (figures.opened, figures.open_at_end) == (1, 1)
    assert (figures.found_in_need, figures.back_to_targeted) == (2, 1)
    assert (figures.enquiries, figures.enquiries_led) == (1, 1)
    assert figures.cp_plans_started == 0
    other_team = family_help_measures(TODAY - 180 * DAY, TODAY + DAY, council.sc_team.pk)
    assert (other_team.opened, other_team.found_in_need, other_team.enquiries) == (0, 0, 0)
