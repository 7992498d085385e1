"""Annex A list 7's "Subject to Emergency Protection Order or Protected Under Police Powers in
Last Six Months (Y/N)": filled from the emergency protection recorded on the child's social care
records, in any of their episodes, and no longer a gap on the cover sheet or the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.casework.statutory import services as statutory
from journey.core.working_days import add_months
from journey.reporting.annex_a.columns import gaps
from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import COVER
from journey.workforce.models import Role
from tests.factories import make_child, make_episode
from tests.reporting.annex_a.conftest import ago, close, cp_plan
from tests.reporting.annex_a.helpers import check_sheet, open_workbook, value, workbook_bytes

pytestmark = pytest.mark.django_db

COLUMN = (
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
    "(Y/N)"
)
NOTE = "Police took the child to her grandmother's after a violent incident at home tonight."


def protect(episode, worker, kind: str, started: dt.date, ended: dt.date | None):
    return statutory.record_emergency_protection(
        episode, kind=kind, started_on=started, ended_on=ended, note=NOTE, recorded_by=worker.user
    )


def days_before(day: dt.date, months: int) -> int:
    """How many days ago `months` months before `day` was."""
    return (ago(0) - add_months(day, -months)).days


@pytest.fixture
def children(council):
    """Four children on child protection plans in the six months to today:

    - Gil: police protection 2 months ago;
    - Hal: police protection 7 months ago (his work has been open since 8 months ago);
    - Ivy: none;
    - Jo: an emergency protection order 2 months ago in earlier work, now closed.
    """
    sw, manager = council["social_worker"], council["team_manager"]
    made = {}
    for name, referred in [("Gil", 90), ("Hal", days_before(ago(0), 8)), ("Ivy", 90)]:
        child = make_child(sw, first_name=name)
        episode = make_episode(child, sw, started_on=ago(referred), allocate_to=sw)
        if name == "Gil":
            protect(episode, sw, "police", add_months(ago(0), -2), add_months(ago(0), -2))
        if name == "Hal":
            start = add_months(ago(0), -7)
            protect(episode, sw, "police", start, start + dt.timedelta(days=2))
        cp_plan(episode, sw, strategy=40, conference=30)
        made[name] = child
    jo = make_child(sw, first_name="Jo")
    earlier = make_episode(jo, sw, started_on=ago(100), allocate_to=sw)
    protect(earlier, sw, "epo", add_months(ago(0), -2), add_months(ago(0), -2) + dt.timedelta(8))
    close(earlier, manager, 40, "RC8")
    cp_plan(
        make_episode(jo, sw, started_on=ago(30), allocate_to=sw), sw, strategy=25, conference=20
    )
    made["Jo"] = jo
    return made


def list_7(period: Period | None = None) -> dict[str, dict]:
    book = open_workbook(workbook_bytes(period or Period.last_six_months(ago(0))))
    rows = check_sheet(book, 7)  # headers, required cells, dates as dates, codes as the template's
    return {value(row, "Child Unique ID"): row for row in rows}


def test_list_7_says_yes_for_protection_in_the_last_six_months_only(children):
    rows = list_7()
    assert len(rows) == 4

    def answer(name: str) -> str:
        return value(rows[children[name].local_id], COLUMN)

    assert answer("Gil") == "a) Yes", "police protection 2 months before the end of the period"
    assert answer("Hal") == "b) No", "police protection 7 months before"
    assert answer("Ivy") == "b) No", "none recorded"
    assert answer("Jo") == "a) Yes", "an order in the child's earlier, closed work counts"
    gil = rows[children["Gil"].local_id]
    start = gil["Child Protection Plan Start Date"]
    assert start.is_date and value(gil, "Child Protection Plan Start Date") == ago(30)


def test_the_six_months_are_counted_back_from_the_end_of_the_chosen_period(council, children):
    # Lu has been on a plan since 110 days ago; police protected her 20 days ago.
    sw = council["social_worker"]
    lu = make_child(sw, first_name="Lu")
    episode = make_episode(lu, sw, started_on=ago(150), allocate_to=sw)
    cp_plan(episode, sw, strategy=120, conference=110)
    protect(episode, sw, "police", ago(20), ago(19))
    assert value(list_7()[lu.local_id], COLUMN) == "a) Yes"
    earlier = list_7(Period(ago(100), ago(50)))
    assert list(earlier) == [lu.local_id], "the others' plans started after that period"
    assert value(earlier[lu.local_id], COLUMN) == "b) No", "protected after the period ended"
    # Over the year to today, Hal's protection 7 months ago is still outside the six months.
    assert value(list_7(Period(ago(365), ago(0)))[children["Hal"].local_id], COLUMN) == "b) No"


def test_protection_in_force_when_the_six_months_begin_counts(council):
    """An order that started just before the six months but was still in force in them."""
    sw = council["social_worker"]
    child = make_child(sw, first_name="Kit")
    episode = make_episode(child, sw, started_on=ago(days_before(ago(0), 7)), allocate_to=sw)
    window_start = add_months(ago(0), -6) + dt.timedelta(days=1)
    protect(episode, sw, "epo", window_start - dt.timedelta(days=3), window_start)
    cp_plan(episode, sw, strategy=40, conference=30)
    (row,) = list_7().values()
    assert value(row, COLUMN) == "a) Yes"


def test_the_column_is_no_longer_a_gap_on_the_cover_or_the_page(client, council, children):
    assert all("Emergency Protection" not in column.name for column in gaps(7))
    cover = [
        [cell for cell in row if cell is not None]
        for row in open_workbook(workbook_bytes(Period.last_six_months(ago(0))))[COVER].values
    ]
    gap_rows = [row for row in cover if row and row[0] == "List 7" and len(row) == 3]
    assert gap_rows == [], gap_rows
    assert not any("Emergency Protection" in str(cell) for row in cover for cell in row)
    client.force_login(council[Role.PERFORMANCE_OFFICER].user)
    page = client.get(reverse("annex_a")).content.decode()
    gaps_list = page.split('id="annex-a-gaps"')[1].split("</ul>")[0]
    assert "Emergency Protection" not in gaps_list
    assert "List 8, children looked after: every column" in gaps_list


def test_list_7_queries_do_not_grow_with_protection(council, children):
    period = Period.last_six_months(ago(0))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            workbook_bytes(period)
        return len(captured)

    before = queries()
    sw = council["social_worker"]
    for n in range(3):
        child = make_child(sw, first_name=f"More{n}")
        episode = make_episode(child, sw, started_on=ago(80), allocate_to=sw)
        protect(episode, sw, "police", ago(70 - n), ago(69 - n))
        cp_plan(episode, sw, strategy=40, conference=30)
    assert len(list_7()) == 7
    assert queries() == before
