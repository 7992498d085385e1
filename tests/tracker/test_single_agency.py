"""The single-agency (level 2) tracker: open work, and closed work that did not escalate."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason
from journey.core.models import RecordGrant
from journey.tracker.selectors import single_agency_outcomes
from tests.factories import make_episode
from tests.tracker.conftest import caf_episode, days_ago, single_agency_episode, today

pytestmark = pytest.mark.django_db
URL = reverse("single_agency_tracker")


def close(episode, worker, days_ago_: int, reason=EarlyHelpClosureReason.OUTCOMES_MET):
    return case_services.close_episode(
        episode,
        ended_on=days_ago(days_ago_),
        reason=reason,
        note="",
        closed_by=worker.user,
    )


def social_care_for(child, council, started_days_ago: int):
    return make_episode(
        child,
        council["team_manager"],
        started_on=days_ago(started_days_ago),
        allocate_to=council["social_worker"],
    )


def row_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="episode-(\d+)"', response.content.decode())]


def count(response, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">(\d+)<', response.content.decode())
    assert match, element_id
    return int(match.group(1))


def test_open_single_agency_work_with_worker_and_days_open(council, signed_in):
    worker = council["practitioner"]
    episode = single_agency_episode(council, started_days_ago=45, first_name="Noor")
    caf = caf_episode(council)
    response = signed_in(worker).get(URL)
    assert response.status_code == 200
    assert row_ids(response) == [episode.pk]  # CAF work is on the CAF tracker, not here
    assert caf.pk not in row_ids(response)
    page = response.content.decode()
    assert f"{worker.name}" in page and ">45<" in page
    assert "1 open single-agency episode" in page


def test_sorting_and_filtering_single_agency_work(council, signed_in):
    worker = council["practitioner"]
    older = single_agency_episode(council, started_days_ago=90, first_name="Zoe", last_name="Ant")
    newer = single_agency_episode(council, started_days_ago=10, first_name="Abe", last_name="Bee")
    client = signed_in(worker)
    assert row_ids(client.get(URL)) == [older.pk, newer.pk]  # longest open first
    assert row_ids(client.get(URL, {"sort": "days"})) == [newer.pk, older.pk]
    assert row_ids(client.get(URL, {"sort": "-child"})) == [newer.pk, older.pk]
    for key in ("child", "team", "worker", "days"):
        for sort in (key, f"-{key}"):
            response = client.get(URL, {"sort": sort})
            state = "descending" if sort.startswith("-") else "ascending"
            assert f'aria-sort="{state}"' in response.content.decode(), sort
    assert row_ids(client.get(URL, {"worker": worker.pk})) == [older.pk, newer.pk]
    assert row_ids(client.get(URL, {"team": str(council.sc_team.pk)})) == []


def test_visibility_on_the_single_agency_tracker(council, signed_in, other_eh_team_practitioner):
    episode = single_agency_episode(council)
    assert row_ids(signed_in(other_eh_team_practitioner).get(URL, {"team": "all"})) == []
    assert row_ids(signed_in(council["external_lead"]).get(URL)) == []
    episode.child.is_restricted = True
    episode.child.save()
    assert row_ids(signed_in(council["practitioner"]).get(URL)) == []
    RecordGrant.objects.create(
        user=council["practitioner"].user,
        child=episode.child,
        reason="Allocated",
        granted_by=council["team_manager"].user,
    )
    assert row_ids(signed_in(council["practitioner"]).get(URL)) == [episode.pk]


def test_cases_helped_without_escalating_in_the_last_twelve_months(council, signed_in):
    worker = council["practitioner"]
    helped = single_agency_episode(council, started_days_ago=300)
    close(helped, worker, 200)
    stepped_up = single_agency_episode(council, started_days_ago=300)
    close(stepped_up, worker, 250, EarlyHelpClosureReason.STEPPED_UP)
    social_care_for(stepped_up.child, council, 250)  # counted once, as stepped up
    came_back = single_agency_episode(council, started_days_ago=330)
    close(came_back, worker, 320)
    social_care_for(came_back.child, council, 200)  # 120 days later: escalated
    much_later = single_agency_episode(council, started_days_ago=340)
    close(much_later, worker, 330)
    social_care_for(much_later.child, council, 100)  # 230 days later: not within 6 months
    recent = single_agency_episode(council, started_days_ago=40)
    close(recent, worker, 20)
    too_old = single_agency_episode(council, started_days_ago=500)
    close(too_old, worker, 400)  # more than 12 months ago
    caf = caf_episode(council, started_days_ago=300)
    close(caf, worker, 100)  # CAF work is not single-agency

    summary = single_agency_outcomes(worker.user, today(), str(council.eh_team.pk))
    assert summary.closed == 5
    assert summary.stepped_up == 1
    assert summary.social_care_after == 1
    assert summary.escalated == 2
    assert summary.without_escalating == 3
    assert summary.percent_without_escalating == 60
    assert summary.recently_closed == 1  # `recent` could still escalate

    response = signed_in(worker).get(URL)
    assert count(response, "count-closed") == 5
    assert count(response, "count-without-escalating") == 3
    assert count(response, "count-stepped-up") == 1
    assert count(response, "count-social-care-after") == 1
    assert "(60%)" in response.content.decode()


def test_the_escalation_window_is_configurable(council, settings):
    worker = council["practitioner"]
    episode = single_agency_episode(council, started_days_ago=330)
    close(episode, worker, 320)
    social_care_for(episode.child, council, 200)
    assert single_agency_outcomes(worker.user, today()).social_care_after == 1
    settings.JOURNEY_ESCALATION_WINDOW_DAYS = 90
    assert single_agency_outcomes(worker.user, today()).social_care_after == 0


def test_the_outcomes_only_count_children_the_user_may_see(council, other_eh_team_practitioner):
    episode = single_agency_episode(council, started_days_ago=100)
    close(episode, council["practitioner"], 50)
    assert single_agency_outcomes(council["practitioner"].user, today()).closed == 1
    assert single_agency_outcomes(other_eh_team_practitioner.user, today(), "all").closed == 0
    assert single_agency_outcomes(council["external_lead"].user, today()).closed == 0
