"""The import page: only performance officers and assistant directors; a file is checked or
imported whole, in the background (a progress page, then the run's page), every run is recorded
with who ran it and what it found, and a bad form (no file, the wrong kind of file, a file over
JOURNEY_MAX_UPLOAD_MB) says what to fix and saves nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from journey.background.models import Job
from journey.background.uploads import DroppedUpload
from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.reporting.models import CensusImport
from tests.background.worker import private_media, run_worker, stored_files  # noqa: F401 (autouse)
from tests.reporting.census.test_import import census_file, child_xml

pytestmark = pytest.mark.django_db(transaction=True)


def upload(content: bytes, name: str = "old-system.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def good_file() -> bytes:
    return census_file(
        child_xml("OLD0001", "2025-05-01", closure="2025-06-01"), child_xml("OLD0002", "2025-07-01")
    ).getvalue()


def post(client, council, content: bytes, action: str = "check", **extra):
    """Ask for the check or import, see its progress page, let the worker run it, and follow
    the progress page to what it found."""
    data = {"file": upload(content), "team": council.sc_team.pk, "action": action, **extra}
    asked = client.post(reverse("census_import"), data)
    if asked.status_code != 302:
        return asked
    job = Job.objects.get()
    assert asked.url == job.get_absolute_url()
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting to start" in waiting and 'http-equiv="refresh"' in waiting
    run_worker()
    return client.get(job.get_absolute_url(), follow=True)


@pytest.fixture
def admin_client(client, council):
    client.force_login(council["performance_officer"].user)
    return client


@pytest.mark.parametrize(
    "role", ["qa_officer", "head_of_service", "administrator", "social_worker", "reviewer"]
)
def test_others_may_not_import(client, council, role):
    client.force_login(council[role].user)
    assert client.get(reverse("census_import")).status_code == 403
    response = client.post(
        reverse("census_import"),
        {"file": upload(good_file()), "team": council.sc_team.pk, "action": "import"},
    )
    assert response.status_code == 403
    assert not CensusImport.objects.exists()
    assert not Person.objects.filter(local_id="OLD0001").exists()
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DENIED).count() == 2


def test_checking_a_good_file_saves_nothing_but_records_the_run(admin_client, council):
    page = post(admin_client, council, good_file())
    html = page.content.decode()
    assert "The file is ready to import" in html and "2 children" in html
    assert not Person.objects.filter(local_id__startswith="OLD").exists()
    run = CensusImport.objects.get()
    assert (run.check_only, run.saved, run.children, run.problems) == (True, False, 2, [])
    assert run.run_by == council["performance_officer"].user and len(run.file_sha256) == 64


def test_importing_a_good_file_creates_the_children(admin_client, council):
    html = post(admin_client, council, good_file(), action="import").content.decode()
    assert "Imported" in html
    assert set(
        Person.objects.filter(local_id__startswith="OLD").values_list("local_id", flat=True)
    ) == {
        "OLD0001",
        "OLD0002",
    }
    assert CensusImport.objects.get().saved


def test_a_bad_file_lists_every_problem_with_child_and_line_and_saves_nothing(
    admin_client, council
):
    bad = census_file(
        child_xml("OLD0001", "2025-05-01"),
        child_xml("OLD0002", "2025-07-01", source="ZZ"),
        child_xml("OLD0003", "2031-01-01"),
    ).getvalue()
    html = post(admin_client, council, bad, action="import").content.decode()
    assert "Nothing was imported" in html
    rows = html[html.index('id="problems"') :]
    assert "OLD0002" in rows and "OLD0003" in rows
    assert not Person.objects.filter(local_id__startswith="OLD").exists()
    run = CensusImport.objects.get()
    assert not run.saved and {p["child"] for p in run.problems} >= {"OLD0002", "OLD0003"}
    assert all(p["line"] for p in run.problems if p["child"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": None}, "Choose the CIN census XML file to import"),
        ({"file": "notes.txt"}, "The file must be an XML file (ending .xml)"),
        ({"team": ""}, "Select the team that takes the children"),
    ],
)
def test_a_bad_form_says_what_to_fix(admin_client, council, data, message):
    form = {"file": upload(good_file()), "team": council.sc_team.pk, "action": "import"}
    if "file" in data:
        form["file"] = upload(good_file(), data["file"]) if data["file"] else ""
    form.update({k: v for k, v in data.items() if k != "file"})
    page = admin_client.post(reverse("census_import"), form)
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert message in html
    assert (
        not CensusImport.objects.exists()
        and not Person.objects.filter(local_id__startswith="OLD").exists()
    )


def test_an_early_help_team_cannot_take_the_work(admin_client, council):
    page = post(admin_client, council, good_file(), action="import", team=council.eh_team.pk)
    assert "There is a problem" in page.content.decode()
    assert not CensusImport.objects.exists()


def test_earlier_runs_are_listed(admin_client, council):
    post(admin_client, council, good_file())
    html = admin_client.get(reverse("census_import")).content.decode()
    run = CensusImport.objects.get()
    assert reverse("census_import_run", args=[run.pk]) in html and "Checked" in html


def test_the_uploaded_file_is_not_kept_after_the_run(admin_client, council, settings):
    post(admin_client, council, good_file())
    assert CensusImport.objects.get() and not stored_files(settings.MEDIA_ROOT)
    assert Job.objects.get().status == Job.Status.DONE


@pytest.mark.parametrize("megabytes", [1.5, 3])
def test_a_file_over_the_limit_is_refused_and_nothing_is_saved(
    admin_client, council, settings, megabytes
):
    """Just over the limit, the file is refused by its size; far over it (beyond the form's
    other fields), it is dropped as it arrives, never kept, and refused the same way."""
    settings.JOURNEY_MAX_UPLOAD_MB = 1
    big = good_file().replace(b"<Children>", b"<Children>" + b" " * int(megabytes * 2**20))
    page = admin_client.post(
        reverse("census_import"),
        {"file": upload(big), "team": council.sc_team.pk, "action": "import"},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert "The file must be smaller than 1 MB" in html
    assert 'href="#id_file"' in html  # the error summary links to the file field
    assert not Job.objects.exists() and not CensusImport.objects.exists()
    assert not stored_files(settings.MEDIA_ROOT)
    received = page.wsgi_request.FILES["file"]
    assert isinstance(received, DroppedUpload) == (megabytes == 3)


def test_a_large_file_within_the_limit_goes_to_disk_not_memory(admin_client, council):
    padded = good_file().replace(b"<Children>", b"<Children>" + b" " * (3 * 2**20))
    data = {"file": upload(padded), "team": council.sc_team.pk, "action": "check"}
    asked = admin_client.post(reverse("census_import"), data)
    assert asked.status_code == 302
    assert isinstance(asked.wsgi_request.FILES["file"], TemporaryUploadedFile)
    run_worker()
    run = CensusImport.objects.get()
    assert run.file_bytes == len(padded) and not run.problems


def test_a_file_that_is_not_xml_is_refused_whatever_its_name(admin_client, council):
    page = admin_client.post(
        reverse("census_import"),
        {
            "file": upload(b"%PDF-1.7 not a census return", "return.xml"),
            "team": council.sc_team.pk,
            "action": "check",
        },
    )
    assert "The file must be an XML file (ending .xml)" in page.content.decode()
    assert not Job.objects.exists()


def test_the_team_closed_before_the_work_ran_fails_plainly(admin_client, council):
    data = {"file": upload(good_file()), "team": council.sc_team.pk, "action": "import"}
    job_url = admin_client.post(reverse("census_import"), data).url
    council.sc_team.is_active = False
    council.sc_team.save()
    run_worker()
    page = admin_client.get(job_url)
    html = page.content.decode()
    assert page.status_code == 200 and "This could not be finished" in html
    assert "Choose an active children&#x27;s social care team" in html
    assert Job.objects.get().status == Job.Status.FAILED
    assert not Person.objects.filter(local_id__startswith="OLD").exists()
