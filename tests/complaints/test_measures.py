"""Complaints' measures, from hand-built records: exact counts and the month's first and last
days. Deadlines are worked out by hand (no bank holidays fall in February or March 2026)."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from journey.complaints.models import Compliment, Outcome
from journey.core import measures as registry
from journey.core.measures import Tally, Window, council_tally, team_tallies
from tests.complaints import factories as make

pytestmark = pytest.mark.django_db

D = dt.date
FEBRUARY, MARCH, APRIL = (Window.month(D(2026, m, 1)) for m in (2, 3, 4))
OUTCOMES = (Outcome.UPHELD, Outcome.NOT_UPHELD)


def tally(key: str, window: Window) -> Tally:
    measure = registry.get(key)
    assert measure is not None
    return council_tally(measure.groups(window))


def by_team(key: str, window: Window) -> dict[int | None, int]:
    measure = registry.get(key)
    assert measure is not None
    return {team: t.numerator for team, t in team_tallies(measure.groups(window)).items()}


@pytest.fixture
def stages(council):
    by, sc = council["complaints_officer"].user, council.sc_team

    def one(received_on, number=1, **kwargs):
        made = make.complaint(sc, received_on, by=by, themes=("Delay", "Communication"))
        return make.stage(made, number, received_on, **kwargs)

    made = {
        # Due 16 March, answered 13 March: in time in March.
        "a": one(D(2026, 3, 2), responded_on=D(2026, 3, 13), outcomes=OUTCOMES),
        # Due 2 March, extended to 16 March, answered on 31 March: late, in March.
        "b": one(D(2026, 2, 16), extended_to=D(2026, 3, 16), responded_on=D(2026, 3, 31)),
        # Due 16 March, answered 1 April: due in March unanswered; made late in April.
        "c": one(D(2026, 3, 2), responded_on=D(2026, 4, 1)),
        # Due 16 February, extended to 2 March, answered 27 February: in time in February.
        "d": one(D(2026, 2, 2), extended_to=D(2026, 3, 2), responded_on=D(2026, 2, 27)),
        # Due 2 March, answered on 1 March: in time in March.
        "e": one(
            D(2026, 2, 16),
            responded_on=D(2026, 3, 1),
            outcomes=(Outcome.PARTLY_UPHELD, Outcome.WITHDRAWN),
        ),
        # Stage 2: due 9 March, answered that day; due 23 February, extended to 31 March and
        # answered then; answered in February.
        "f": one(D(2026, 2, 2), 2, responded_on=D(2026, 3, 9)),
        "g": one(D(2026, 1, 19), 2, extended_to=D(2026, 3, 31), responded_on=D(2026, 3, 31)),
        "h": one(D(2025, 12, 1), 2, responded_on=D(2026, 2, 27)),
    }
    assert [made[k].due_on for k in "abcdefg"] == [
        D(2026, 3, 16),
        D(2026, 3, 2),
        D(2026, 3, 16),
        D(2026, 2, 16),
        D(2026, 3, 2),
        D(2026, 3, 9),
        D(2026, 2, 23),
    ]
    return made


def test_stage_1_responses_within_timescale_extensions_counting(stages):
    assert tally("complaints_stage_1_in_time", MARCH) == Tally(2, 4)
    assert tally("complaints_stage_1_in_time", FEBRUARY) == Tally(1, 1)
    assert tally("complaints_stage_1_in_time", APRIL) == Tally(0, 1)
    measure = registry.get("complaints_stage_1_in_time")
    assert measure is not None
    assert measure.format(tally(measure.key, MARCH).value(measure.unit)) == "50.0%"


def test_corporate_complaints_are_not_held_to_the_statutory_timescale(stages, council):
    by = council["complaints_officer"].user
    corporate = make.complaint(council.sc_team, D(2026, 2, 2), by=by, procedure="corporate")
    make.stage(corporate, 1, D(2026, 2, 2), responded_on=D(2026, 3, 30))  # late, in March
    assert tally("complaints_stage_1_in_time", MARCH) == Tally(2, 4)


def test_stage_2_responses_within_timescale(stages):
    assert tally("complaints_stage_2_in_time", MARCH) == Tally(2, 2)
    assert tally("complaints_stage_2_in_time", FEBRUARY) == Tally(0, 1)


def test_elements_upheld_in_the_month_of_the_response(stages):
    assert tally("complaint_elements_upheld", MARCH) == Tally(2, 4)
    assert tally("complaint_elements_upheld", FEBRUARY) == Tally(0, 0)


def test_complaints_and_compliments_received_by_team(council):
    by, sc, eh = council["complaints_officer"].user, council.sc_team, council.eh_team
    for team, day in ((sc, D(2026, 3, 1)), (sc, D(2026, 3, 31)), (eh, D(2026, 3, 15))):
        make.complaint(team, day, by=by)
        make.compliment(team, day, by=by)
    make.complaint(sc, D(2026, 2, 28), by=by)
    make.complaint(sc, D(2026, 4, 1), by=by)
    make.compliment(sc, D(2026, 4, 1), by=by)
    make.compliment(eh, D(2026, 3, 20), by=by, kind=Compliment.Kind.COMMENT)
    assert by_team("complaints_received", MARCH) == {sc.pk: 2, eh.pk: 1}
    assert by_team("compliments_received", MARCH) == {sc.pk: 2, eh.pk: 1}
    assert by_team("compliments_received", FEBRUARY) == {}
    assert tally("complaints_received", FEBRUARY).value(registry.Unit.COUNT) == Decimal(1)


def test_what_a_complaints_figure_counted_names_no_child_or_complainant(stages, council, client):
    client.force_login(council["performance_officer"].user)
    page = client.get(
        reverse("measure_behind", args=["complaints_stage_1_in_time"]), {"month": "2026-03"}
    )
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "2 responses within timescale, out of 4 responses made or due" in text
    assert text.count("Not named") == 4 and make.COMPLAINANT not in text


def test_the_complaints_measures_are_registered_and_name_no_child():
    keys = {
        "complaints_stage_1_in_time",
        "complaints_stage_2_in_time",
        "complaints_received",
        "complaint_elements_upheld",
        "compliments_received",
    }
    for key in keys:
        measure = registry.get(key)
        assert measure is not None and not measure.names_children, key
