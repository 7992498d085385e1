"""The Annex A workbook on hand-built histories: every sheet's headers are the template's, the
required cells are filled, dates are dates, codes are the template's, and each list holds the
right children for the period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journey.reporting.annex_a import lists
from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import COVER
from tests.reporting.annex_a.conftest import ago, more_of_everything
from tests.reporting.annex_a.helpers import (
    check_sheet,
    open_workbook,
    reference_columns,
    value,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db


def default_period() -> Period:
    return Period.last_six_months(ago(0))


def sheets(period: Period | None = None) -> dict[int, list[dict]]:
    book = open_workbook(workbook_bytes(period or default_period()))
    return {number: check_sheet(book, number) for number in range(1, 9)}


def ids(rows: list[dict]) -> list[str]:
    return [value(row, "Child Unique ID") for row in rows]


def only(rows: list[dict], child) -> dict:
    found = [row for row in rows if value(row, "Child Unique ID") == child.local_id]
    assert len(found) == 1, ids(rows)
    return found[0]


def test_the_default_period_is_the_six_months_to_today():
    period = Period.last_six_months(dt.date(2026, 10, 31))
    assert (period.start, period.end) == (dt.date(2026, 5, 1), dt.date(2026, 10, 31))
    assert period.year_back == dt.date(2025, 11, 1)


def test_an_empty_council_has_every_sheet_with_its_headers():
    book = open_workbook(workbook_bytes(default_period()))
    assert book.sheetnames == [COVER, *(f"List {n}" for n in range(1, 9))]
    for number in range(1, 9):
        assert check_sheet(book, number) == []


def test_the_cover_names_the_council_period_and_when(story):
    period = default_period()
    cover = [
        [c for c in row if c is not None]
        for row in open_workbook(workbook_bytes(period))[COVER].values
    ]
    assert ["Council", settings.COUNCIL_NAME] in cover
    assert ["Period from", dt.datetime.combine(period.start, dt.time())] in cover
    assert ["Period to", dt.datetime.combine(period.end, dt.time())] in cover
    produced = next(row[1] for row in cover if row and row[0] == "Produced")
    assert isinstance(produced, dt.datetime)
    assert ["List 1", "Contacts", 1, "Each child at each contact received in the period"] in cover
    gaps = [row[1:] for row in cover if row and row[0].startswith("List ") and len(row) == 3]
    assert gaps == [["All 34 columns", "Children looked after are out of scope (DESIGN §1a)"]]


def test_headers_match_the_reference_template_exactly():
    from journey.reporting.annex_a.columns import headers

    for number in range(1, 9):
        assert headers(number) == list(reference_columns()[f"List {number}"])


def test_list_1_has_contacts_in_the_period_only(story):
    rows = sheets()[1]
    assert ids(rows) == [story.ava.local_id]
    ava = rows[0]
    assert value(ava, "Gender") == "b) Female"
    assert value(ava, "Ethnicity") == "a) WBRI"
    assert value(ava, "Date of Birth") == dt.date(2015, 3, 1)
    assert value(ava, "Date of Contact") == ago(10)
    assert value(ava, "Contact Source") == "h) 3B: Health services"
    assert value(ava, "Age of Child (Years)") == story.ava.age_on(ago(0))


def test_a_longer_period_takes_in_the_older_contact(story):
    rows = sheets(Period(ago(365), ago(0)))[1]
    assert ids(rows) == [story.ben.local_id, story.ava.local_id]
    ben = only(rows, story.ben)
    assert value(ben, "Ethnicity") == "s) NOBT", "an unrecorded ethnicity is 'not yet obtained'"
    assert value(ben, "Contact Source") == "q) 6: Police"
    assert sheets(Period(ago(9), ago(0)))[1] == []


def test_list_2_has_the_early_help_assessment_and_its_lead_agency(story):
    (dan,) = sheets()[2]
    assert value(dan, "Child Unique ID") == story.dan.local_id
    assert value(dan, "Assessment start date") == ago(90)
    assert value(dan, "Assessment completion date") == ago(80)
    assert value(dan, "Organisation completing assessment") == "Castlegate Academy"


def test_list_3_has_referrals_in_the_period_with_the_count_over_12_months(story):
    rows = sheets()[3]
    assert sorted(ids(rows)) == sorted([story.cara.local_id, story.eve.local_id])
    cara = only(rows, story.cara)
    assert value(cara, "Date of referral") == ago(60)
    assert value(cara, "Referral Source") == "a) 1A: Individual"
    assert value(cara, "Referral NFA?") == "b) No"
    assert value(cara, "Number of Referrals in Last 12 Months") == 2, "the NFA 250 days ago too"
    assert value(cara, "Allocated Team") == "Child in Need and Protection"
    assert value(cara, "Allocated Worker") == story.sw.name
    assert value(only(rows, story.eve), "Allocated Worker") == "Unallocated"


def test_list_4_has_the_single_assessment_with_the_child_seen(story):
    (cara,) = sheets()[4]
    assert value(cara, "Child Unique ID") == story.cara.local_id
    assert value(cara, "Does the Child have a Disability") == "a) Yes"
    assert value(cara, "Continuous Assessment Start Date") == ago(55)
    assert value(cara, "Child Seen During Continuous Assessment") == "a) Yes"
    assert value(cara, "Continuous Assessment Date of Authorisation") == ago(45)
    column = "Was the child assessed as requiring LA children's social care support?"
    assert value(cara, column) == "a) Yes"


def test_an_assessment_authorised_after_the_period_is_still_open_in_it(story):
    (cara,) = sheets(Period(ago(100), ago(50)))[4]
    assert value(cara, "Continuous Assessment Date of Authorisation") is None
    assert (
        value(cara, "Was the child assessed as requiring LA children's social care support?")
        is None
    )


def test_list_5_has_enquiries_with_their_conference_and_counts(story):
    rows = sheets()[5]
    cara = only(rows, story.cara)
    assert value(cara, "Strategy discussion initiating Section 47 Enquiry Start Date") == ago(40)
    assert value(cara, "Was an Initial Child Protection Conference deemed unnecessary?") == "b) No"
    assert value(cara, "Date of Initial Child Protection Conference") == ago(30)
    column = "Did the Initial Child Protection Conference Result in a Child Protection Plan"
    assert value(cara, column) == "a) Yes"
    assert value(cara, "Number of Section 47 Enquiries in the last 12 months") == 1
    assert value(cara, "Number of ICPCs in the last 12 months") == 1
    assert story.eve.local_id in ids(rows), "Eve's old enquiry is not, her new one is"
    assert len(rows) == 2


def test_list_6_has_open_social_care_with_its_status(story):
    rows = sheets()[6]
    assert sorted(ids(rows)) == sorted([story.cara.local_id, story.eve.local_id])
    cara = only(rows, story.cara)
    assert value(cara, "CIN Start Date") == ago(60)
    assert value(cara, "Primary Need Code") == "N1 - Abuse or neglect"
    assert value(cara, "Date Child Was Last Seen") == ago(5)
    assert value(cara, "CIN Closure Date") is None
    assert value(cara, "Case Status") == "b) Child Protection plan"


def test_list_6_over_a_year_shows_the_closed_nfa_referral(story):
    rows = sheets(Period(ago(365), ago(0)))[6]
    closed = [row for row in rows if value(row, "CIN Closure Date") == ago(250)]
    assert len(closed) == 1
    assert (
        value(closed[0], "Reason for Closure")
        == "RC8 - Case closed after assessment, no further action"
    )
    assert value(closed[0], "Case Status") == "e) Closed episode"


def test_list_7_has_cp_plans_open_in_the_period(story):
    rows = sheets()[7]
    assert sorted(ids(rows)) == sorted([story.cara.local_id, story.eve.local_id])
    cara = only(rows, story.cara)
    assert value(cara, "Child Protection Plan Start Date") == ago(30)
    assert value(cara, "Initial Category of Abuse") == "a) Neglect"
    assert value(cara, "Latest Category of Abuse") == "b) Physical abuse"
    assert value(cara, "Date of the Last Statutory Visit") == ago(5)
    assert value(cara, "Was the Child Seen Alone?") == "a) Yes"
    assert value(cara, "Date of latest review conference") == ago(10)
    assert value(cara, "Number of Previous Child Protection Plans") == 0
    eve = only(rows, story.eve)
    assert value(eve, "Number of Previous Child Protection Plans") == 1
    assert value(eve, "Initial Category of Abuse") == "d) Emotional abuse"
    assert value(eve, "Date of the Last Statutory Visit") is None


def test_list_7_in_an_earlier_period_shows_the_ended_plan_as_it_was(story):
    rows = sheets(Period(ago(420), ago(395)))[7]
    (eve,) = rows
    assert value(eve, "Child Protection Plan Start Date") == ago(480)
    assert value(eve, "Child Protection Plan End Date") == ago(400)
    assert sheets(Period(ago(100), ago(50)))[7] == [], "Cara's plan started after that period"


def test_list_8_is_headers_only(story):
    assert sheets()[8] == []


def test_the_counts_match_the_sheets(story):
    period = default_period()
    written = sheets(period)
    assert lists.counts(period) == {number: len(rows) for number, rows in written.items()}


def test_the_workbook_makes_the_same_queries_however_many_rows(council, story):
    period = default_period()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            workbook_bytes(period)
        return len(captured)

    before = queries()
    more_of_everything(council, 3)
    assert sum(len(rows) for rows in sheets(period).values()) > 20
    assert queries() == before
