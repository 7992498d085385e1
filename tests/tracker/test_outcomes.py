"""The CAF tracker's outcome column and its drift rule "Review outcome measure overdue": the real
status of each piece of work's measures (outcomes.EpisodeOutcome), on the page, sorted, filtered
by the flag, in the export and in the nightly snapshot, in the same number of queries."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from journey.tracker.exports import HEADERS
from journey.tracker.models import DriftFlagSnapshot
from journey.tracker.services import take_snapshot
from tests.tracker.conftest import caf_episode, days_ago, measure, taf, today

pytestmark = pytest.mark.django_db
URL = reverse("caf_tracker")
RULE = "outcome_review_overdue"


@pytest.fixture
def six(council):
    """Six pieces of CAF work, one for each state of their outcome measures."""
    worker = council["practitioner"]

    def work(first_name: str, started: int, measured: int | None):
        return caf_episode(
            council,
            started_days_ago=started,
            measured_days_ago=measured,
            first_name=first_name,
            last_name="Measure",
        )

    unmeasured_old = work("Una", 100, None)  # no start measure 100 days in: flagged
    unmeasured_new = work("Ned", 20, None)  # 20 days in: not yet due
    at_start = work("Sam", 60, 10)
    reviewed = work("Rita", 200, 150)
    measure(reviewed, worker, "review", days_ago(30))
    overdue = work("Otto", 200, 120)  # the review was due 91 days after: 29 days ago
    closing = work("Cleo", 300, 200)
    measure(closing, worker, "closure", days_ago(5))
    return {
        "unmeasured_old": unmeasured_old,
        "unmeasured_new": unmeasured_new,
        "at_start": at_start,
        "reviewed": reviewed,
        "overdue": overdue,
        "closing": closing,
    }


def _page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def outcome_cells(page: str) -> dict[int, str]:
    """{episode id: the text of its Outcome measure cell (the tenth)}."""
    cells = {}
    for pk, row in re.findall(r'<tr class="govuk-table__row" id="episode-(\d+)">(.*?)</tr>', page):
        tds = re.findall(r"<td[^>]*>(.*?)</td>", row)
        cells[int(pk)] = _text(tds[9])
    return cells


def row_ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr class="govuk-table__row" id="episode-(\d+)"', page)]


def test_each_row_shows_where_its_outcome_measures_stand(council, signed_in, six):
    cells = outcome_cells(_page(signed_in(council["practitioner"])))
    assert cells == {
        six["unmeasured_old"].pk: "Not measured",
        six["unmeasured_new"].pk: "Not measured",
        six["at_start"].pk: "Measured at start",
        six["reviewed"].pk: f"Reviewed {days_ago(30):%-d %b %Y}",
        six["overdue"].pk: f"Review measure overdue since {days_ago(28):%-d %b %Y}",
        six["closing"].pk: "Closing measure recorded",
    }


def test_the_drift_rule_flags_exactly_the_overdue_and_the_long_unmeasured(council, signed_in, six):
    client = signed_in(council["practitioner"])
    flagged = row_ids(_page(client, flag=RULE))
    assert sorted(flagged) == sorted([six["unmeasured_old"].pk, six["overdue"].pk])
    page = _text(_page(client, flag=RULE))
    assert f"Review outcome measure overdue since {days_ago(28):%-d %b %Y}" in page
    assert f"Review outcome measure overdue since {days_ago(100 - 43):%-d %b %Y}" in page
    assert "Measure overdue" in page, "the row's short tag"
    # The rule is explained on the page with the council's number of days.
    assert "once 42 days have passed since it opened without its start measure" in page


def test_the_outcome_column_sorts_the_most_urgent_first(council, signed_in, six):
    client = signed_in(council["practitioner"])
    urgent_first = [
        six["overdue"],
        six["unmeasured_new"],  # Ned before Una: ties go by the child's name
        six["unmeasured_old"],
        six["at_start"],
        six["reviewed"],
        six["closing"],
    ]
    assert row_ids(_page(client, sort="outcome")) == [e.pk for e in urgent_first]
    reverse_order = [
        six["closing"],
        six["reviewed"],
        six["at_start"],
        six["unmeasured_new"],
        six["unmeasured_old"],
        six["overdue"],
    ]
    assert row_ids(_page(client, sort="-outcome")) == [e.pk for e in reverse_order]


def test_the_export_has_each_rows_status_and_explains_it(council, signed_in, six):
    response = signed_in(council["practitioner"]).get(reverse("caf_tracker_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["CAF tracker"].iter_rows(values_only=True))
    by_name = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    assert by_name["Otto Measure"]["Outcome measure"] == (
        f"Review measure overdue since {days_ago(28):%-d %b %Y}"
    )
    assert by_name["Otto Measure"]["Review outcome measure overdue (since)"].date() == days_ago(28)
    assert by_name["Rita Measure"]["Outcome measure"] == f"Reviewed {days_ago(30):%-d %b %Y}"
    assert by_name["Ned Measure"]["Review outcome measure overdue (since)"] is None
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r and r[0]}
    assert "later release" not in about["Outcome measure"]
    assert "review measure overdue" in about["Outcome measure"]


def test_the_nightly_snapshot_keeps_the_rule_with_its_since(council, six):
    take_snapshot(today())
    kept = dict(DriftFlagSnapshot.objects.filter(rule=RULE).values_list("episode_id", "since"))
    assert kept == {
        six["overdue"].pk: days_ago(28),
        six["unmeasured_old"].pk: days_ago(100 - 43),
    }


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        _page(client, **params)
    return len(captured)


def test_the_outcome_column_costs_no_query_per_row(council, signed_in):
    worker = council["practitioner"]
    client = signed_in(worker)
    caf_episode(council, measured_days_ago=None)
    caf_episode(council)
    views = ({}, {"sort": "outcome"}, {"flag": RULE}, {"sort": "-outcome", "page": "2"})
    small = [queries_for(client, **view) for view in views]
    for n in range(6):
        episode = caf_episode(council, started_days_ago=300 + n, measured_days_ago=200 + n)
        taf(episode, worker, held_days_ago=100 + n, actions=[("One", 5)])
        if n % 2:
            measure(episode, worker, "review", days_ago(50 + n))
        if n % 3 == 0:
            measure(episode, worker, "closure", days_ago(2))
    larger = [queries_for(client, **view) for view in views]
    assert larger == small


def test_a_partner_lead_sees_the_outcome_flag_on_the_work_they_lead(council, signed_in):
    lead = council["external_lead"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=None, lead=lead)
    page = _page(signed_in(lead))
    assert row_ids(page) == [episode.pk]
    assert f'data-rule="{RULE}"' in page


def test_closing_the_work_takes_it_and_its_flag_off_the_tracker(council, signed_in):
    from journey.cases import services as case_services
    from journey.cases.models import EarlyHelpClosureReason

    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=None)
    case_services.close_episode(
        episode,
        ended_on=today() - dt.timedelta(days=1),
        reason=EarlyHelpClosureReason.MOVED_AWAY,
        note="",
        closed_by=worker.user,
    )
    assert row_ids(_page(signed_in(worker), flag=RULE)) == []
