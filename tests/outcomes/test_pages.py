"""The outcomes page: cohort figures with exact counts, suppression of small cohorts, the closed
work without a closing measure (naming only children the reader may see), who may read it, and
its query count as the work grows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as cases
from journey.cases.models import EpisodeKind
from journey.outcomes import selectors as outcome_selectors
from journey.outcomes import services
from journey.outcomes.models import OutcomeTool
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def measured_family(
    council, start: int, end: int | None, *, close: bool = True, kind=EpisodeKind.EARLY_HELP_CAF
):
    """An early help family measured at the start (every scale `start`) and, if `end`, at
    closure (every scale `end`); closed 10 days ago if `close`."""
    worker = council["practitioner"]
    child = make_child(worker)
    episode = make_episode(child, worker, kind=kind, started_on=days_ago(200))
    wheel = services.current_version(OutcomeTool.objects.get(name="Journey family wheel"))
    assert wheel is not None

    def measure(point, on, value):
        services.record_measurement(
            episode,
            services.MeasurementInput(
                wheel,
                point,
                on,
                "together",
                [services.ScoreInput(s.key, value) for s in wheel.scales.all()],
            ),
            by=worker.user,
        )

    measure("start", days_ago(190), start)
    if end is not None:
        measure("closure", days_ago(12), end)
    if close:
        cases.close_episode(
            episode, ended_on=days_ago(10), reason="EH1", note="Outcomes met", closed_by=worker.user
        )
    return episode


def page(client, worker, query=""):
    client.force_login(worker.user)
    return client.get(reverse("outcomes") + query)


def test_cohort_figures_count_each_direction_and_suppress_small_cohorts(client, council):
    for start, end in [(3, 6), (3, 7), (4, 8), (5, 5), (6, 2)]:
        measured_family(council, start, end)
    unmeasured = measured_family(council, 4, None)  # closed with no closing measure
    text = page(client, council["assistant_director"]).content.decode()
    assert "6 (100%)" in text  # six children, all measured at least once
    assert "3 (60%)" in text and "1 (20%)" in text  # improved; same and worse of five
    assert "Closed without a closing measure (1)" in text
    assert unmeasured.child.full_name in text
    # The social care head of service reads the same figures but may not see the early help
    # child, so the list counts them without their name.
    text = page(client, council["head_of_service"]).content.decode()
    assert "3 (60%)" in text and "Closed without a closing measure (1)" in text
    assert unmeasured.child.full_name not in text
    assert "A child you do not have access to" in text
    # One kind of work with six children is shown; a team filter down to fewer is suppressed.
    measured_family(council, 2, 9, kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY)
    text = page(client, council["assistant_director"], "?group=kind").content.decode()
    caf = text.split('data-cohort="Early help (CAF and TAF)"')[1].split("</tr>")[0]
    single = text.split('data-cohort="Early help (single agency)"')[1].split("</tr>")[0]
    assert "6 (100%)" in caf and "not shown" not in caf
    assert "Fewer than 5 children: not shown" in single and "(100%)" not in single
    text = page(client, council["assistant_director"], "?open_work=on").content.decode()
    assert "No work in this cohort" in text  # every family's work is closed
    # Filtered down to the one single-agency child, even the total is suppressed.
    query = f"?team={council.eh_team.pk}&kind=eh_single"
    total = page(client, council["assistant_director"], query).content.decode()
    assert total.split("data-total")[1].count("Fewer than 5 children: not shown") == 1


@pytest.mark.parametrize(
    "name", ["social_worker", "practitioner", "complaints_officer", "administrator"]
)
def test_workers_without_the_measures_are_refused(client, council, name):
    assert page(client, council[name]).status_code == 403


def test_the_page_reads_the_same_queries_however_much_work(
    client, council, django_assert_max_num_queries
):
    measured_family(council, 3, 6)
    with CaptureQueriesContext(connection) as few:
        page(client, council["head_of_service"])
    for start, end in [(3, 6), (4, 4), (7, 2), (2, None)]:
        measured_family(council, start, end)
    with django_assert_max_num_queries(len(few)):
        assert page(client, council["head_of_service"]).status_code == 200


def test_a_worker_records_a_measure_and_sees_the_familys_chart(client, council):
    worker = council["practitioner"]
    child = make_child(worker)
    episode = make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=days_ago(90))
    wheel = services.current_version(OutcomeTool.objects.get(name="Journey family wheel"))
    client.force_login(worker.user)
    url = reverse("record_outcome_measure", args=[episode.pk])
    form = {
        "point": "start",
        "measured_on_0": days_ago(80).day,
        "measured_on_1": days_ago(80).month,
        "measured_on_2": days_ago(80).year,
        "scored_by": "together",
        **{f"score_{s.key}": 4 for s in wheel.scales.all()},
        "words_home": "We shout a lot",
    }
    refused = client.post(url, {**form, "score_home": 12}).content.decode()
    assert (
        "govuk-error-summary" in refused and "Each score is a whole number from 0 to 10" in refused
    )
    assert not episode.outcome_measurements.exists()
    assert client.post(url, form).status_code == 302
    later = days_ago(5)
    closing = {**form, "point": "review", "score_home": 7, "words_home": "Calmer now"}
    closing |= {
        "measured_on_0": later.day,
        "measured_on_1": later.month,
        "measured_on_2": later.year,
    }
    assert client.post(url, closing).status_code == 302
    tab = client.get(reverse("child_outcomes", args=[child.pk])).content.decode()
    assert "Journey family wheel" in tab and "+3" in tab and "Calmer now" in tab
    assert "<svg" in tab and "Home and family life: 4 Start" in tab


def test_who_may_not_record_or_read_a_childs_measures(client, council):
    worker = council["practitioner"]
    child = make_child(worker)
    episode = make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=days_ago(90))
    for name in ("social_worker", "complaints_officer"):
        client.force_login(council[name].user)
        url = reverse("record_outcome_measure", args=[episode.pk])
        assert client.get(url).status_code == 403
        assert client.get(reverse("child_outcomes", args=[child.pk])).status_code == 403


def test_closed_work_without_a_closing_measure_is_paged(client, council, monkeypatch):
    monkeypatch.setattr(outcome_selectors, "PAGE_SIZE", 1)
    first, second = (measured_family(council, 4, None) for _ in range(2))
    reader = council["assistant_director"]
    one = page(client, reader).content.decode()
    two = page(client, reader, "?page=2").content.decode()
    assert "Closed without a closing measure (2)" in one and "Page 1 of 2" in one
    names = {first.child.full_name, second.child.full_name}
    assert {name for name in names if name in one} | {name for name in names if name in two} == (
        names
    )
    assert not {name for name in names if name in one} & {name for name in names if name in two}


def test_the_familys_chart_is_on_the_childs_summary_and_the_plan_page(client, council):
    episode = measured_family(council, 3, None, close=False)
    child = episode.child
    client.force_login(council["practitioner"].user)
    summary = client.get(reverse("child", args=[child.pk])).content.decode()
    assert 'id="outcomes"' in summary and "<svg" in summary
    assert "Home and family life: 3 Start" in summary
    plan = client.get(reverse("early_help_plan", args=[episode.pk])).content.decode()
    assert "Scores from 0 to 10" in plan and "Home and family life: 3 Start" in plan
    unmeasured = make_episode(
        make_child(council["practitioner"]),
        council["practitioner"],
        kind=EpisodeKind.EARLY_HELP_CAF,
        started_on=days_ago(30),
    )
    plan = client.get(reverse("early_help_plan", args=[unmeasured.pk])).content.decode()
    assert "No outcome measure recorded for this work yet." in plan
