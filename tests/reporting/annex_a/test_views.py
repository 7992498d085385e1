"""The Annex A page and workbook: who may use them, the counts, the period, the XLSX (made in the
background, then downloaded from its progress page), the log."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from journey.background.models import Job
from journey.core.models import AccessEvent
from journey.workforce.models import Role
from tests.background.worker import private_media, run_worker  # noqa: F401 (autouse)
from tests.reporting.annex_a.conftest import ago
from tests.reporting.annex_a.helpers import check_sheet, open_workbook, value

pytestmark = pytest.mark.django_db
PAGE = reverse("annex_a")
DOWNLOAD = reverse("annex_a_download")
ALLOWED = [Role.PERFORMANCE_OFFICER, Role.ASSISTANT_DIRECTOR]
DENIED = [
    Role.HEAD_OF_SERVICE,
    Role.QA_OFFICER,
    Role.PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.COMPLAINTS_OFFICER,
    Role.PARTICIPATION_OFFICER,
    Role.EXTERNAL_LEAD_PROFESSIONAL,
    Role.REVIEWER,
    Role.ADMINISTRATOR,
]


def period_query(start, end) -> dict[str, int]:
    return {
        "start_0": start.day,
        "start_1": start.month,
        "start_2": start.year,
        "end_0": end.day,
        "end_1": end.month,
        "end_2": end.year,
    }


@pytest.mark.parametrize("role", ALLOWED)
def test_senior_managers_and_qa_see_the_page(client, council, role):
    client.force_login(council[role].user)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Ofsted Annex A lists" in response.content.decode()


@pytest.mark.parametrize("role", DENIED)
@pytest.mark.parametrize("url", [PAGE, DOWNLOAD])
def test_everyone_else_is_refused_and_logged(client, council, role, url):
    client.force_login(council[role].user)
    response = client.get(url)
    assert response.status_code == 403
    assert "performance and data officers and assistant directors" in response.content.decode()
    event = AccessEvent.objects.get()
    assert event.action == AccessEvent.Action.DENIED and event.child is None


def test_signed_out_users_are_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.get(DOWNLOAD).status_code == 302


def test_the_page_counts_each_list_and_names_the_gaps(client, council, story):
    client.force_login(council[Role.PERFORMANCE_OFFICER].user)
    page = client.get(PAGE).content.decode()
    counts = dict.fromkeys(range(1, 9), 0) | {1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 2, 7: 2}
    for number, count in counts.items():
        row = page.split(f'data-list="{number}"')[1].split("</tr>")[0]
        assert f">{count}</td>" in row, (number, row)
    assert "Subject to Emergency Protection Order" not in page, "recorded in Journey now"
    assert "List 8, children looked after: every column" in page


def test_a_chosen_period_changes_the_counts_and_the_download_link(client, council, story):
    client.force_login(council[Role.PERFORMANCE_OFFICER].user)
    query = period_query(ago(365), ago(0))
    page = client.get(PAGE, query).content.decode()
    row = page.split('data-list="1"')[1].split("</tr>")[0]
    assert ">2</td>" in row
    form = page[page.index('id="annex-a-counts"') :]
    assert f'name="start_0" value="{ago(365).day}"' in form
    assert f'name="start_1" value="{ago(365).month}"' in form


def test_a_bad_period_is_explained(client, council):
    client.force_login(council[Role.PERFORMANCE_OFFICER].user)
    query = period_query(ago(0), ago(10))
    response = client.get(PAGE, query)
    assert "The first day of the period must be on or before the last" in response.content.decode()
    response = client.post(DOWNLOAD, query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "The first day of the period must be on or before the last" in (
        response.content.decode()
    )
    assert not Job.objects.exists()


def test_the_workbook_address_opened_directly_shows_the_page(client, council):
    client.force_login(council[Role.PERFORMANCE_OFFICER].user)
    response = client.get(DOWNLOAD, period_query(ago(30), ago(0)))
    assert response.status_code == 302 and response.url.startswith(f"{PAGE}?start_0=")
    assert not Job.objects.exists()


def test_the_download_is_the_workbook_and_is_logged(client, council, story):
    client.force_login(council[Role.ASSISTANT_DIRECTOR].user)
    asked = client.post(DOWNLOAD, period_query(ago(365), ago(0)))
    job = Job.objects.get()
    assert asked.status_code == 302 and asked.url == job.get_absolute_url()
    assert not AccessEvent.objects.exists(), "nothing is exported until the file is made"
    run_worker()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Your file is ready" in page
    response = client.get(reverse("background_job_file", args=[job.pk]))
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert (
        "attachment" in response["Content-Disposition"]
        and ".xlsx" in response["Content-Disposition"]
    )
    book = open_workbook(b"".join(response.streaming_content))
    rows = check_sheet(book, 1)
    assert [value(row, "Child Unique ID") for row in rows] == [
        story.ben.local_id,
        story.ava.local_id,
    ]
    exported = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert {event.child for event in exported} >= {story.ben, story.ava}
    assert all(event.reason.startswith("Ofsted Annex A workbook") for event in exported)
    assert AccessEvent.objects.count() == exported.count()


def test_the_command_writes_the_workbook(tmp_path, story):
    from django.core.management import call_command

    out = tmp_path / "annex-a.xlsx"
    stdout = io.StringIO()
    call_command("annex_a", start=ago(365), end=ago(0), out=out, stdout=stdout)
    assert "list 1: 2" in stdout.getvalue()
    book = open_workbook(out.read_bytes())
    assert len(check_sheet(book, 1)) == 2
