"""The impact report: its figures (participation against the target by team, activities by kind
and age, "you said, we did", the registry's measures or "not yet available"), its PDF, kept as
issued, a fixed number of queries, who may issue and read it, and bad input."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.casework.models import FamilyBenefit
from journey.core import measures as registry
from journey.voice.impact import services
from journey.voice.impact.models import ImpactReport
from journey.voice.impact.selectors import report_content
from journey.voice.participation.quarters import Quarter
from tests.factories import TeamFactory
from tests.voice.conftest import activity, issue, rate, respond

pytestmark = pytest.mark.django_db

INTRODUCTION = "Young people shaped more of our work this year; two teams still fall short."


@pytest.fixture
def world(council, quarter):
    q1, q2 = quarter.before, quarter
    rate(council, council.eh_team, q1, 4)
    rate(council, council.eh_team, q2, 6)
    rate(council, council.sc_team, q2, 3)
    rate(council, council.sc_team, q2, 5, reason="The forum's minutes showed more.")
    activity(council, council.eh_team, q2.starts_on, ages=(1, 2, 3, 4))
    activity(council, council.sc_team, q1.ends_on, ages=(0, 5, 0, 0), kind="interview_panel")
    activity(council, council.sc_team, q1.before.ends_on, ages=(9, 9, 9, 9))  # before the period
    item = issue(council, q2.starts_on)
    respond(
        council,
        item,
        q2.starts_on,
        changed="A weekly sexual health drop-in at the academy",
        changed_on=q2.ends_on,
        published=True,
    )
    issue(council, q1.starts_on, raised="Meetings are held in school time")
    return q1, q2


def test_the_report_counts_participation_activities_and_you_said(council, world):
    q1, q2 = world
    content = report_content(q1, q2)
    rows = {row["team"]: row for row in content["participation"]["rows"]}
    assert rows[council.eh_team.name]["rungs"] == [4, 6]
    assert not rows[council.eh_team.name]["below"]
    assert rows[council.sc_team.name]["rungs"] == [None, 5]  # the superseding rating counts
    assert rows[council.sc_team.name]["below"]
    assert content["participation"]["at_target"] == 1
    assert content["participation"]["rated"] == 2
    activities = content["activities"]
    assert activities["held"] == 2 and activities["young_people"] == 15
    assert activities["band_totals"] == [1, 7, 3, 4]
    said = content["you_said"]
    assert said["raised"] == 2 and said["answered"] == 1 and said["changed"] == 1
    assert said["items"][1]["changed"] == "A weekly sexual health drop-in at the academy"


def test_measures_not_registered_say_so_and_our_own_are_read(world, monkeypatch):
    q1, q2 = world
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    registry._REGISTRY.pop("child_views_recorded", None)
    registry._REGISTRY.pop("family_benefit", None)
    measures = {m["key"]: m for m in report_content(q1, q2)["measures"]}
    assert not measures["child_views_recorded"]["available"]
    assert not measures["family_benefit"]["available"]
    at_target = measures["participation_at_target"]
    assert at_target["available"] and (at_target["counted"], at_target["out_of"]) == (1, 2)
    assert at_target["figure"] == "50.0%"


def test_the_report_takes_a_fixed_number_of_queries(council, world):
    q1, q2 = world

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            report_content(q1, q2)
        return len(queries)

    few = count()
    for _ in range(5):
        team = TeamFactory(service=council.eh_team.service)
        rate(council, team, q2, 7)
        activity(council, team, q2.starts_on)
        respond(council, issue(council, q2.starts_on, team=team), q2.ends_on)
    assert count() == few


def test_an_issued_report_is_kept_as_issued_with_its_pdf(council, client, world):
    q1, q2 = world
    by = council["participation_officer"].user
    report = services.issue_report(services.ReportInput(q1, q2, INTRODUCTION), by=by)
    pages = PdfReader(io.BytesIO(report.pdf)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "IMPACT REPORT" in text
    assert council.eh_team.name in text
    assert "A weekly sexual health drop-in at the academy" in text
    assert INTRODUCTION in text
    rate(council, council.sc_team, q2, 8, reason="A later look at the evidence.")
    client.force_login(council["assistant_director"].user)
    page = client.get(reverse("voice_impact_report", args=[report.pk]))
    assert page.status_code == 200
    assert 'role="img"' in page.text and "<title" in page.text
    report.refresh_from_db()
    sc = {row["team"]: row for row in report.content["participation"]["rows"]}[council.sc_team.name]
    assert sc["rungs"] == [None, 5]  # as issued, not the later rating
    pdf = client.get(reverse("voice_impact_report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and bytes(pdf.content) == bytes(report.pdf)
    again = services.issue_report(services.ReportInput(q1, q2, INTRODUCTION), by=by)
    assert again.previous == report and ImpactReport.objects.count() == 2


def test_bad_periods_and_a_short_introduction_are_refused(council):
    now = Quarter.of(timezone.localdate())
    by = council["participation_officer"].user
    with pytest.raises(ValidationError) as error:
        services.issue_report(services.ReportInput(now.before, now, "short"), by=by)
    assert set(error.value.message_dict) == {"last", "introduction"}
    first = now.before.before.before.before.before
    with pytest.raises(ValidationError) as error:
        services.issue_report(services.ReportInput(first, now.before, INTRODUCTION), by=by)
    assert "at most 4 quarters" in error.value.message_dict["last"][0]
    with pytest.raises(ValidationError):
        services.issue_report(services.ReportInput(now.before, first, INTRODUCTION), by=by)
    assert not ImpactReport.objects.exists()


def test_the_officer_previews_then_issues_on_the_page(council, client, world):
    q1, q2 = world
    client.force_login(council["participation_officer"].user)
    data = {"first": q1.key, "last": q2.key, "introduction": INTRODUCTION}
    preview = client.post(reverse("voice_impact_new"), {**data, "preview": "1"})
    assert "Preview: not issued" in preview.text and not ImpactReport.objects.exists()
    issued = client.post(reverse("voice_impact_new"), {**data, "issue": "1"}, follow=True)
    assert "kept as issued" in issued.text
    assert ImpactReport.objects.count() == 1


def test_parents_evidence_of_benefit_is_split_by_kind_of_help(council, world, sc_child, eh_child):
    q1, q2 = world
    on = q2.starts_on
    early_help = eh_child.episodes.get()
    social_care = sc_child.episodes.get()
    given = [(early_help, score, on) for score in (5, 4, 4, 4, 2)] + [
        (social_care, 5, on),
        (social_care, 1, on),
        (social_care, 5, q2.ends_on + timezone.timedelta(days=1)),  # after the period
    ]
    for episode, score, day in given:
        FamilyBenefit.objects.create(
            episode=episode,
            child=episode.child,
            given_by=FamilyBenefit.GivenBy.PARENT,
            at=FamilyBenefit.At.REVIEW,
            score=score,
            given_on=day,
            recorded_by=council["social_worker"].user,
        )
    rows = {row["kind"]: row for row in report_content(q1, q2)["benefit_by_kind"]}
    assert rows[early_help.get_kind_display()] == {
        "kind": early_help.get_kind_display(),
        "answers": 5,
        "good": 4,
        "share": "80%",
    }
    assert rows[social_care.get_kind_display()]["answers"] == 2
    assert rows[social_care.get_kind_display()]["share"] == "", "fewer than 5: no share"
