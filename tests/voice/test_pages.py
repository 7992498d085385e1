"""The register, a team's history, recording a rating and an activity, the "you said, we did"
log and its published page: who may see and do what (every other role is refused, and the
refusal logged), what the pages show, and query counts that do not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.core.models import AccessEvent
from journey.voice.impact.models import ImpactReport
from journey.voice.impact.selectors import report_content
from journey.voice.participation.models import ParticipationRating
from journey.voice.participation.quarters import Quarter
from journey.workforce.models import Role
from tests.factories import TeamFactory
from tests.voice.conftest import activity, days_ago, issue, rate, respond

pytestmark = pytest.mark.django_db

READERS = {
    Role.PARTICIPATION_OFFICER,
    Role.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
}
PUBLISHED_REFUSED = {
    Role.EXTERNAL_LEAD_PROFESSIONAL,
    Role.CP_PARTNER,
    Role.REVIEWER,
    Role.ADMINISTRATOR,
}


def read_pages(council, item) -> list[str]:
    return [
        reverse("voice_participation"),
        reverse("voice_participation_team", args=[council.eh_team.pk]),
        reverse("voice_participation_service", args=[council.eh_team.service_id]),
        reverse("voice_you_said"),
        reverse("voice_impact_reports"),
    ]


def record_pages(item) -> list[str]:
    return [
        reverse("voice_participation_rate"),
        reverse("voice_participation_activity"),
        reverse("voice_you_said_new"),
        reverse("voice_you_said_respond", args=[item.pk]),
        reverse("voice_impact_new"),
    ]


@pytest.fixture
def item(council):
    return issue(council, days_ago(40))


@pytest.fixture
def report(council):
    """An issued report, stored as issue_report stores one (its PDF drawn once, elsewhere)."""
    last = Quarter.of(days_ago(0)).before
    content = report_content(last, last)
    content["meta"] = {"introduction": "x" * 40, "issued_by": "Pat", "issued_on": "today"}
    return ImpactReport.objects.create(
        starts_on=last.starts_on,
        ends_on=last.ends_on,
        introduction="x" * 40,
        content=content,
        pdf=b"%PDF-1.7 stand-in",
        issued_by=council["participation_officer"].user,
        issued_by_name="Pat",
        issued_at=timezone.now(),
    )


@pytest.mark.parametrize("role", Role.values)
def test_each_role_reads_and_records_only_what_it_may(council, client, item, report, role):
    client.force_login(council[role].user)
    reports = [
        reverse("voice_impact_report", args=[report.pk]),
        reverse("voice_impact_report_pdf", args=[report.pk]),
    ]
    for url in read_pages(council, item) + reports:
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 403), url
    for url in record_pages(item):
        denied = AccessEvent.objects.filter(action="denied").count()
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if role == Role.PARTICIPATION_OFFICER:
                assert response.status_code == 200, url
            else:
                assert response.status_code == 403, url
        if role != Role.PARTICIPATION_OFFICER:
            assert AccessEvent.objects.filter(action="denied").count() == denied + 2
    published = client.get(reverse("voice_you_said_published"))
    assert published.status_code == (403 if role in PUBLISHED_REFUSED else 200)
    assert not ParticipationRating.objects.exists()


def test_the_officer_records_a_rating_and_sees_it_in_the_history(council, client, quarter):
    client.force_login(council["participation_officer"].user)
    url = reverse("voice_participation_rate")
    empty = client.post(url, {"unit": f"team:{council.eh_team.pk}", "quarter": quarter.key})
    assert "A rating without evidence is not recorded" not in empty.text  # the form's own first
    assert "Enter the evidence for the rating" in empty.text
    response = client.post(
        url,
        {
            "unit": f"team:{council.eh_team.pk}",
            "quarter": quarter.key,
            "rung": "5",
            "evidence": "Young people chose the questions for the new manager's interview.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "5: Consulted and informed" in response.text
    assert "Below target" in response.text
    assert ParticipationRating.objects.get().team == council.eh_team


def test_the_officer_records_an_activity(council, client):
    client.force_login(council["participation_officer"].user)
    today = days_ago(1)
    response = client.post(
        reverse("voice_participation_activity"),
        {
            "kind": "young_inspectors",
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "unit": f"service:{council.eh_team.service_id}",
            "what_happened": "Young inspectors visited the family hub and reported back.",
            "aged_11_to_15": "4",
            "aged_16_to_17": "2",
            "names": "Kai",
        },
    )
    assert "Names are recorded only with the young people" in response.text
    assert "govuk-error-summary" in response.text


def test_a_response_without_an_owner_is_refused_on_the_page(council, client, item):
    client.force_login(council["participation_officer"].user)
    day = days_ago(5)
    response = client.post(
        reverse("voice_you_said_respond", args=[item.pk]),
        {
            "response": "The school nurse now runs a weekly drop-in.",
            "responded_on_0": day.day,
            "responded_on_1": day.month,
            "responded_on_2": day.year,
        },
    )
    assert response.status_code == 200
    assert "A response without an owner is not recorded" in response.text
    item.refresh_from_db()
    assert item.responded_on is None


def test_the_published_page_shows_published_items_and_names_nobody(council, client, item):
    respond(council, item, days_ago(30), published=True)
    hidden = issue(council, days_ago(10), raised="Waiting rooms are boring")
    respond(council, hidden, days_ago(5))
    client.force_login(council["social_worker"].user)
    response = client.get(reverse("voice_you_said_published"))
    assert "No sexual health advice at school" in response.text
    assert "weekly" in response.text or "drop-in" in response.text
    assert "Waiting rooms are boring" not in response.text
    assert council["head_of_service"].name not in response.text.split("</header>")[-1]


def _grow(council, n: int) -> None:
    quarter = Quarter.of(days_ago(0))
    for i in range(n):
        team = TeamFactory(service=council.eh_team.service)
        rate(council, team, quarter, 3 + i % 5)
        rate(council, team, quarter.before, 4, evidence="x" * 30)
        activity(council, team, days_ago(i + 1))
        respond(council, issue(council, days_ago(30 + i), team=team), days_ago(i + 1))


@pytest.mark.parametrize(
    "name,args",
    [
        ("voice_participation", []),
        ("voice_participation_team", ["team"]),
        ("voice_you_said", []),
        ("voice_you_said_published", []),
    ],
)
def test_the_pages_query_count_does_not_grow(council, client, name, args):
    client.force_login(council["participation_officer"].user)
    kwargs = [council.eh_team.pk for _ in args]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=kwargs)).status_code == 200
        return len(queries)

    _grow(council, 1)
    few = count()
    _grow(council, 6)
    assert count() == few
