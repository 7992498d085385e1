"""The annual complaints report: each figure counted in the right year (31 March / 1 April),
beside the year before, kept as issued, its PDF, who may read and issue it, and bad input."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from journey.complaints import clock
from journey.complaints.annual import services
from journey.complaints.annual.selectors import Year, report_content
from journey.complaints.models import AnnualComplaintsReport, Complaint, Outcome, Procedure, Route
from journey.complaints.models import ComplainantType as Who
from journey.core.models import AccessEvent
from journey.workforce.models import Role
from tests.complaints import factories as make

pytestmark = pytest.mark.django_db

YEAR = Year(2025)  # 1 April 2025 to 31 March 2026
D = dt.date
INTRODUCTION = "Complaints fell this year; most were answered in time and the learning stuck."
EVIDENCE = "Letters are now answered within five days: the March audit of 40 letters shows it."


@pytest.fixture
def world(council):
    by = council["complaints_officer"].user
    sc, eh = council.sc_team, council.eh_team
    owner = council["team_manager"]
    # This year: the first day and the last day, a representation that went all the way, and
    # one whose stage 1 deadline passed unanswered.
    c1 = make.complaint(
        sc, D(2025, 4, 1), by=by, themes=("Communication", "Delay"), advocate_offered=True
    )
    make.stage(
        c1,
        1,
        D(2025, 4, 1),
        responded_on=D(2025, 4, 10),
        outcomes=(Outcome.UPHELD, Outcome.NOT_UPHELD),
    )
    c2 = make.complaint(
        eh,
        D(2026, 3, 31),
        by=by,
        themes=("Delay",),
        route=Route.PHONE,
        complainant_type=Who.CHILD,
        advocate_offered=True,
        advocate_taken_up=True,
    )
    make.stage(c2, 1, D(2026, 3, 31))  # due 16 April 2026: next year's
    c3 = make.complaint(
        sc,
        D(2025, 6, 10),
        by=by,
        themes=("Decisions",),
        kind=Complaint.Kind.REPRESENTATION,
        route=Route.LETTER,
        complainant_type=Who.ON_BEHALF,
    )
    s1 = clock.stage_1_due(D(2025, 6, 10))
    make.stage(
        c3,
        1,
        D(2025, 6, 10),
        extended_to=clock.stage_1_due(D(2025, 6, 10), extended=True),
        responded_on=s1 + dt.timedelta(days=3),
        outcomes=(Outcome.PARTLY_UPHELD,),
    )
    make.stage(
        c3,
        2,
        D(2025, 9, 1),
        responded_on=clock.stage_2_due(D(2025, 9, 1)) + dt.timedelta(days=1),
        outcomes=(Outcome.UPHELD,),
    )
    make.stage(c3, 3, D(2025, 12, 1))  # panel due mid-January 2026: overdue at the year's end
    make.ombudsman(c3, D(2026, 2, 1), decided_on=D(2026, 3, 20), decision="Fault and injustice")
    make.learning(c3, owner, D(2026, 1, 1), done_on=D(2026, 3, 1), evidence=EVIDENCE)
    make.learning(c1, owner, D(2026, 2, 1))  # not done by the year's end
    c4 = make.complaint(sc, D(2026, 3, 2), by=by)
    make.stage(c4, 1, D(2026, 3, 2))  # due 16 March 2026, no response
    # The year before: its last day (answered in this year) and its first day (answered late).
    p1 = make.complaint(sc, D(2025, 3, 31), by=by)
    make.stage(p1, 1, D(2025, 3, 31), responded_on=D(2025, 4, 2), outcomes=(Outcome.NOT_UPHELD,))
    make.learning(p1, owner, D(2025, 3, 20), done_on=D(2025, 3, 30), evidence="Older evidence")
    p2 = make.complaint(eh, D(2024, 4, 1), by=by, themes=("Staff conduct",), route=Route.PHONE)
    make.stage(p2, 1, D(2024, 4, 1), responded_on=D(2024, 5, 30), outcomes=(Outcome.WITHDRAWN,))
    # Outside both years.
    make.complaint(sc, D(2024, 3, 31), by=by)
    make.complaint(sc, D(2026, 4, 1), by=by)
    make.compliment(sc, D(2025, 4, 1), by=by)
    make.compliment(sc, D(2026, 3, 31), by=by, theme_name="Delay")
    make.compliment(eh, D(2025, 3, 31), by=by)
    make.compliment(eh, D(2025, 5, 15), by=by, kind="comment")
    make.compliment(sc, D(2026, 4, 1), by=by)
    return SimpleNamespace(by=by, sc=sc, eh=eh)


def figures(table: dict) -> dict[str, tuple[int, int]]:
    return {row["label"]: (row["this"], row["last"]) for row in table["rows"]}


def test_each_figure_is_counted_in_its_year_beside_the_year_before(world, council):
    c = report_content(YEAR)
    assert (c["label"], c["previous_label"]) == ("2025 to 2026", "2024 to 2025")
    assert c["period"] == "1 April 2025 to 31 March 2026"
    complaints = c["complaints"]
    assert figures(complaints["received"]) == {
        "Statutory complaints": (3, 2),
        "Corporate complaints": (0, 0),
        "Statutory representations": (1, 0),
        "Corporate representations": (0, 0),
    }
    assert complaints["received"]["total"] == {"this": 4, "last": 2}
    routes = figures(complaints["routes"])
    assert (
        routes["Email"] == (2, 1) and routes["Telephone"] == (1, 1) and routes["Letter"] == (1, 0)
    )
    assert figures(complaints["complainants"]) == {
        "The child or young person": (1, 0),
        "A parent or carer": (2, 2),
        "Someone else on the child's behalf": (1, 0),
    }
    assert figures(complaints["teams"]) == {
        council.sc_team.name: (3, 1),
        council.eh_team.name: (1, 1),
    }
    assert figures(complaints["advocacy"]) == {
        "All received": (4, 2),
        "An advocate was offered": (2, 0),
        "An advocate was taken up": (1, 0),
        "Made by a child": (1, 0),
    }
    assert figures(c["stages"]) == {
        "Stage 1": (4, 2),
        "Stage 2": (1, 0),
        "Stage 3": (1, 0),
        "Ombudsman enquiries": (1, 0),
    }
    assert figures(c["themes"]) == {
        "Communication": (2, 1),
        "Delay": (2, 0),
        "Decisions": (1, 0),
        "Staff conduct": (0, 1),
    }
    assert figures(c["ombudsman"]) == {"Fault and injustice": (1, 0)}


def test_response_times_and_outcomes_are_counted_in_the_year_of_the_response(world):
    c = report_content(YEAR)
    stage_1, stage_2, stage_3 = c["timings"]
    # Within: 10 April 2025, and the 31 March 2025 complaint answered on 2 April 2025. Extended:
    # the representation. Overdue: 2 March 2026's, due 16 March. The 31 March 2026 complaint is
    # due next year.
    assert figures(stage_1) == {
        "Within the timescale": (2, 0),
        "Within an extension": (1, 0),
        "Late": (0, 1),
        "Overdue at the year's end": (1, 0),
    }
    assert stage_1["in_time"] == {"this": "3 of 4 (75%)", "last": "0 of 1 (0%)"}
    assert figures(stage_2)["Late"] == (1, 0)
    assert figures(stage_3)["Overdue at the year's end"] == (1, 0)
    assert stage_3["in_time"]["last"] == "none due"
    outcomes_1, outcomes_2, _ = c["outcomes"]
    assert figures(outcomes_1) == {
        "Upheld": (1, 0),
        "Partly upheld": (1, 0),
        "Not upheld": (2, 0),
        "Withdrawn": (0, 1),
        "Not investigated": (0, 0),
    }
    assert figures(outcomes_2)["Upheld"] == (1, 0)


def test_corporate_complaints_are_counted_but_not_held_to_the_statutory_timescales(world):
    late = make.complaint(world.sc, D(2023, 5, 2), by=world.by, procedure=Procedure.CORPORATE)
    make.stage(late, 1, D(2023, 5, 2), responded_on=D(2023, 7, 3), outcomes=(Outcome.UPHELD,))
    c = report_content(Year(2023))
    assert figures(c["complaints"]["received"])["Corporate complaints"] == (1, 0)
    assert figures(c["stages"])["Stage 1"] == (1, 0)
    assert figures(c["timings"][0])["Late"] == (0, 0)
    assert c["timings"][0]["in_time"]["this"] == "none due"


def test_compliments_and_learning(world, council):
    c = report_content(YEAR)
    assert figures(c["compliments"]["compliment_teams"]) == {
        council.sc_team.name: (2, 0),
        council.eh_team.name: (0, 1),
    }
    assert figures(c["compliments"]["compliment_themes"]) == {
        "Communication": (1, 1),
        "Delay": (1, 0),
    }
    assert figures(c["compliments"]["comment_teams"]) == {council.eh_team.name: (1, 0)}
    assert figures(c["learning"]["counts"]) == {
        "Actions agreed on complaints received in the year": (2, 1),
        "Actions done, with evidence": (1, 1),
        "Actions overdue at the year's end": (1, 0),
        "Done actions that were part of an improvement plan": (0, 0),
    }
    assert [row["evidence"] for row in c["learning"]["changed"]] == [EVIDENCE]
    assert c["learning"]["changed"][0]["done_on"] == "1 March 2026"


def test_an_action_recorded_after_the_year_is_not_counted_overdue_in_it(world, council):
    c1 = Complaint.objects.filter(received_on__year=2025).order_by("pk").first()
    make.learning(c1, council["team_manager"], D(2025, 12, 1), recorded_on=D(2026, 5, 1))
    overdue = figures(report_content(YEAR)["learning"]["counts"])[
        "Actions overdue at the year's end"
    ]
    assert overdue == (1, 0)  # still only the one recorded in the year


def test_the_content_is_counted_in_the_same_queries_however_many_complaints(world, council):
    with CaptureQueriesContext(connection) as few:
        report_content(YEAR)
    for day in range(1, 25):
        made = make.complaint(
            council.sc_team, D(2025, 5, day), by=world.by, themes=("Delay", "Other")
        )
        make.stage(
            made, 1, D(2025, 5, day), responded_on=D(2025, 5, 28), outcomes=(Outcome.UPHELD,)
        )
        make.compliment(council.eh_team, D(2025, 5, day), by=world.by, theme_name=f"Theme {day}")
    with CaptureQueriesContext(connection) as many:
        content = report_content(YEAR)
    assert len(many) == len(few) <= 12
    assert content["complaints"]["received"]["total"]["this"] == 28


def pdf_text(report: AnnualComplaintsReport) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)


def test_the_issued_report_and_its_pdf_have_every_section_and_name_nobody(world):
    world.by.first_name, world.by.last_name = "Siobhan", "O'Brien"  # in the page's margin
    report = services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    assert (report.starts_on, report.ends_on, report.previous) == (
        D(2025, 4, 1),
        D(2026, 3, 31),
        None,
    )
    text = " ".join(pdf_text(report).split())
    for heading in (
        "ANNUAL REPORT ON COMPLAINTS, REPRESENTATIONS AND COMPLIMENTS: 2025 TO 2026",
        "1. INTRODUCTION AND COMMENTARY",
        "2. COMPLAINTS AND REPRESENTATIONS RECEIVED",
        "3. THE STAGES COMPLAINTS REACHED",
        "4. RESPONSE TIMES AGAINST THE STATUTORY TIMESCALES",
        "5. WHAT THE COMPLAINTS WERE ABOUT",
        "6. OUTCOMES BY ELEMENT",
        "7. THE LOCAL GOVERNMENT AND SOCIAL CARE OMBUDSMAN",
        "8. ADVOCACY",
        "9. COMPLIMENTS AND COMMENTS",
        "10. LEARNING AND WHAT CHANGED AS A RESULT",
    ):
        assert heading in text.upper(), heading
    flat = text
    assert INTRODUCTION in flat
    assert "Fault and injustice" in flat
    assert "Letters are now answered within five days" in flat
    assert "3 of 4 (75%)" in flat
    assert make.COMPLAINANT not in flat and "Quarrington" not in flat
    assert "Issued by Siobhan O'Brien on" in flat


def test_a_report_is_kept_as_issued_when_the_year_is_issued_again(world, council, client):
    first = services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    first_pdf = bytes(first.pdf)
    make.complaint(council.sc_team, D(2025, 11, 5), by=world.by, route=Route.ADVOCATE)
    second = services.issue_report(
        services.ReportInput(2025, INTRODUCTION + " Reissued with a late entry."), by=world.by
    )
    first.refresh_from_db()
    assert bytes(first.pdf) == first_pdf
    assert first.content["complaints"]["received"]["total"]["this"] == 4
    assert second.content["complaints"]["received"]["total"]["this"] == 5
    assert second.previous == first
    client.force_login(council["head_of_service"].user)
    page = html.unescape(
        client.get(reverse("complaints_annual_report", args=[first.pk])).content.decode()
    )
    assert "Reissued" not in page and "Through an advocate" in page
    assert make.COMPLAINANT not in page
    listing = client.get(reverse("complaints_annual_reports")).content.decode()
    assert listing.count("report.pdf") == 2


READERS = {
    Role.COMPLAINTS_OFFICER,
    Role.ASSISTANT_DIRECTOR,
    Role.HEAD_OF_SERVICE,
    Role.QA_OFFICER,
    Role.PERFORMANCE_OFFICER,
}
ISSUERS = {Role.COMPLAINTS_OFFICER, Role.ASSISTANT_DIRECTOR}


@pytest.mark.parametrize("role", list(Role))
def test_who_may_read_and_issue_the_report(world, council, client, role):
    report = services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    client.force_login(council[role.value].user)
    reads = [
        reverse("complaints_annual_reports"),
        reverse("complaints_annual_report", args=[report.pk]),
        reverse("complaints_annual_report_pdf", args=[report.pk]),
    ]
    for url in reads:
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 403), url
        if role not in READERS:
            assert "read by the complaints officer" in response.content.decode()
    form = client.get(reverse("complaints_annual_new"))
    assert form.status_code == (200 if role in ISSUERS else 403)
    posted = client.post(
        reverse("complaints_annual_new"),
        {"year": "2025", "introduction": INTRODUCTION, "issue": "1"},
    )
    assert posted.status_code == (302 if role in ISSUERS else 403)
    assert AnnualComplaintsReport.objects.count() == (2 if role in ISSUERS else 1)
    if role not in READERS:
        assert AccessEvent.objects.filter(user=council[role.value].user).exists()


def test_the_preview_shows_the_report_and_saves_nothing(world, council, client):
    client.force_login(council["assistant_director"].user)
    page = client.post(
        reverse("complaints_annual_new"),
        {"year": "2025", "introduction": INTRODUCTION, "preview": "1"},
    )
    text = html.unescape(page.content.decode())
    assert page.status_code == 200 and "Preview: not issued" in text
    assert "3 of 4 (75%)" in text and "<svg" in text and INTRODUCTION in text
    assert not AnnualComplaintsReport.objects.exists()


@pytest.mark.parametrize(
    "posted, message",
    [
        ({"year": "2026"}, "Select a year that has ended"),
        ({"year": ""}, "Select the year the report is on"),
        ({"introduction": ""}, "Enter the introduction and commentary"),
        ({"introduction": "Fine."}, "at least 40 characters"),
    ],
)
def test_bad_input_is_shown_in_an_error_summary_and_nothing_is_issued(
    world, council, client, posted, message
):
    client.force_login(council["complaints_officer"].user)
    data = {"year": "2025", "introduction": INTRODUCTION, "issue": "1", **posted}
    page = html.unescape(client.post(reverse("complaints_annual_new"), data).content.decode())
    assert "govuk-error-summary" in page and message in page
    assert not AnnualComplaintsReport.objects.exists()


def test_a_year_not_yet_ended_is_refused_by_the_service(world):
    today = D.today()
    year = Year.last_ended(today).first + 1
    with pytest.raises(ValidationError) as caught:
        services.issue_report(services.ReportInput(year, INTRODUCTION), by=world.by)
    assert "choose a year that has ended" in caught.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as caught:
        services.preview(services.ReportInput(year + 3, ""), by=world.by)
    assert set(caught.value.message_dict) == {"year", "introduction"}
    assert not AnnualComplaintsReport.objects.exists()


def test_the_pages_read_in_the_same_queries_however_many_reports(world, council, client):
    client.force_login(council["complaints_officer"].user)
    first = services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    urls = [
        reverse("complaints_annual_reports"),
        reverse("complaints_annual_report", args=[first.pk]),
    ]
    counted = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert client.get(url).status_code == 200
        counted.append(len(queries))
        services.issue_report(services.ReportInput(2024, INTRODUCTION), by=world.by)
        services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    assert counted[0] == counted[1]


def test_the_header_links_the_report_for_its_readers(world, council, client):
    for role, shown in (
        ("complaints_officer", True),
        ("qa_officer", True),
        ("social_worker", False),
    ):
        client.force_login(council[role].user)
        page = client.get(reverse("my_work")).content.decode()
        assert (">Complaints report</a>" in page) is shown, role


def test_each_chart_is_an_image_described_in_words(world, council, client):
    client.force_login(council["assistant_director"].user)
    report = services.issue_report(services.ReportInput(2025, INTRODUCTION), by=world.by)
    page = client.get(reverse("complaints_annual_report", args=[report.pk])).content.decode()
    charts = re.findall(r'<svg class="journey-chart".*?</svg>', page, re.S)
    assert len(charts) >= 10
    received = ET.fromstring(charts[0])
    assert received.get("role") == "img"
    assert "Statutory complaints: 3 2025 to 2026, 2 2024 to 2025" in received.findtext("desc")
    assert len(received.findall(".//rect")) == 4 * 2 + 2  # two bars a row, and the key
