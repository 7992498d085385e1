"""A chronology print of more than JOURNEY_PRINT_IN_BACKGROUND_OVER entries is printed in the
background: the progress page, then the PDF, for the person who asked alone. The print is logged
once, when it is asked for, by the same check that opens the record; a short one prints at once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.access.background import NOT_YOURS
from journey.background.models import Job
from journey.casework.models import CaseNote
from journey.casework.services import record_case_note
from journey.core.models import AccessEvent
from tests.background.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def long_story(council, sc_child, settings):
    settings.JOURNEY_PRINT_IN_BACKGROUND_OVER = 5
    episode = sc_child.episodes.get()
    for n in range(6):
        record_case_note(
            episode=episode,
            kind=CaseNote.Kind.VISIT,
            occurred_at=timezone.now() - dt.timedelta(days=n + 1),
            text=f"Home visit {n}: Ruby showed me her room.",
            recorded_by=council["social_worker"].user,
            child_seen=True,
        )
    return sc_child


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def prints(child) -> int:
    return AccessEvent.objects.filter(child=child, action=AccessEvent.Action.PRINT).count()


def test_a_long_chronology_prints_in_the_background(client, council, long_story):
    client.force_login(council["social_worker"].user)
    asked = client.get(reverse("chronology_pdf", args=[long_story.pk]), {"kind": "visit"})
    job = Job.objects.get()
    assert asked.status_code == 302 and asked.url == job.get_absolute_url()
    assert prints(long_story) == 1  # logged as it was asked for
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "Chronology of Ruby Ashworth (PDF)" in waiting and "Waiting to start" in waiting

    run_worker()
    assert "Your file is ready" in client.get(job.get_absolute_url()).content.decode()
    download = client.get(reverse("background_job_file", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert f"chronology-{long_story.local_id}" in download["Content-Disposition"]
    text = pdf_text(b"".join(download.streaming_content))
    assert "Chronology: Ruby Ashworth" in text and "Filtered: Visit" in text
    assert "Home visit 5: Ruby showed me her room." in text and "record created" not in text
    assert f"Printed by {council['social_worker'].user.get_full_name()}" in text
    assert prints(long_story) == 1


def test_a_short_chronology_prints_at_once(client, council, long_story, settings):
    settings.JOURNEY_PRINT_IN_BACKGROUND_OVER = 300
    client.force_login(council["social_worker"].user)
    response = client.get(reverse("chronology_pdf", args=[long_story.pk]))
    assert response["Content-Type"] == "application/pdf" and not Job.objects.exists()
    assert "Home visit 0" in pdf_text(response.content) and prints(long_story) == 1


def test_someone_else_cannot_open_the_print(client, council, long_story):
    client.force_login(council["social_worker"].user)
    client.get(reverse("chronology_pdf", args=[long_story.pk]))
    run_worker()
    job = Job.objects.get()
    manager = council["team_manager"]  # may see Ruby, but did not ask for this print
    client.force_login(manager.user)
    assert client.get(reverse("background_job_file", args=[job.pk])).status_code == 403
    refused = AccessEvent.objects.get(action=AccessEvent.Action.DENIED)
    assert (refused.user, refused.reason) == (manager.user, NOT_YOURS)


def test_who_may_no_longer_see_the_child_loses_the_print(client, council, long_story):
    client.force_login(council["social_worker"].user)
    client.get(reverse("chronology_pdf", args=[long_story.pk]))
    run_worker()
    job = Job.objects.get()
    long_story.is_restricted = True
    long_story.save()
    assert client.get(reverse("background_job_file", args=[job.pk])).status_code == 403
