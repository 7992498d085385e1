"""The outcomes report: its figures for a year beside the year before, with exact counts and
small cohorts suppressed; each figure against the target of a running improvement plan action or
"No target set"; its PDF, read back; kept as issued when new measures come in; who may read and
issue it; bad input; and a fixed number of queries as the work grows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.cases.models import EpisodeKind
from journey.core import measures as registry
from journey.improvement import services as improvement
from journey.outcomes.report import services
from journey.outcomes.report.models import OutcomesReport
from journey.outcomes.report.selectors import Year, report_content
from journey.workforce.models import Role
from tests.factories import TeamFactory, WorkerFactory
from tests.improvement_world import action_input
from tests.outcomes.families import family

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = Year.last_ended(TODAY)
INTRODUCTION = "More families were measured at both ends this year, and most of them improved."


def days(year: Year, start: int, review: int, closing: int, closed: int) -> dict[str, dt.date]:
    first = year.starts_on
    return {
        "started": first - dt.timedelta(days=30),
        "start": first + dt.timedelta(days=start),
        "review": first + dt.timedelta(days=review),
        "closure": first + dt.timedelta(days=closing),
        "closed": first + dt.timedelta(days=closed),
    }


def closed_family(worker, year: Year, scores: dict[str, int], kind=EpisodeKind.EARLY_HELP_CAF):
    """Early help closed in `year`, measured at the points in `scores` (every scale alike)."""
    on = days(year, 10, 100, 200, 210)
    measures = [(point, on[point], value) for point, value in scores.items()]
    return family(worker, measures, started_on=on["started"], closed_on=on["closed"], kind=kind)


@pytest.fixture
def world(council):
    """Nine pieces of early help closed in the year (seven in Early Help North), three in the
    year before."""
    north = council["practitioner"]
    south = WorkerFactory(
        role=Role.PRACTITIONER,
        team=TeamFactory(name="Early Help South", service=council.eh_team.service),
    )
    work = [
        closed_family(north, YEAR, {"start": 3, "review": 5, "closure": 6}),  # improved
        closed_family(north, YEAR, {"start": 3, "closure": 7}),  # improved
        closed_family(  # improved
            north, YEAR, {"start": 4, "closure": 8}, kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY
        ),
        closed_family(north, YEAR, {"start": 5, "review": 6, "closure": 5}),  # the same
        closed_family(north, YEAR, {"start": 6, "closure": 2}),  # worse
        closed_family(north, YEAR, {"start": 4}),  # no closing measure
        closed_family(north, YEAR, {}),  # never measured
        closed_family(south, YEAR, {"start": 2, "closure": 9}),  # improved
        closed_family(south, YEAR, {}),  # never measured
    ]
    before = [
        closed_family(north, YEAR.before, {"start": 3, "closure": 5}),
        closed_family(north, YEAR.before, {"start": 5, "closure": 4}),
        closed_family(north, YEAR.before, {}),
    ]
    return SimpleNamespace(north=north, south=south, work=work, before=before)


def plan_targets(council) -> None:
    """A running plan: the council's target on the share improved and Early Help North's on
    use; a withdrawn action on the closing measure."""
    hos = council["head_of_service"]
    plan = improvement.create_plan(
        improvement.PlanInput(
            title="Early help improvement plan",
            source="self_assessment",
            owner=hos,
            starts_on=TODAY - dt.timedelta(days=100),
            ends_on=TODAY + dt.timedelta(days=200),
        ),
        by=hos.user,
    )
    area = improvement.add_area(plan, improvement.AreaInput("Measure what we do"), by=hos.user)
    for key, target, team in (
        ("outcomes_improved", "70", None),
        ("outcomes_use", "90", council.eh_team),
        ("outcomes_closing_measured", "80", None),
    ):
        action = improvement.add_action(
            area,
            action_input(
                council,
                action=f"Raise {key}",
                measure=key,
                measure_team=team,
                target=Decimal(target),
                target_by=TODAY + dt.timedelta(days=120),
            ),
            by=hos.user,
        )
    improvement.withdraw_action(
        action, "The service plan took this target over, so it is measured there now", by=hos.user
    )


def rows(content) -> dict:
    return {row["key"]: row for row in content["headline"]["rows"]}


def test_the_years_figures_are_exact_and_the_year_before_too_small_to_show(council, world):
    content = report_content(YEAR, TODAY)
    headline = content["headline"]
    assert headline["closed"] == {"this": 9, "last": None}  # three closed the year before
    assert headline["both"] == {"this": 6, "last": None}
    assert headline["unmeasured"] == {"this": 3, "last": None}
    shares = {key: row["this"] for key, row in rows(content).items()}
    assert shares["outcomes_use"] == {"count": 7, "out_of": 9, "share": "77.8", "suppressed": False}
    assert shares["outcomes_reviewed"]["share"] == "22.2"
    assert shares["outcomes_closing_measured"]["share"] == "66.7"
    assert (shares["outcomes_improved"]["count"], shares["outcomes_improved"]["out_of"]) == (4, 6)
    assert all(row["last"]["suppressed"] for row in rows(content).values())
    directions = {d["key"]: d["this"]["share"] for d in headline["directions"]}
    assert directions == {"improved": "66.7", "same": "16.7", "worse": "16.7"}
    # The same figures as the measures in the improvement plans' registry, over the year.
    for key, row in rows(content).items():
        tally = registry.council_tally(registry.get(key).groups(YEAR.window))
        assert (tally.numerator, tally.denominator) == (row["this"]["count"], row["this"]["out_of"])
    # No running plan tracks the measures.
    assert {row["against"] for row in rows(content).values()} == {"No target set"}


def test_cohorts_of_fewer_than_five_are_suppressed(council, world):
    cohorts = {
        t["key"]: {r["label"]: r for r in t["rows"]} for t in report_content(YEAR)["cohorts"]
    }
    north = cohorts["team"]["Early Help North"]
    assert north["closed"] == 7 and north["use"]["share"] == "85.7"
    assert north["closing"]["share"] == "71.4"
    assert (north["improved"]["count"], north["improved"]["out_of"]) == (3, 5)
    assert north["same"]["share"] == "20.0" and north["worse"]["share"] == "20.0"
    south = cohorts["team"]["Early Help South"]
    assert south == {"label": "Early Help South", "suppressed": True}  # two: nothing kept
    assert cohorts["kind"]["Early help (CAF and TAF)"]["closed"] == 8
    assert cohorts["kind"]["Early help (single agency)"]["suppressed"]
    assert list(cohorts["reason"]) == ["Outcomes met"]
    assert cohorts["reason"]["Outcomes met"]["closed"] == 9


def test_distance_travelled_by_scale(council, world):
    scales = {row["scale"]: row for row in report_content(YEAR)["scales"]}
    assert len(scales) == 10 and {row["tool"] for row in scales.values()} == {
        "Journey family wheel"
    }
    home = scales["Home and family life"]
    # Six measured at start and closure: first 3, 3, 4, 5, 6, 2; latest 6, 7, 8, 5, 2, 9.
    assert home["this"] == {
        "n": 6,
        "suppressed": False,
        "first": 3.8,
        "latest": 6.2,
        "change": "+2.3",
    }
    assert home["last"]["suppressed"] and home["last"]["n"] is None  # two the year before


def test_each_figure_against_a_running_plans_target(council, world):
    plan_targets(council)
    content = report_content(YEAR, TODAY)
    headline = rows(content)
    improved = headline["outcomes_improved"]
    assert improved["target"]["value"] == "70.0" and improved["against"] == "Below the target"
    assert "Early help improvement plan, action 1.1" in improved["target"]["source"]
    # Early Help North's own target is on use, not the council's: the council has none.
    assert headline["outcomes_use"]["against"] == "No target set"
    assert headline["outcomes_closing_measured"]["against"] == "No target set"  # withdrawn
    team = {r["label"]: r for r in content["cohorts"][0]["rows"]}["Early Help North"]
    assert team["use_target"]["value"] == "90.0" and team["use_target"]["team"]
    assert team["use_against"] == "Below the target"  # 85.7% against 90%
    assert team["improved_target"]["value"] == "70.0" and not team["improved_target"]["team"]
    assert team["improved_against"] == "Below the target"  # 60.0% against 70%


def pdf_text(report: OutcomesReport) -> str:
    pages = PdfReader(io.BytesIO(bytes(report.pdf))).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_issued_report_is_kept_as_issued_with_its_pdf(council, client, world):
    plan_targets(council)
    by = council["qa_officer"].user
    report = services.issue_report(services.ReportInput(YEAR.first, INTRODUCTION), by=by)
    text = pdf_text(report)
    assert f"OUTCOMES AND DISTANCE TRAVELLED: REPORT ON {YEAR.label}" in text
    assert INTRODUCTION in text and "Early Help North" in text
    assert "77.8%" in text and "70.0% by" in text and "No target set" in text
    assert "Not shown: fewer than 5" in text and "Home and family life" in text
    for episode in world.work + world.before:  # every child is a Testington
        assert episode.child.last_name not in text and episode.child.first_name not in text
    assert (report.starts_on, report.ends_on, report.previous) == (
        YEAR.starts_on,
        YEAR.ends_on,
        None,
    )
    issued = dict(report.content)
    # More work of the year is measured and closed after the report was issued.
    day = YEAR.starts_on + dt.timedelta(days=200)
    family(
        world.north,
        [("start", day, 2), ("closure", day + dt.timedelta(days=60), 9)],
        started_on=day,
        closed_on=day + dt.timedelta(days=60),
    )
    report.refresh_from_db()
    assert report.content == issued and pdf_text(report) == text
    client.force_login(council["performance_officer"].user)
    page = client.get(reverse("outcomes_report", args=[report.pk]))
    assert page.status_code == 200 and "77.8%" in page.text
    assert rows(report.content)["outcomes_closing_measured"]["this"]["share"] == "66.7"
    assert 'role="img"' in page.text and "<desc" in page.text and "<table" in page.text
    pdf = client.get(reverse("outcomes_report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and bytes(pdf.content) == bytes(report.pdf)
    # Issued again, the year is counted afresh; the first report stays as it was.
    again = services.issue_report(services.ReportInput(YEAR.first, INTRODUCTION), by=by)
    assert again.previous == report and OutcomesReport.objects.count() == 2
    assert (
        rows(again.content)["outcomes_closing_measured"]["this"]["share"] == "70.0"
    )  # seven of ten


def test_a_year_not_ended_and_a_short_introduction_are_refused(council):
    by = council["head_of_service"].user
    this_year = Year(YEAR.first + 1)
    with pytest.raises(ValidationError) as error:
        services.issue_report(services.ReportInput(this_year.first, "Short"), by=by)
    assert set(error.value.message_dict) == {"year", "introduction"}
    assert "choose a year that has ended" in error.value.message_dict["year"][0]
    with pytest.raises(ValidationError):
        services.issue_report(services.ReportInput(None, INTRODUCTION), by=by)
    assert not OutcomesReport.objects.exists()


def test_a_head_of_service_previews_then_issues_on_the_page(council, client, world):
    client.force_login(council["head_of_service"].user)
    outcomes = client.get(reverse("outcomes")).text
    assert reverse("outcomes_reports") in outcomes
    data = {"year": YEAR.first, "introduction": INTRODUCTION}
    preview = client.post(reverse("outcomes_report_new"), {**data, "preview": "1"})
    assert "Preview: not issued" in preview.text and "77.8%" in preview.text
    assert not OutcomesReport.objects.exists()
    refused = client.post(reverse("outcomes_report_new"), {**data, "introduction": "", "issue": 1})
    assert "govuk-error-summary" in refused.text and not OutcomesReport.objects.exists()
    issued = client.post(reverse("outcomes_report_new"), {**data, "issue": "1"}, follow=True)
    assert "kept as issued" in issued.text and OutcomesReport.objects.count() == 1
    listed = client.get(reverse("outcomes_reports")).text
    assert reverse("outcomes_report_pdf", args=[OutcomesReport.objects.get().pk]) in listed


@pytest.mark.parametrize("name", ["social_worker", "external_lead", "cp_partner", "administrator"])
def test_who_may_not_read_the_report(council, client, world, name):
    report = services.issue_report(
        services.ReportInput(YEAR.first, INTRODUCTION), by=council["assistant_director"].user
    )
    client.force_login(council[name].user)
    for url in (
        reverse("outcomes_reports"),
        reverse("outcomes_report_new"),
        reverse("outcomes_report", args=[report.pk]),
        reverse("outcomes_report_pdf", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "77.8" not in response.text
    data = {"year": YEAR.first, "introduction": INTRODUCTION, "issue": "1"}
    assert client.post(reverse("outcomes_report_new"), data).status_code == 403
    assert OutcomesReport.objects.count() == 1


@pytest.mark.parametrize("name", ["team_manager", "performance_officer"])
def test_readers_of_the_figures_read_but_do_not_issue(council, client, name):
    client.force_login(council[name].user)
    assert client.get(reverse("outcomes_reports")).status_code == 200
    refused = client.get(reverse("outcomes_report_new"))
    assert refused.status_code == 403 and "heads of service" in refused.text
    data = {"year": YEAR.first, "introduction": INTRODUCTION, "issue": "1"}
    assert client.post(reverse("outcomes_report_new"), data).status_code == 403
    assert not OutcomesReport.objects.exists()


def test_the_report_reads_the_same_queries_however_much_work(
    council, client, world, django_assert_max_num_queries
):
    client.force_login(council["assistant_director"].user)
    data = {"year": YEAR.first, "introduction": INTRODUCTION, "preview": "1"}
    with CaptureQueriesContext(connection) as few:
        assert client.post(reverse("outcomes_report_new"), data).status_code == 200
    with CaptureQueriesContext(connection) as content_queries:
        report_content(YEAR, TODAY)
    assert len(content_queries) == 8
    plan_targets(council)
    other = WorkerFactory(
        role=Role.PRACTITIONER,
        team=TeamFactory(name="Early Help East", service=council.eh_team.service),
    )
    for worker in (world.north, other, other):
        closed_family(worker, YEAR, {"start": 2, "review": 4, "closure": 6})
        closed_family(worker, YEAR.before, {"start": 6, "closure": 3})
    with django_assert_max_num_queries(len(few)):
        assert client.post(reverse("outcomes_report_new"), data).status_code == 200
