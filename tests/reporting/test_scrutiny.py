"""Reports to scrutiny: issued in the seed report's shape, as HTML and a real PDF, kept as
issued while the plan moves on, and saying what changed since the last report."""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from journey.improvement import services as plans
from journey.improvement.models import Rag
from journey.reporting.models import ScrutinyReport
from journey.reporting.scrutiny import services
from journey.reporting.scrutiny.selectors import RISKS
from tests.improvement_world import TODAY

RISK_ROWS = [services.Risk(r, "L", f"The {r.lower()} risk is low for now.") for r in RISKS]


def report_input(world, number: str = "112/2026", **changes) -> services.ReportInput:
    values = {
        "plan": world.plan,
        "number": number,
        "title": "Peer challenge: progress on the action plan",
        "panel": "People (Children) Scrutiny Panel",
        "meeting_on": TODAY + dt.timedelta(days=10),
        "as_at": TODAY,
        "report_of": "the Director for People",
        "recommendations": "That the panel considers the contents of this report.",
        "risks": RISK_ROWS,
    } | changes
    return services.ReportInput(**values)


def pdf_text(report: ScrutinyReport) -> str:
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_an_issued_report_is_a_real_pdf_in_the_seed_reports_shape(world, council):
    plans.record_progress(
        world.rated,
        plans.ProgressInput(TODAY, "Ten audits done; supervision recorded in eight.", Rag.ON_TASK),
        by=council["team_manager"].user,
    )
    report = services.issue_report(report_input(world), by=council["head_of_service"].user)
    text = pdf_text(report)
    for heading in (
        "REPORT NO: 112/2026",
        "PEOPLE (CHILDREN) SCRUTINY PANEL",
        "1. PURPOSE OF THE REPORT",
        "2. RECOMMENDATIONS",
        "3. BACKGROUND INFORMATION",
        "4. FINDINGS BY AREA",
        "5. RISK MANAGEMENT",
        "6. WHAT HAS CHANGED SINCE THE LAST REPORT",
        "7. THE MEASURES BEHIND THE PLAN",
        "APPENDIX: THE ACTION PLAN",
    ):
        assert heading in text.upper(), heading
    assert "Equality and diversity" in text
    assert "Ten audits done" in text
    assert "This is the first report to the panel on this plan." in text
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # landscape


def test_a_report_is_kept_as_issued_and_the_next_says_what_changed(world, council, client):
    hos = council["head_of_service"].user
    first = services.issue_report(report_input(world), by=hos)
    first_pdf = bytes(first.pdf)
    plans.record_progress(
        world.rated, plans.ProgressInput(TODAY, "Audits stalled: no auditor.", Rag.AT_RISK), by=hos
    )
    plans.withdraw_action(
        world.measured,
        "Allocation is now measured by the caseloads work, which replaces this action.",
        by=hos,
    )
    second = services.issue_report(report_input(world, "140/2026"), by=hos)
    assert second.previous == first
    first.refresh_from_db()
    assert bytes(first.pdf) == first_pdf
    assert "Audits stalled" not in pdf_text(first)
    changes = second.content["changes"]
    assert changes["previous"]["number"] == "112/2026"
    assert changes["ratings"] == [
        {
            "ref": "1.1",
            "action": world.rated.action,
            "was": "Not rated yet",
            "now": "At risk of not achieving",
        }
    ]
    assert [row["ref"] for row in changes["withdrawn"]] == ["1.2"]
    client.force_login(council["assistant_director"].user)
    page = html.unescape(client.get(reverse("scrutiny_report", args=[first.pk])).content.decode())
    assert "Audits stalled" not in page and "This is the first report" in page


@pytest.mark.parametrize(
    "change, field",
    [
        ({"number": ""}, "number"),
        ({"as_at": TODAY + dt.timedelta(days=2)}, "as_at"),
        ({"recommendations": " "}, "recommendations"),
        ({"risks": RISK_ROWS[:4]}, "equality_and_diversity_impact"),
        (
            {"risks": [*RISK_ROWS[:4], services.Risk("Equality and diversity", "M", "")]},
            "equality_and_diversity_comment",
        ),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_issued(world, council, change, field):
    with pytest.raises(ValidationError) as caught:
        services.issue_report(report_input(world, **change), by=council["head_of_service"].user)
    assert field in caught.value.message_dict
    assert not ScrutinyReport.objects.exists()


def _form(world) -> dict:
    data = {
        "plan": world.plan.pk,
        "number": "112/2026",
        "title": "Progress on the plan",
        "panel": "People (Children) Scrutiny Panel",
        "meeting_on_0": "10",
        "meeting_on_1": "12",
        "meeting_on_2": str(TODAY.year + 1),
        "as_at_0": str(TODAY.day),
        "as_at_1": str(TODAY.month),
        "as_at_2": str(TODAY.year),
        "report_of": "the Director for People",
        "recommendations": "That the panel notes progress.",
    }
    for risk in RISKS:
        slug = risk.lower().replace(" ", "_")
        data |= {f"{slug}_impact": "M", f"{slug}_comment": "Watched monthly."}
    return data


def test_a_head_of_service_previews_then_issues_from_the_page(world, council, client):
    client.force_login(council["head_of_service"].user)
    preview = client.post(reverse("scrutiny_new_report"), {**_form(world), "preview": "1"})
    assert "Preview: not issued" in preview.content.decode()
    assert not ScrutinyReport.objects.exists()
    issued = client.post(reverse("scrutiny_new_report"), {**_form(world), "issue": "1"})
    report = ScrutinyReport.objects.get()
    assert issued["Location"] == reverse("scrutiny_report", args=[report.pk])
    pdf = client.get(reverse("scrutiny_report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(pdf.content)).pages


def test_who_may_issue_and_read_reports(world, council, client):
    report = services.issue_report(report_input(world), by=council["head_of_service"].user)
    for role in ("social_worker", "practitioner", "external_lead", "reviewer"):
        client.force_login(council[role].user)
        assert client.get(reverse("scrutiny_report", args=[report.pk])).status_code == 403
        assert client.get(reverse("scrutiny_report_pdf", args=[report.pk])).status_code == 403
    for role in ("team_manager", "qa_officer", "performance_officer"):
        client.force_login(council[role].user)
        assert client.get(reverse("scrutiny_report", args=[report.pk])).status_code == 200
        assert client.get(reverse("scrutiny_new_report")).status_code == 403
