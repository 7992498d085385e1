"""The voice measures: teams at the target rung in their latest rating (the superseding rating
counts), and issues answered within the response time."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.core import measures
from journey.core.measures import Window, council_tally, team_tallies
from journey.voice.participation.quarters import Quarter
from journey.voice.you_said.services import RESPONSE_DAYS
from tests.voice.conftest import issue, rate, respond

pytestmark = pytest.mark.django_db


def test_the_measures_are_registered():
    for key in ("participation_at_target", "you_said_responded"):
        assert measures.get(key) is not None, key


def test_teams_at_the_target_count_their_latest_current_rating(council, quarter):
    measure = measures.get("participation_at_target")
    rate(council, council.eh_team, quarter.before, 7)
    rate(council, council.eh_team, quarter, 4)  # the latest rating is below the target
    rate(council, council.sc_team, quarter, 5)
    rate(council, council.sc_team, quarter, 6, reason="The panel's minutes came in late.")
    window = Window.month(quarter.ends_on)
    groups = measure.groups(window)
    assert council_tally(groups) == measures.Tally(1, 2)
    tallies = team_tallies(groups)
    assert tallies[council.sc_team.pk] == measures.Tally(1, 1)
    assert tallies[council.eh_team.pk] == measures.Tally(0, 1)
    # Before the last quarter started, the earlier rating was the latest.
    earlier = measure.groups(Window.month(quarter.before.ends_on))
    assert council_tally(earlier) == measures.Tally(1, 1)


def test_issues_are_counted_in_the_month_their_response_fell_due(council):
    measure = measures.get("you_said_responded")
    raised = Quarter.of(dt.date.today()).before.before.starts_on
    due = raised + dt.timedelta(days=RESPONSE_DAYS)
    on_time = issue(council, raised)
    respond(council, on_time, due)
    late = issue(council, raised)
    respond(council, late, due + dt.timedelta(days=1))
    issue(council, raised)  # never answered
    assert council_tally(measure.groups(Window.month(due))) == measures.Tally(1, 3)
