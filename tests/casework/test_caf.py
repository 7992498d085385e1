"""The CAF assessment page: drafts, completion with the child's views required, read-only once
complete, and nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.casework.models import Assessment
from journey.chronology.models import ChronologyEntry, EntryKind
from tests.casework.helpers import date_fields, error_summary, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def caf_form(action: str = "draft", **overrides) -> dict:
    data = {
        **date_fields("started_on", TODAY() - dt.timedelta(days=20)),
        "development_strengths": "Oscar is curious and loves drawing.",
        "development_needs": "",
        "parenting_strengths": "",
        "parenting_needs": "Mum finds mornings hard since the baby arrived.",
        "family_strengths": "",
        "family_needs": "",
        "child_views": "",
        "child_views_method": "",
        "child_views_not_obtained": "",
        "parent_views": "",
        "analysis": "",
        "action": action,
    }
    return {**data, **overrides}


COMPLETE = {
    "child_views": "I don't like being late. I want to go to breakfast club.",
    "child_views_method": "talking",
    "parent_views": "Mum wants help with routines and says school has been supportive.",
    "analysis": "Lateness follows hard mornings; routines and breakfast club should help.",
    "factors": ["21", "2B"],
}


@pytest.fixture
def url(episode):
    return reverse("caf_assessment", args=[episode.pk])


def test_a_draft_is_saved_and_can_be_picked_up_again(practitioner, episode, url, signed_in):
    client = signed_in(practitioner)
    page = client.get(url)
    assert page.status_code == 200
    text = text_of(page)
    for label in (
        "Date the assessment started",
        "The child's development",
        "Parents' and carers' capacity",
        "Family and environment",
        "The child's views, in their own words",
        "How the child's views were obtained",
        "The parents' or carers' views",
        "DfE factors identified",
        "Save as draft",
        "Complete assessment",
    ):
        assert label in text

    response = client.post(url, caf_form())
    assert response.status_code == 302 and response.url == url
    caf = Assessment.objects.get()
    assert caf.is_draft and caf.kind == Assessment.Kind.CAF and caf.episode == episode
    assert caf.areas["development"]["strengths"] == "Oscar is curious and loves drawing."
    assert caf.areas["parenting"]["needs"].startswith("Mum finds mornings hard")

    again = client.get(url)
    assert "The CAF assessment has been saved as a draft" in text_of(again)
    assert "Oscar is curious and loves drawing." in again.content.decode()
    client.post(url, caf_form(child_views="I like school.", child_views_method="talking"))
    assert Assessment.objects.get().child_views == "I like school."  # the same draft, updated


def test_completing_needs_the_childs_views_and_a_draft_is_left_as_it_was(
    practitioner, url, signed_in
):
    client = signed_in(practitioner)
    client.post(url, caf_form())
    response = client.post(url, caf_form("complete", parent_views="Mum wants help."))
    assert response.status_code == 200
    assert error_summary(response) == {
        "Select how the child's views were obtained, or “Not obtained” with the reason, "
        "before completing": "#id_child_views_method_0",
        "Enter your analysis before completing the assessment": "#id_analysis",
    }
    caf = Assessment.objects.get()
    assert caf.is_draft and caf.parent_views == ""  # nothing half-saved
    assert not ChronologyEntry.objects.filter(title__endswith="completed").exists()


def test_completing_needs_strengths_or_needs_in_an_area(practitioner, url, signed_in):
    blank_areas = {
        f"{area}_{part}": "" for area in Assessment.AREAS for part in ("strengths", "needs")
    }
    response = signed_in(practitioner).post(url, caf_form("complete", **COMPLETE, **blank_areas))
    assert error_summary(response) == {
        "Record strengths or needs in at least one area before completing": (
            "#id_development_strengths"
        )
    }
    assert not Assessment.objects.exists()


def test_a_completed_caf_is_shown_read_only_and_cannot_change(practitioner, url, signed_in):
    client = signed_in(practitioner)
    client.post(url, caf_form())
    response = client.post(url, caf_form("complete", **COMPLETE))
    assert response.status_code == 302
    caf = Assessment.objects.get()
    assert caf.completed_on == TODAY() and caf.factors == ["21", "2B"]
    assert ChronologyEntry.objects.filter(
        kind=EntryKind.ASSESSMENT, title="Early help assessment (CAF) completed"
    ).exists()

    page = client.get(url)
    text = text_of(page)
    assert "The CAF assessment is complete" in text
    assert "I don't like being late. I want to go to breakfast club." in text
    assert "Talking with the child" in text
    assert "<textarea" not in page.content.decode()
    assert "Start a new assessment" in text

    client.post(url, caf_form("draft", child_views="Changed afterwards"))
    assert Assessment.objects.get().child_views == COMPLETE["child_views"]


def test_a_reassessment_starts_a_new_draft_after_a_completed_one(practitioner, url, signed_in):
    client = signed_in(practitioner)
    client.post(url, caf_form("complete", **COMPLETE))
    new_url = reverse("new_caf_assessment", args=[Assessment.objects.get().episode_id])
    assert client.get(new_url).status_code == 200
    client.post(new_url, caf_form())
    assert Assessment.objects.filter(completed_on__isnull=True).count() == 1
    assert client.get(new_url).status_code == 302  # finish the draft first


def test_a_start_before_the_episode_or_in_the_future_is_refused(
    practitioner, episode, url, signed_in
):
    client = signed_in(practitioner)
    early = client.post(
        url, caf_form(**date_fields("started_on", episode.started_on - dt.timedelta(days=1)))
    )
    assert error_summary(early) == {
        "The assessment cannot start before the early help episode opened": "#id_started_on_0"
    }
    future = client.post(url, caf_form(**date_fields("started_on", TODAY() + dt.timedelta(days=1))))
    assert error_summary(future) == {
        "The start date must be today or in the past": "#id_started_on_0"
    }
    missing = client.post(url, caf_form(**date_fields("started_on", None)))
    assert error_summary(missing) == {"Enter the date the assessment started": "#id_started_on_0"}
    assert not Assessment.objects.exists()


def test_the_caf_belongs_to_caf_work_only(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    client = signed_in(council["social_worker"])
    assert client.get(reverse("caf_assessment", args=[episode.pk])).status_code == 404
    assert client.get(reverse("hold_taf_meeting", args=[episode.pk])).status_code == 404


def test_the_error_summary_follows_the_order_of_the_page(practitioner, url, signed_in):
    blank_areas = {f"{a}_{p}": "" for a in Assessment.AREAS for p in ("strengths", "needs")}
    response = signed_in(practitioner).post(url, caf_form("complete", **blank_areas))
    assert list(error_summary(response).values()) == [
        "#id_development_strengths",
        "#id_child_views_method_0",
        "#id_parent_views",
        "#id_analysis",
    ]
