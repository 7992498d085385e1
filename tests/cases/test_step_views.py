"""The step-up and step-down screens: who may ask, decide and hand over, and what they see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.cases.models import EpisodeKind, StepChange
from journey.cases.services import close_episode
from journey.workforce.models import Role
from tests.cases.test_step_changes import EVIDENCE, RATIONALE, ask_step_up
from tests.cases.test_views import TODAY, date_fields, error_summary, text_of
from tests.factories import UserFactory, WorkerFactory, make_child, make_episode

pytestmark = pytest.mark.django_db


def request_form(council, **overrides) -> dict:
    return {
        "to_kind": EpisodeKind.SOCIAL_CARE,
        "receiving_team": str(council.sc_team.pk),
        "rationale": RATIONALE,
        "evidence": EVIDENCE,
        **overrides,
    }


def hand_over_form(worker, **overrides) -> dict:
    return {
        "receiving_worker": str(worker.pk),
        "receiving_as": "worker",
        "primary_need": "N1",
        **date_fields("meeting_on", TODAY()),
        "others_present": "Jade Pennington, mother\nMr Hughes, head of year",
        "meeting_notes": "The family agreed to the referral; the social worker visits on "
        "Thursday and school keeps the daily check-in.",
        **date_fields("handover_on", TODAY()),
        **overrides,
    }


def eh_episode(child):
    return child.episodes.get(kind=EpisodeKind.EARLY_HELP_CAF)


def test_a_practitioner_asks_a_manager_accepts_and_the_team_hands_over(
    council, eh_child, signed_in
):
    episode = eh_episode(eh_child)
    client = signed_in(council["practitioner"])
    page = client.get(reverse("child", args=[eh_child.pk]))
    assert reverse("request_step_change", args=[episode.pk]) in page.content.decode()

    url = reverse("request_step_change", args=[episode.pk])
    response = client.post(url, request_form(council, rationale="Worse now."))
    assert response.status_code == 200
    assert any("full sentence" in message for message in error_summary(response))
    assert not StepChange.objects.exists()

    response = client.post(url, request_form(council))
    step = StepChange.objects.get()
    assert response.url == reverse("step_change", args=[step.pk])
    shown = text_of(client.get(response.url))
    assert "Awaiting a manager's decision" in shown and EVIDENCE in shown

    manager = signed_in(council["team_manager"])
    my_work = text_of(manager.get(reverse("my_work")))
    assert "Step requests: 1" in my_work and "Step request Step up" in my_work
    waiting = text_of(manager.get(reverse("step_changes")))
    assert "Waiting for your decision (1)" in waiting and eh_child.full_name in waiting
    response = manager.post(
        reverse("decide_step_change", args=[step.pk]), {"accept": "no", "reason": ""}
    )
    assert "Enter the reasons for declining" in " ".join(error_summary(response))
    manager.post(reverse("decide_step_change", args=[step.pk]), {"accept": "yes", "reason": ""})
    step.refresh_from_db()
    assert step.status == StepChange.Status.ACCEPTED

    form = manager.get(reverse("hand_over", args=[step.pk])).content.decode()
    assert f"{council['social_worker'].name} (caseload 0 of 25), Social worker" in form
    response = manager.post(
        reverse("hand_over", args=[step.pk]), hand_over_form(council["social_worker"])
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepChange.Status.HANDED_OVER
    summary = text_of(manager.get(reverse("step_change", args=[step.pk])))
    assert f"Handed over to {council['social_worker'].name}" in summary
    assert "Mr Hughes, head of year" in summary


def test_a_hand_over_error_is_shown_on_the_field_and_nothing_moves(council, eh_child, signed_in):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    client = signed_in(council["team_manager"])
    client.post(reverse("decide_step_change", args=[step.pk]), {"accept": "yes", "reason": ""})
    council["social_worker"].caseload_limit = 0
    council["social_worker"].save()
    response = client.post(
        reverse("hand_over", args=[step.pk]), hand_over_form(council["social_worker"])
    )
    errors = error_summary(response)
    assert any("their limit of 0" in message for message in errors)
    assert "#id_receiving_worker" in errors.values()
    assert eh_episode(eh_child).is_open


def test_asking_to_step_down_closed_work_shows_why(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    close_episode(
        episode, ended_on=TODAY(), reason="RC8", note="", closed_by=council["team_manager"].user
    )
    client = signed_in(council["social_worker"])
    page = text_of(client.get(reverse("request_step_change", args=[episode.pk])))
    assert "only open work can be stepped down" in page
    response = client.post(
        reverse("request_step_change", args=[episode.pk]),
        request_form(
            council, to_kind=EpisodeKind.EARLY_HELP_CAF, receiving_team=str(council.eh_team.pk)
        ),
    )
    assert "only open work can be stepped down" in text_of(response)
    assert not StepChange.objects.exists()


@pytest.mark.parametrize(
    "role", ["qa_officer", "reviewer", "complaints_officer", "administrator", "external_lead"]
)
def test_roles_that_may_not_ask(council, eh_child, signed_in, role):
    client = signed_in(council[role])
    url = reverse("request_step_change", args=[eh_episode(eh_child).pk])
    assert client.post(url, request_form(council)).status_code == 403
    assert not StepChange.objects.exists()


def test_only_the_receiving_teams_manager_decides(council, eh_child, signed_in):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    other = WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.other_sc_team, user=UserFactory(username="tm2")
    )
    for worker in (council["practitioner"], council["social_worker"], other):
        response = signed_in(worker).post(
            reverse("decide_step_change", args=[step.pk]), {"accept": "yes", "reason": ""}
        )
        assert response.status_code == 403
        step.refresh_from_db()
        assert step.status == StepChange.Status.REQUESTED


def test_the_receiving_team_sees_the_child_it_is_asked_to_take(council, signed_in):
    eh_manager = WorkerFactory(role=Role.TEAM_MANAGER, team=council.eh_team)
    child = make_child(eh_manager)
    episode = make_episode(
        child, eh_manager, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=council["practitioner"]
    )
    manager = signed_in(council["team_manager"])
    assert manager.get(reverse("child", args=[child.pk])).status_code == 403
    ask_step_up(episode, council["practitioner"], council.sc_team)
    assert manager.get(reverse("child", args=[child.pk])).status_code == 200


def test_a_partner_sees_their_own_request_but_not_social_care(council, signed_in):
    child = make_child(council["team_manager"])
    episode = make_episode(
        child,
        council["team_manager"],
        kind=EpisodeKind.EARLY_HELP_CAF,
        allocate_to=council["practitioner"],
    )
    from journey.cases.services import allocate

    allocate(
        episode,
        worker=council["external_lead"],
        kind="lead_professional",
        started_on=episode.started_on,
        allocated_by=council["team_manager"].user,
    )
    partner = signed_in(council["external_lead"])
    response = partner.post(
        reverse("request_step_change", args=[episode.pk]), request_form(council)
    )
    step = StepChange.objects.get()
    assert response.url == reverse("step_change", args=[step.pk])
    assert partner.get(response.url).status_code == 200
    assert partner.get(reverse("step_changes")).status_code == 403


def test_the_waiting_list_query_count_does_not_grow(council, signed_in):
    client = signed_in(council["team_manager"])

    def add_requests(n):
        for _ in range(n):
            child = make_child(council["practitioner"])
            episode = make_episode(
                child,
                council["practitioner"],
                kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
                allocate_to=council["practitioner"],
            )
            ask_step_up(episode, council["practitioner"], council.sc_team)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("step_changes")).status_code == 200
        return len(queries)

    add_requests(1)
    few = count()
    add_requests(5)
    assert count() == few
