"""An improvement plan in a real Chromium: the lead records progress on their action from My
work, and the head of service sees the dashboard and the report to scrutiny change with it,
then issues the report and opens its PDF."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from journey.improvement.models import ProgressUpdate
from journey.reporting.models import ScrutinyReport
from journey.reporting.scrutiny.selectors import RISKS
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in

pytestmark = pytest.mark.browser


def test_a_lead_updates_an_action_and_the_dashboard_and_report_follow(
    page: Page, live_server, transactional_db, world, council
):
    lead, head = council["team_manager"], council["head_of_service"]

    sign_in(page, live_server, lead)
    actions = page.locator("[data-improvement-action]")
    expect(actions).to_have_count(2)
    page.get_by_role("link", name="Record progress on action 1.1").click()
    page.get_by_label("Progress and evidence").fill(
        "All twelve audits done; supervision is on every case note."
    )
    page.get_by_label("Achieved").check()
    both_widths(page, "improvement-progress")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress recorded")).to_be_visible()
    expect(page.locator("#rating")).to_contain_text("Achieved")
    assert ProgressUpdate.objects.get().recorded_by == lead.user
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, head)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Leadership dashboard")).to_be_visible()
    plan_row = page.locator("#plan-ratings tbody tr")
    expect(plan_row).to_contain_text("Peer challenge action plan")
    expect(plan_row.locator("td").nth(0)).to_have_text("1")  # achieved
    expect(page.get_by_role("img", name="Actions by rating at the end of each")).to_be_visible()
    both_widths(page, "dashboard")

    page.goto(f"{live_server.url}/reports/scrutiny/new/")
    page.get_by_label("Improvement plan").select_option(label="Peer challenge action plan")
    page.get_by_label("Report number").fill("112/2026")
    page.get_by_label("Title").fill("Peer challenge: progress")
    page.fill("#id_meeting_on_0", "1")
    page.fill("#id_meeting_on_1", "5")
    page.fill("#id_meeting_on_2", "2027")
    page.get_by_label("Report of").fill("the Director for People")
    page.get_by_label("Recommendations").fill("That the panel notes the progress made.")
    for risk in RISKS:
        slug = risk.lower().replace(" ", "_")
        page.locator(f"input[name={slug}_impact][value=L]").check()
        page.fill(f"#id_{slug}_comment", "Within existing resources.")
    page.get_by_role("button", name="Preview the report").click()
    preview = page.locator(".journey-report")
    expect(preview).to_contain_text("All twelve audits done")
    expect(preview).to_contain_text("1 achieved")
    assert not ScrutinyReport.objects.exists()
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text("Report 112/2026 issued")).to_be_visible()
    both_widths(page, "scrutiny-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "All twelve audits done" in " ".join(text.split())
