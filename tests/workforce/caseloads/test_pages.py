"""The Caseloads pages: who reads which teams, the unallocated list with its days, restricted
children counted but never named, workers over their limit, a worker's year, and a constant
number of queries as the data grows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.workforce.models import Allocation, Role
from tests.casework.helpers import text_of
from tests.factories import TeamFactory, WorkerFactory
from tests.workforce.caseloads.conftest import plan, social_care

pytestmark = pytest.mark.django_db
CASELOADS = reverse("caseloads")


@pytest.fixture
def work(council):
    """In the social worker's team: one child allocated, one unallocated for 12 days, one
    restricted child unallocated for 30; in Duty and Assessment, one child allocated."""
    manager = council["team_manager"]
    social_care(manager, days=40, allocate_to=council["social_worker"], first_name="Ada")
    social_care(manager, days=12, first_name="Bea", last_name="Unheld")
    secret = social_care(manager, days=30, first_name="Cleo", last_name="Hidden")
    Person.objects.filter(pk=secret.child_id).update(is_restricted=True)
    duty = council["other_social_worker"]
    social_care(duty, days=10, allocate_to=duty, first_name="Dot", last_name="Duty")
    return council


def test_a_team_manager_reads_their_team_with_days_unallocated_and_restricted_not_named(
    work, signed_in
):
    page = text_of(signed_in(work["team_manager"]).get(CASELOADS))
    assert "Child in Need and Protection" in page
    assert "Duty and Assessment" not in page  # not their team
    assert "Bea Unheld" in page and "12" in page
    assert "Hidden" not in page and "Cleo" not in page
    assert "1 of them is a child you may not see: counted here, not named" in page
    assert "2 pieces of open work with no allocated worker" in page


def test_the_unallocated_list_is_longest_first_with_the_days(work, signed_in):
    response = signed_in(work["team_manager"]).get(CASELOADS)
    rows = [(e.days_unallocated, e.child_visible) for e in response.context["unallocated"]]
    assert rows == [(30, False), (12, True)]
    assert response.context["unallocated_count"] == 2
    assert response.context["open_count"] == 3


def test_a_head_of_service_and_the_assistant_director_read_every_team_of_theirs(work, signed_in):
    for role in (Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER):
        response = signed_in(work[role]).get(CASELOADS)
        teams = {row.team.name for row in response.context["team_rows"]}
        assert {"Child in Need and Protection", "Duty and Assessment"} <= teams, role
    early_help = {
        r.team.name for r in signed_in(work["head_of_service"]).get(CASELOADS).context["team_rows"]
    }
    assert "Early Help North" not in early_help  # another service's team
    director = {
        r.team.name
        for r in signed_in(work["assistant_director"]).get(CASELOADS).context["team_rows"]
    }
    assert "Early Help North" in director


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.EXTERNAL_LEAD_PROFESSIONAL,
        Role.CP_PARTNER,
        Role.REVIEWER,
        Role.ADMINISTRATOR,
        Role.COMPLAINTS_OFFICER,
    ],
)
def test_those_who_do_not_manage_are_refused_and_told_why(work, signed_in, role):
    client = signed_in(work[role])
    for url in (
        CASELOADS,
        reverse("caseload_rules"),
        reverse("worker_caseload", args=[work["social_worker"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Caseloads are read by team managers" in text_of(response)
    assert AccessEvent.objects.filter(user=work[role].user, action="denied").count() == 3


def test_a_team_manager_cannot_read_a_worker_in_another_team(work, signed_in):
    client = signed_in(work["team_manager"])
    response = client.get(reverse("worker_caseload", args=[work["other_social_worker"].pk]))
    assert response.status_code == 403
    assert "not in one" in text_of(response)
    assert (
        client.get(reverse("worker_caseload", args=[work["social_worker"].pk])).status_code == 200
    )


def test_a_worker_over_their_limit_is_flagged_and_their_year_shows_it(work, signed_in):
    sw, manager = work["social_worker"], work["team_manager"]
    sw.caseload_limit = 2
    sw.save()
    plan(social_care(manager, days=100, allocate_to=sw), "cp", days=45, by=manager)
    page = text_of(signed_in(manager).get(CASELOADS))
    assert "1 worker over their limit" in page
    assert "Over limit" in page
    response = signed_in(manager).get(reverse("worker_caseload", args=[sw.pk]))
    months = response.context["months"]
    assert len(months) == 12
    assert str(months[-1][1]) == "weighted 2.5 of a limit of 2 (2 pieces of work)"
    assert months[-1][1].over_limit
    assert not months[0][1].over_limit  # a year ago they held nothing
    text = text_of(response)
    assert "Ada" in text and "Child protection plan" in text
    assert "<svg" in response.content.decode() and "Over the limit" in text


def test_the_team_view_says_who_is_over_their_limit(work, signed_in):
    work["social_worker"].caseload_limit = 0
    work["social_worker"].save()
    page = text_of(signed_in(work["team_manager"]).get(reverse("team")))
    assert "1 worker in the team is over their caseload limit" in page
    assert "See the team's caseloads" in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CASELOADS).status_code == 200
    return len(captured.captured_queries)


def test_the_caseloads_page_makes_the_same_number_of_queries_as_the_data_grows(work, signed_in):
    client = signed_in(work["assistant_director"])
    before = _queries(client)
    manager = work["team_manager"]
    for n in range(4):
        team = TeamFactory(name=f"Grown team {n}", service=work.sc_team.service)
        worker = WorkerFactory(team=team, role=Role.SOCIAL_WORKER)
        WorkerFactory(team=team, role=Role.TEAM_MANAGER)
        held = social_care(manager, days=50, allocate_to=worker)
        plan(held, "cin", days=40, by=manager)
        social_care(manager, days=5 + n)  # unallocated
    assert Allocation.objects.count() > 5
    assert _queries(client) == before


def test_a_workers_year_makes_the_same_number_of_queries_as_the_data_grows(work, signed_in):
    sw, manager = work["social_worker"], work["team_manager"]
    client = signed_in(manager)
    url = reverse("worker_caseload", args=[sw.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(4):
        social_care(manager, days=300 - n * 40, allocate_to=sw)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second.captured_queries) == len(first.captured_queries)
