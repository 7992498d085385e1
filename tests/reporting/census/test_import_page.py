"""The import page: only heads of service, assistant directors and administrators; a file is
checked or imported whole, every run is recorded with who ran it and what it found, and a bad
form says what to fix and saves nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.reporting.models import CensusImport
from tests.reporting.census.test_import import census_file, child_xml

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "old-system.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def good_file() -> bytes:
    return census_file(
        child_xml("OLD0001", "2025-05-01", closure="2025-06-01"), child_xml("OLD0002", "2025-07-01")
    ).getvalue()


def post(client, council, content: bytes, action: str = "check", **extra):
    data = {"file": upload(content), "team": council.sc_team.pk, "action": action, **extra}
    return client.post(reverse("census_import"), data, follow=True)


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
