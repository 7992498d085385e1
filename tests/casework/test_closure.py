"""Closing early help: reason, outcome against the plan, family feedback, next step, and what
happens to any open actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EarlyHelpClosureReason
from journey.casework.models import ActionProgress, PlanAction
from journey.workforce.models import Allocation
from tests.casework.conftest import hold_taf
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def closure_form(**overrides) -> dict:
    data = {
        **date_fields("ended_on", TODAY()),
        "reason": EarlyHelpClosureReason.OUTCOMES_MET,
        "outcome": "Attendance up to 94%; mornings calmer; breakfast club every day.",
        "parent_views": "Mum: 'having everyone in one room made the difference'.",
        "next_step": "School keeps a watching brief",
    }
    return {**data, **overrides}


@pytest.fixture
def url(episode):
    return reverse("close_early_help", args=[episode.pk])


def test_closing_with_open_actions_needs_a_note_then_closes_them(
    practitioner, episode, url, signed_in
):
    hold_taf(episode, practitioner, actions=2)
    client = signed_in(practitioner)
    page = client.get(url)
    assert page.status_code == 200
    text = text_of(page)
    assert "2 actions are still open" in text and "Action number 2" in text
    assert "What happens to the open actions" in text

    refused = client.post(url, closure_form())
    assert error_summary(refused) == {
        "2 actions are still open: say what happens to them": "#id_open_actions_note"
    }
    episode.refresh_from_db()
    assert episode.is_open and not ActionProgress.objects.exists()

    response = client.post(
        url, closure_form(open_actions_note="School will carry on with breakfast club.")
    )
    assert response.status_code == 302 and response.url == reverse("child", args=[episode.child_id])
    episode.refresh_from_db()
    assert episode.ended_on == TODAY() and episode.closure_reason == "EH1"
    assert episode.closure_outcome.startswith("Attendance up to 94%")
    assert episode.closure_views.parent_views.startswith("Mum:")
    assert episode.closure_views.child_views == ""  # flagged: no child's views at closure
    assert episode.closure_next_step == "School keeps a watching brief"
    assert set(PlanAction.objects.values_list("status", flat=True)) == {"withdrawn"}
    assert ActionProgress.objects.filter(note__contains="breakfast club").count() == 2
    assert not episode.allocations.filter(ended_on__isnull=True).exists()

    summary = text_of(client.get(response.url))
    assert "Early help (CAF and TAF) closed" in summary
    plan = text_of(client.get(reverse("early_help_plan", args=[episode.pk])))
    assert "This work closed on" in plan and "Done or no longer needed (2)" in plan


def test_without_open_actions_the_page_does_not_ask_about_them(
    practitioner, episode, url, signed_in
):
    client = signed_in(practitioner)
    assert "open actions" not in text_of(client.get(url))
    assert client.post(url, closure_form()).status_code == 302
    episode.refresh_from_db()
    assert not episode.is_open


def test_the_outcome_next_step_reason_and_date_are_required(practitioner, episode, url, signed_in):
    response = signed_in(practitioner).post(
        url,
        closure_form(outcome="", next_step="", reason="", **date_fields("ended_on", None)),
    )
    assert error_summary(response) == {
        "Enter the date the early help ended": "#id_ended_on_0",
        "Select the reason for closing": "#id_reason_0",
        "Say what the outcome was against the plan": "#id_outcome",
        "Say what happens next for the family": "#id_next_step",
    }
    episode.refresh_from_db()
    assert episode.is_open


def test_an_end_before_the_start_is_refused_and_nothing_is_closed(
    practitioner, episode, url, signed_in
):
    hold_taf(episode, practitioner, actions=1)
    response = signed_in(practitioner).post(
        url,
        closure_form(
            open_actions_note="Not needed",
            **date_fields("ended_on", episode.started_on - dt.timedelta(days=1)),
        ),
    )
    assert list(error_summary(response).values()) == ["#id_ended_on_0"]
    episode.refresh_from_db()
    assert episode.is_open
    assert not ActionProgress.objects.exists()
    assert PlanAction.objects.get().status == "not_started"


def test_a_closed_episode_cannot_be_closed_again_or_added_to(practitioner, episode, url, signed_in):
    client = signed_in(practitioner)
    client.post(url, closure_form())
    again = client.get(url)
    assert again.status_code == 409 and "This work is closed" in text_of(again)
    assert client.get(reverse("hold_taf_meeting", args=[episode.pk])).status_code == 409
    caf = client.post(reverse("caf_assessment", args=[episode.pk]), {})
    assert caf.status_code == 409


def test_the_summary_cards_close_link_goes_to_the_early_help_closure(
    council, practitioner, episode, signed_in
):
    child = episode.child
    social_care = make_episode(child, council["team_manager"])
    page = signed_in(council["team_manager"]).get(reverse("child", args=[child.pk]))
    html = page.content.decode()
    assert reverse("close_early_help", args=[episode.pk]) in html
    assert reverse("close_episode", args=[episode.pk]) not in html
    assert reverse("close_episode", args=[social_care.pk]) in html


def test_partners_and_read_only_roles_cannot_close(council, episode, external_lead, signed_in):
    url = reverse("close_early_help", args=[episode.pk])
    for role in ("external_lead", "qa_officer"):
        assert signed_in(council[role]).get(url).status_code == 403
        assert signed_in(council[role]).post(url, closure_form()).status_code == 403
    episode.refresh_from_db()
    assert episode.is_open
    assert episode.allocations.filter(
        kind=Allocation.Kind.LEAD_PROFESSIONAL, ended_on__isnull=True
    ).exists()
