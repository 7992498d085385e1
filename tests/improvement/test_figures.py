"""The monthly snapshot of the measures, the RAG it feeds, and the children behind a figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from journey.core.measures import Tally, Window
from journey.core.working_days import add_months
from journey.improvement import selectors, services
from journey.improvement.models import MeasureFigure, Rag
from journey.improvement.rag import last_full_month
from journey.people.models import Person
from tests.factories import make_child, make_episode
from tests.improvement_world import OPEN_CASES, TODAY

LAST = last_full_month(TODAY)


def figures(month: dt.date) -> dict:
    return {
        (f.team_id, f.worker_id): (f.numerator, f.denominator, f.whole_month)
        for f in MeasureFigure.objects.filter(measure=OPEN_CASES.key, month=month)
    }


def test_the_snapshot_stores_the_council_and_each_team_and_a_rerun_replaces(council, test_measure):
    tm = council["team_manager"]
    for _ in range(2):
        make_episode(make_child(tm), tm, started_on=LAST, allocate_to=council["social_worker"])
    make_episode(make_child(tm), tm, started_on=LAST, allocate_to=council["other_social_worker"])
    # Opened on the first day of this month: not open at the end of last month.
    make_episode(make_child(tm), tm, started_on=add_months(LAST, 1))
    services.snapshot_measures([LAST], TODAY)
    sc, other = council.sc_team.pk, council.other_sc_team.pk
    assert figures(LAST) == {
        (None, None): (3, 3, True),
        (sc, None): (2, 2, True),
        (other, None): (1, 1, True),
    }
    services.snapshot_measures([LAST], TODAY)
    assert MeasureFigure.objects.filter(measure=OPEN_CASES.key, month=LAST).count() == 3


def test_this_month_is_stored_as_counted_so_far(council, test_measure):
    services.snapshot_measures([TODAY], TODAY)
    assert figures(TODAY.replace(day=1))[(None, None)][2] is False


def _store(month: dt.date, numerator: int, denominator: int = 100) -> None:
    MeasureFigure.objects.create(
        measure=OPEN_CASES.key,
        month=month,
        numerator=numerator,
        denominator=denominator,
        computed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def _rating(world):
    page = selectors.action_page(world.measured.pk, TODAY)
    return page.rating


def test_a_measured_action_is_rated_from_the_stored_figures(world, council):
    # Up 5 points a month to 85% last month; the target is 90% in four months' time.
    for back, value in enumerate([85, 80, 75, 70, 65, 60]):
        _store(add_months(LAST, -back), value)
    rating = _rating(world)
    assert (rating.rag, rating.how) == (Rag.ON_TASK, "measure")
    assert rating.computed.latest.value == Decimal("85.0")
    _store(add_months(LAST, 1), 0)  # this month so far is not a full period: ignored
    assert _rating(world).rag == Rag.ON_TASK
    MeasureFigure.objects.filter(month=LAST).update(numerator=91)
    assert _rating(world).rag == Rag.ACHIEVED


def test_an_override_shows_with_its_reason_and_the_figures_stay_visible(world, council, client):
    for back in range(6):
        _store(add_months(LAST, -back), 50)
    services.override_rating(
        world.measured,
        Rag.ON_TASK,
        "Fifty cases closed in error last month are being reopened by the data team.",
        by=council["head_of_service"].user,
    )
    rating = _rating(world)
    assert (rating.rag, rating.how, rating.computed.rag) == (Rag.ON_TASK, "override", Rag.AT_RISK)
    client.force_login(council["assistant_director"].user)
    page = client.get(reverse("improvement_action", args=[world.measured.pk])).content.decode()
    assert "Fifty cases closed in error" in page
    assert "The figures alone say: At risk of not achieving" in page
    services.override_rating(
        world.measured,
        "",
        "The data team has reopened the cases: back to the figures now.",
        by=council["head_of_service"].user,
    )
    assert (_rating(world).rag, _rating(world).how) == (Rag.AT_RISK, "measure")


def test_restricted_children_are_counted_but_never_named(council, test_measure):
    tm = council["team_manager"]
    named = make_child(tm, first_name="Nina", last_name="Visible")
    hidden = make_child(tm, first_name="Hannah", last_name="Hidden")
    for child in (named, hidden):
        make_episode(child, tm, started_on=LAST, allocate_to=council["social_worker"])
    Person.objects.filter(pk=hidden.pk).update(is_restricted=True)
    window = Window.month(LAST, TODAY)
    behind = selectors.behind_figure(council["team_manager"].user, test_measure, window)
    assert behind.tally == Tally(2, 2)
    assert (behind.children, behind.hidden_children) == (2, 1)
    assert [row.child.pk for row in behind.rows] == [named.pk]


def test_the_list_behind_a_team_figure_holds_that_team_only(council, test_measure, client):
    tm = council["team_manager"]
    mine = make_child(tm, first_name="Sam", last_name="Ours")
    theirs = make_child(tm, first_name="Tom", last_name="Theirs")
    make_episode(mine, tm, started_on=LAST, allocate_to=council["social_worker"])
    make_episode(theirs, tm, started_on=LAST, allocate_to=council["other_social_worker"])
    client.force_login(council["assistant_director"].user)
    page = client.get(
        reverse("measure_behind", args=[test_measure.key]),
        {"month": f"{LAST:%Y-%m}", "team": council.sc_team.pk},
    ).content.decode()
    assert "Sam Ours" in page and "Tom Theirs" not in page
    assert "1 open cases, out of 1 cases" in page


def test_a_month_not_yet_begun_or_a_bad_month_is_not_found(council, test_measure, client):
    client.force_login(council["assistant_director"].user)
    url = reverse("measure_behind", args=[test_measure.key])
    assert client.get(url, {"month": "2099-01"}).status_code == 404
    assert client.get(url, {"month": "March"}).status_code == 404
    assert client.get(reverse("measure", args=["no_such_measure"])).status_code == 404


def test_the_monthly_ratings_read_each_action_as_it_stood_when_the_month_ended(world, council):
    from journey.improvement.models import Action, RatingSnapshot

    hos = council["head_of_service"].user
    before = add_months(LAST, -1)
    Action.objects.filter(pk__in=[world.rated.pk, world.measured.pk]).update(
        created_at=dt.datetime.combine(add_months(before, -1), dt.time(9), tzinfo=dt.UTC)
    )
    services.record_progress(
        world.rated,
        services.ProgressInput(before + dt.timedelta(days=3), "Started", "on_task"),
        by=hos,
    )
    services.record_progress(
        world.rated,
        services.ProgressInput(LAST + dt.timedelta(days=3), "Stalled", "at_risk"),
        by=hos,
    )
    services.snapshot_ratings([before, LAST], TODAY)
    counts = {
        s.month: (s.achieved, s.on_task, s.at_risk, s.unrated)
        for s in RatingSnapshot.objects.filter(plan=world.plan)
    }
    # The measured action has no figures stored, so it is at risk in both months.
    assert counts == {before: (0, 1, 1, 0), LAST: (0, 0, 2, 0)}


def test_the_measure_pages_query_counts_do_not_grow(council, test_measure, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(council["assistant_director"].user)
    urls = [
        reverse("measures_registry"),
        reverse("measure", args=[test_measure.key]),
        reverse("measure_behind", args=[test_measure.key]) + f"?month={LAST:%Y-%m}",
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    tm = council["team_manager"]
    make_episode(make_child(tm), tm, started_on=LAST, allocate_to=council["social_worker"])
    services.snapshot_measures([LAST], TODAY)
    before = counts()
    for _ in range(4):
        make_episode(
            make_child(tm), tm, started_on=LAST, allocate_to=council["other_social_worker"]
        )
    services.snapshot_measures([add_months(LAST, -1), LAST], TODAY)
    assert counts() == before
