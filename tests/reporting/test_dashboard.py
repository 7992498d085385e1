"""The leadership dashboard as heads of service and the assistant director read it: stored
months and this month live, the target from a plan's action, where it counts, who may read it,
and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.core.working_days import add_months
from journey.improvement.models import MeasureFigure
from journey.reporting.dashboard import selectors
from journey.reporting.dashboard.selectors import Section
from tests.factories import make_child, make_episode
from tests.improvement_world import OPEN_CASES, TODAY

THIS_MONTH = TODAY.replace(day=1)
LAST = add_months(THIS_MONTH, -1)


@pytest.fixture
def on_dashboard(monkeypatch, test_measure):
    """The dashboard shows the test measure only."""
    section = Section("Tests", "tests", (OPEN_CASES.key,), "A test section.")
    monkeypatch.setattr(selectors, "SECTIONS", (section,))


def store(month: dt.date, numerator: int, denominator: int, team=None) -> None:
    MeasureFigure.objects.create(
        measure=OPEN_CASES.key,
        month=month,
        team=team,
        numerator=numerator,
        denominator=denominator,
        computed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def page(client, worker, **query) -> str:
    client.force_login(worker.user)
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "role", ["social_worker", "practitioner", "external_lead", "cp_partner", "reviewer"]
)
def test_the_dashboard_is_refused_to_those_who_do_not_read_the_measures(council, client, role):
    client.force_login(council[role].user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 403
    assert "The measures are for team managers" in response.content.decode()


def test_stored_months_and_this_month_live_with_the_target_from_a_plan(
    world, council, client, on_dashboard
):
    store(LAST, 3, 4)
    store(add_months(LAST, -1), 1, 4)
    tm = council["team_manager"]
    make_episode(make_child(tm), tm, started_on=THIS_MONTH)
    html = page(client, council["assistant_director"])
    table = html[html.index('id="table-test_open_cases"') :]
    assert "75.0%" in table and "25.0%" in table  # the stored months
    assert "100.0%</strong> this month so far; 75.0% in" in html  # 1 of 1 open today
    assert "Target: 90.0%." in html  # the measured action's target, whole council
    assert f"?month={THIS_MONTH:%Y-%m}" in table  # each figure links to what it counted


def test_a_head_of_service_starts_with_their_service(council, client, on_dashboard):
    hos = council["head_of_service"]
    store(LAST, 1, 2, team=council.sc_team)
    store(LAST, 1, 1, team=council.other_sc_team)
    store(LAST, 0, 5, team=council.eh_team)
    store(LAST, 2, 8)  # the whole council, as the snapshot stores it
    html = page(client, hos)
    assert '<span class="govuk-caption-l">Children\'s Social Care</span>' in html.replace(
        "&#x27;", "'"
    )
    assert "66.7% in" in html  # 2 of the 3 in the service's two teams, not early help's
    council_wide = page(client, hos, where="")
    assert "25.0% in" in council_wide  # 2 of all 8
    one_team = page(client, hos, where=f"t{council.eh_team.pk}")
    assert "0.0% in" in one_team and f"team={council.eh_team.pk}" in one_team


def _queries(client, worker) -> int:
    client.force_login(worker.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_data(world, council, client, on_dashboard):
    ad = council["assistant_director"]
    before = _queries(client, ad)
    tm = council["team_manager"]
    for back in range(1, 12):
        store(add_months(THIS_MONTH, -back), back, 12)
        store(add_months(THIS_MONTH, -back), back, 12, team=council.sc_team)
    for _ in range(5):
        make_episode(make_child(tm), tm, started_on=LAST, allocate_to=council["social_worker"])
    assert _queries(client, ad) == before


def test_this_months_figures_are_reused_for_a_few_minutes(council, client, on_dashboard, settings):
    from django.core.cache import cache

    settings.JOURNEY_LIVE_FIGURES_SECONDS = 300
    cache.clear()
    tm = council["team_manager"]
    make_episode(make_child(tm), tm, started_on=THIS_MONTH)
    try:
        first = _queries(client, council["assistant_director"])
        make_episode(make_child(tm), tm, started_on=THIS_MONTH)
        assert _queries(client, council["assistant_director"]) == first - 1
        html = page(client, council["assistant_director"])
        assert "this month so far as counted at" in html
        cache.clear()
        again = page(client, council["assistant_director"])
        table = again[again.index('id="table-test_open_cases"') :]
        assert "100.0%" in table  # counted again: both of today's open cases
    finally:
        cache.clear()
