import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.casework.models import CaseNote
from journey.casework.services import record_case_note
from journey.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def add_visits(child, worker, n):
    episode = child.episodes.get()
    for i in range(n):
        record_case_note(
            episode=episode,
            kind=CaseNote.Kind.VISIT,
            text=f"Visit number {i}",
            occurred_at=timezone.now() - timezone.timedelta(days=i),
            recorded_by=worker.user,
            child_seen=True,
            child_seen_alone=i % 2 == 0,
        )


def test_the_chronology_shows_the_newest_first_and_can_be_reversed(council, sc_child, signed_in):
    add_visits(sc_child, council["social_worker"], 3)
    client = signed_in(council["social_worker"])
    newest = client.get(reverse("child_chronology", args=[sc_child.pk])).content.decode()
    assert newest.index("Visit number 0") < newest.index("Visit number 2")
    oldest = client.get(reverse("child_chronology", args=[sc_child.pk]), {"order": "oldest"})
    page = oldest.content.decode()
    assert page.index("Children&#x27;s social care opened") < page.index("Visit number 2")
    assert "Visit: child seen alone" in page


def test_the_chronology_page_makes_the_same_number_of_queries_for_a_longer_story(
    council, sc_child, signed_in
):
    client = signed_in(council["social_worker"])
    url = reverse("child_chronology", args=[sc_child.pk])
    add_visits(sc_child, council["social_worker"], 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_visits(sc_child, council["social_worker"], 120)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert ChronologyEntry.objects.filter(child=sc_child).count() > 120
    assert "Page 1 of 3" in response.content.decode()
    assert len(many) == len(few)
