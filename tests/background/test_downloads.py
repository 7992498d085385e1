"""A workbook produced in the background: the progress page while it runs, then the download,
for the person who asked alone; every child it names logged as exported when it is produced;
the list of a person's own downloads and imports; a failure said plainly, never a server error;
the pages' query counts fixed however many jobs there are."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journey.access.background import NOT_YOURS
from journey.access.returns import RETURNS_REFUSED
from journey.background import services
from journey.background.models import Job
from journey.core.models import AccessEvent
from journey.reporting.annex_a import lists
from journey.workforce.models import Role, Worker
from tests.background.worker import run_worker, stored_files
from tests.reporting.annex_a.conftest import ago
from tests.reporting.annex_a.helpers import check_sheet, open_workbook, value
from tests.reporting.annex_a.test_views import period_query

pytestmark = pytest.mark.django_db(transaction=True)
PERIOD = lists.Period(ago(365), ago(0))


def ask_for_the_workbook(client) -> Job:
    response = client.post(reverse("annex_a_download"), period_query(PERIOD.start, PERIOD.end))
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    return job


def test_the_workbook_is_made_in_the_background_and_downloads_for_who_asked(client, council, story):
    director = council[Role.ASSISTANT_DIRECTOR]
    client.force_login(director.user)
    job = ask_for_the_workbook(client)

    waiting = client.get(job.get_absolute_url())
    html = waiting.content.decode()
    assert waiting.status_code == 200 and waiting["Refresh"] == "3"
    assert '<meta http-equiv="refresh" content="3">' in html and "Waiting to start" in html
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()

    run_worker()
    ready = client.get(job.get_absolute_url())
    html = ready.content.decode()
    assert "Your file is ready" in html and "Refresh" not in ready
    assert 'http-equiv="refresh"' not in html
    download = client.get(reverse("background_job_file", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert f"annex-a-{PERIOD.start:%Y%m%d}" in download["Content-Disposition"]
    assert download["Cache-Control"].startswith("max-age=0")
    rows = check_sheet(open_workbook(b"".join(download.streaming_content)), 1)
    assert [value(row, "Child Unique ID") for row in rows] == [
        story.ben.local_id,
        story.ava.local_id,
    ]

    exported = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    named = lists.child_ids(PERIOD)
    assert sorted(e.child_id for e in exported) == sorted(named)  # one event per child
    assert {story.ava.pk, story.cara.pk} <= named
    assert {(e.user_id, e.path) for e in exported} == {(director.user_id, job.get_absolute_url())}
    assert all(e.reason.startswith("Ofsted Annex A workbook") for e in exported)


def test_nobody_else_may_open_it_and_the_refusal_is_logged(client, council, story):
    client.force_login(council[Role.ASSISTANT_DIRECTOR].user)
    job = ask_for_the_workbook(client)
    run_worker()
    other = council[Role.PERFORMANCE_OFFICER]  # may produce returns, but did not ask for this
    client.force_login(other.user)
    for url in (job.get_absolute_url(), reverse("background_job_file", args=[job.pk])):
        response = client.get(url)
        assert response.status_code == 403 and NOT_YOURS in response.content.decode()
    refused = AccessEvent.objects.filter(action=AccessEvent.Action.DENIED, user=other.user)
    assert refused.count() == 2 and {e.reason for e in refused} == {NOT_YOURS}
    assert all(e.child is None for e in refused)


def test_who_no_longer_produces_returns_loses_the_file(client, council, story):
    director = council[Role.ASSISTANT_DIRECTOR]
    client.force_login(director.user)
    job = ask_for_the_workbook(client)
    run_worker()
    Worker.objects.filter(pk=director.pk).update(role=Role.SOCIAL_WORKER)
    response = client.get(reverse("background_job_file", args=[job.pk]))
    assert response.status_code == 403
    assert AccessEvent.objects.get(action=AccessEvent.Action.DENIED).reason == RETURNS_REFUSED


def test_the_list_shows_your_own_work_newest_first(client, council, story):
    director, officer = council[Role.ASSISTANT_DIRECTOR], council[Role.PERFORMANCE_OFFICER]
    client.force_login(officer.user)
    theirs = ask_for_the_workbook(client)
    client.force_login(director.user)
    html = client.get(reverse("background_jobs")).content.decode()
    assert "You have not asked for any yet" in html and theirs.title not in html
    first = ask_for_the_workbook(client)
    run_worker()
    second = ask_for_the_workbook(client)
    html = client.get(reverse("background_jobs")).content.decode()
    rows = html[html.index('id="jobs"') :]
    assert rows.index(f'data-job="{second.pk}"') < rows.index(f'data-job="{first.pk}"')
    assert f'data-job="{theirs.pk}"' not in rows
    assert "Waiting to start" in rows and "Done" in rows
    assert reverse("background_job_file", args=[first.pk]) in rows


def test_the_progress_page_says_how_far_the_work_has_got(client, council):
    director = council[Role.ASSISTANT_DIRECTOR]
    job = services.start_annex_a(PERIOD.start, PERIOD.end, by=director.user)
    services.mark_running(job.pk)
    services.Progress(job)("Checking the file", 120, 30000)  # as the work reports it
    client.force_login(director.user)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Checking the file: 120 of 30000 children" in html
    assert '<progress class="govuk-!-width-full" max="30000" value="120"' in html


def test_work_that_has_not_moved_for_a_while_says_so(client, council):
    director = council[Role.ASSISTANT_DIRECTOR]
    job = services.start_annex_a(PERIOD.start, PERIOD.end, by=director.user)
    client.force_login(director.user)
    assert 'id="job-stalled"' not in client.get(job.get_absolute_url()).content.decode()
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=20))
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Nothing has moved for 15 minutes" in html and f"this job: {job.pk}" in html


def test_a_failure_is_said_plainly_and_nothing_is_kept(client, council, private_media):
    director = council[Role.ASSISTANT_DIRECTOR]
    job = services.start_annex_a(PERIOD.start, PERIOD.end, by=director.user)
    # A fault in Journey, not in the request: the stored period cannot be read.
    Job.objects.filter(pk=job.pk).update(params={"start": "not a date", "end": "2026-01-01"})
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "fault of its own" in job.error
    client.force_login(director.user)
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and "This could not be finished" in html
    assert f"giving them the number of this job: {job.pk}" in html
    assert "Refresh" not in page and not stored_files(private_media)
    assert client.get(reverse("background_job_file", args=[job.pk])).status_code == 404


def test_the_pages_cost_the_same_queries_however_many_jobs(
    client, council, django_assert_max_num_queries
):
    director = council[Role.ASSISTANT_DIRECTOR]
    client.force_login(director.user)

    def make(n: int) -> Job:
        for _ in range(n):
            job = services.start_annex_a(PERIOD.start, PERIOD.end, by=director.user)
        return job

    def queries(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    job = make(2)
    few = (queries(reverse("background_jobs")), queries(job.get_absolute_url()))
    job = make(40)
    many = (queries(reverse("background_jobs")), queries(job.get_absolute_url()))
    assert few == many, (few, many)
    with django_assert_max_num_queries(12):
        client.get(reverse("background_jobs"))


def test_old_files_are_removed_and_the_page_says_so(client, council, story, settings):
    director = council[Role.ASSISTANT_DIRECTOR]
    client.force_login(director.user)
    job = ask_for_the_workbook(client)
    run_worker()
    call_command("clear_old_downloads", stdout=io.StringIO())
    assert stored_files(settings.MEDIA_ROOT), "a new file is kept"
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    out = io.StringIO()
    call_command("clear_old_downloads", stdout=out)
    assert "Removed 1 file(s) finished more than 7 days ago" in out.getvalue()
    assert not stored_files(settings.MEDIA_ROOT)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "The file was removed 7 days after it was made" in html
    assert client.get(reverse("background_job_file", args=[job.pk])).status_code == 404
    assert "File removed" in client.get(reverse("background_jobs")).content.decode()
