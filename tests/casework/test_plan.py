"""The plan page (actions, their status, progress and the overdue tag) and recording progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.casework.early_help import services as early_help
from journey.casework.models import ActionProgress, PlanAction
from tests.casework.conftest import hold_taf
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_the_plan_shows_each_action_its_owner_status_and_progress(practitioner, episode, signed_in):
    hold_taf(episode, practitioner, held_on=TODAY() - dt.timedelta(days=30))
    first, second, third = PlanAction.objects.order_by("pk")
    early_help.record_action_progress(
        first,
        note="Chart made with Oscar; he chose the stickers.",
        status="in_progress",
        by=practitioner.user,
    )
    early_help.record_action_progress(
        third, note="Done: mornings calmer.", status="done", by=practitioner.user
    )
    page = signed_in(practitioner).get(reverse("early_help_plan", args=[episode.pk]))
    assert page.status_code == 200
    text = text_of(page)
    assert "Open actions (2, 2 overdue)" in text  # due 16 days ago, still open
    assert "Done or no longer needed (1)" in text
    assert "Chart made with Oscar; he chose the stickers." in text
    assert f"{TODAY():%-d %B %Y}: Chart made with Oscar" in text, "the latest progress, dated"
    assert text.count("Overdue") == 2
    assert practitioner.name in text
    assert "Sam Pennington (Mum)" in text  # who came to the TAF
    assert "Record progress" in text and "Hold a TAF meeting" in text


def test_an_action_due_in_future_is_not_overdue(practitioner, episode, signed_in):
    hold_taf(episode, practitioner, actions=1)
    text = text_of(signed_in(practitioner).get(reverse("early_help_plan", args=[episode.pk])))
    assert "Open actions (1)" in text and "Overdue" not in text


def test_no_plan_yet_says_the_first_taf_starts_it(practitioner, episode, signed_in):
    text = text_of(signed_in(practitioner).get(reverse("early_help_plan", args=[episode.pk])))
    assert "No plan yet: the first TAF meeting starts it" in text
    assert "No open actions." in text


def test_the_plan_pages_queries_do_not_grow_with_the_actions(practitioner, episode, signed_in):
    client = signed_in(practitioner)
    url = reverse("early_help_plan", args=[episode.pk])

    def add_meeting(actions: int) -> None:
        hold_taf(episode, practitioner, actions=actions)
        for action in PlanAction.objects.filter(progress__isnull=True):
            for note in ("Started", "Going well"):
                early_help.record_action_progress(
                    action, note=note, status="in_progress", by=practitioner.user
                )

    add_meeting(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_meeting(8)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "Open actions (10)" in text_of(page)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


class TestRecordProgress:
    @pytest.fixture
    def action(self, practitioner, episode):
        hold_taf(episode, practitioner, actions=1)
        return PlanAction.objects.get()

    def url(self, action):
        return reverse("record_action_progress", args=[action.plan.episode_id, action.pk])

    def test_a_dated_note_and_the_new_status_are_recorded(
        self, practitioner, episode, action, signed_in
    ):
        client = signed_in(practitioner)
        page = client.get(self.url(action))
        assert page.status_code == 200
        assert "Action number 1" in text_of(page)
        response = client.post(
            self.url(action),
            {
                "note": "Oscar has been on time 4 days out of 5.",
                "status": "in_progress",
                **date_fields("noted_on", TODAY() - dt.timedelta(days=1)),
            },
        )
        assert response.status_code == 302
        assert (
            response.url == reverse("early_help_plan", args=[episode.pk]) + f"#action-{action.pk}"
        )
        progress = ActionProgress.objects.get()
        assert progress.noted_on == TODAY() - dt.timedelta(days=1)
        assert progress.status_after == "in_progress" and progress.recorded_by == practitioner.user
        action.refresh_from_db()
        assert action.status == "in_progress"
        assert "Oscar has been on time 4 days out of 5." in text_of(client.get(response.url))

    def test_without_a_date_the_update_is_today(self, practitioner, action, signed_in):
        signed_in(practitioner).post(
            self.url(action), {"note": "Done.", "status": "done", **date_fields("noted_on", None)}
        )
        assert ActionProgress.objects.get().noted_on == TODAY()

    def test_an_empty_note_or_a_future_date_is_refused(self, practitioner, action, signed_in):
        client = signed_in(practitioner)
        empty = client.post(self.url(action), {"note": " ", "status": "done"})
        assert error_summary(empty) == {"Enter what has happened on this action": "#id_note"}
        future = client.post(
            self.url(action),
            {
                "note": "Later",
                "status": "done",
                **date_fields("noted_on", TODAY() + dt.timedelta(days=2)),
            },
        )
        assert error_summary(future) == {
            "The date of the update must be today or in the past": "#id_noted_on_0"
        }
        assert not ActionProgress.objects.exists()
        action.refresh_from_db()
        assert action.status == "not_started"

    def test_an_action_of_other_work_is_not_found(self, council, practitioner, action, signed_in):
        other = make_episode(
            make_child(practitioner), practitioner, kind="eh_caf", allocate_to=practitioner
        )
        url = reverse("record_action_progress", args=[other.pk, action.pk])
        assert signed_in(practitioner).get(url).status_code == 404
