"""The tiny demo council's Annex A workbook opens with every list, each sheet checked cell by
cell (headers, required cells, dates, codes), and the command writes the same workbook."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from journey.reporting.annex_a import lists
from journey.reporting.annex_a.lists import Period
from journey.reporting.annex_a.workbook import COVER
from tests.reporting.annex_a.helpers import check_sheet, open_workbook, workbook_bytes
from tests.tiny_council import AS_OF

pytestmark = pytest.mark.django_db


def test_the_tiny_councils_workbook_has_every_list_filled_and_valid(tiny_council, tmp_path):
    period = Period.last_six_months(AS_OF)
    book = open_workbook(workbook_bytes(period))
    assert book.sheetnames == [COVER, *(f"List {n}" for n in range(1, 9))]
    rows = {number: check_sheet(book, number) for number in range(1, 9)}
    assert {n: len(r) for n, r in rows.items()} == lists.counts(period)
    assert rows[1] and rows[3] and rows[6], "the six months have contacts, referrals and CIN"
    assert rows[8] == []

    # The tiny council's few enquiries may fall outside six months: two years has every list.
    two_years = Period(AS_OF.replace(year=AS_OF.year - 2), AS_OF)
    longer = open_workbook(workbook_bytes(two_years))
    sizes = {number: len(check_sheet(longer, number)) for number in range(1, 9)}
    assert all(sizes[number] for number in range(1, 8)), sizes

    out = tmp_path / "annex-a.xlsx"
    call_command("annex_a", start=period.start, end=period.end, out=out, stdout=io.StringIO())
    from_command = open_workbook(out.read_bytes())
    assert [len(check_sheet(from_command, n)) for n in range(1, 9)] == [
        len(rows[n]) for n in range(1, 9)
    ]
