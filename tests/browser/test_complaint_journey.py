"""A statutory complaint in a real Chromium (issue 17): the complaints officer finds the child,
records the complaint with two elements, extends stage 1 with a reason, records the response
with an outcome for each element (refused first with one missing) and its letter kept as a PDF,
records the complainant's request for stage 2, then the investigating officer, independent
person and the agreed written record; the list shows it at stage 2 with its deadline. The
complaint was received in the last year that has ended, so the officer then issues that year's
annual report and finds it there, on the page and in the PDF, with neither child nor complainant
named. Screenshots at 1200 px and 400 px go to screenshots/ (gitignored)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from journey.complaints import clock, services
from journey.complaints.annual.selectors import Year
from journey.complaints.models import Complaint, ResponseLetter
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_taf_meeting import fill_date

pytestmark = pytest.mark.browser

YEAR = Year.last_ended(timezone.localdate())
RECEIVED = YEAR.ends_on - dt.timedelta(days=70)
EXTENDED_TO = clock.after(RECEIVED, 20)
ANSWERED = clock.after(RECEIVED, 15)
ASKED = clock.after(ANSWERED, 5)
APPOINTED = clock.after(ASKED, 1)
AGREED = clock.after(ASKED, 3)


def success(page: Page, words: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(words)


def test_a_complaints_officer_takes_a_complaint_from_receipt_to_stage_2(
    page: Page, live_server, transactional_db, council, sc_child
):
    services.ensure_themes()  # a test before may have emptied the tables
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["complaints_officer"])
    page.get_by_role("link", name="Complaints", exact=True).first.click()
    expect(page.get_by_role("heading", name="Complaints and compliments")).to_be_visible()
    page.get_by_role("link", name="Record a complaint or representation").click()

    page.get_by_label("Name or ID").fill("Ashworth")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("[data-found]")).to_contain_text("Ruby Ashworth")

    page.get_by_role("button", name="Record the complaint").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the complainant's name")
    expect(summary).to_contain_text("Enter the ID of at least one child")

    page.get_by_label("Complaint", exact=True).check()
    fill_date(page, "received_on", RECEIVED)
    page.get_by_label("How it came in").select_option("email")
    page.get_by_label("Complainant's name").fill("Dawn Ashworth")
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Their relationship to the child").fill("Mother")
    page.get_by_label("The children it is about: their IDs").fill(str(sc_child.pk))
    page.get_by_label("The team whose work it is about").select_option(
        label="Child in Need and Protection"
    )
    page.get_by_label("Team Manager", exact=False).first.check()
    page.get_by_label("Element 1: what it is about").fill("Nobody returned my calls")
    page.get_by_label("Element 1: theme").select_option(label="Communication")
    page.get_by_label("Element 2: what it is about").fill("The plan changed without asking me")
    page.get_by_label("Element 2: theme").select_option(label="Decisions")
    page.get_by_label("What the complainant wants to happen").fill("An apology")
    page.get_by_label("Statutory (Children Act 1989 representations procedure)").check()
    both_widths(page, "complaint-01-record")
    page.get_by_role("button", name="Record the complaint").click()
    complaint = Complaint.objects.get()
    success(page, f"Complaint {complaint.reference} recorded")
    both_widths(page, "complaint-02-file")

    page.get_by_role("link", name="Extend stage 1").click()
    fill_date(page, "extend_to", clock.after(RECEIVED, 21))
    page.get_by_label("Why it needs longer").fill("The social worker is on leave")
    fill_date(page, "agreed_on", clock.after(RECEIVED, 8))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at most 20 working days")
    fill_date(page, "extend_to", EXTENDED_TO)
    page.get_by_role("button", name="Save").click()
    success(page, "Deadline extended")
    expect(page.locator("[data-stage='1']")).to_contain_text("The social worker is on leave")
    expect(page.locator("[data-stage='1']")).to_contain_text(
        f"agreed {clock.after(RECEIVED, 8):%-d %B %Y}"
    )

    page.get_by_role("link", name="Record the stage 1 response").click()
    fill_date(page, "responded_on", ANSWERED)
    page.locator("[data-element='1']").get_by_label("Upheld", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the outcome of element 2")
    page.locator("[data-element='1']").get_by_label("Upheld", exact=True).check()
    page.locator("[data-element='2']").get_by_label("Not upheld").check()
    expect(page.get_by_label("The response letter")).to_contain_text("Dear Dawn Ashworth")
    both_widths(page, "complaint-03-response")
    page.get_by_role("button", name="Save").click()
    success(page, "Response recorded")
    assert bytes(ResponseLetter.objects.get().pdf).startswith(b"%PDF")
    expect(page.locator("[data-stage='1']")).to_contain_text("Within timescale")
    expect(page.locator("[data-may-ask]")).to_contain_text("may ask for stage 2")

    page.get_by_role("link", name="Complainant asks for stage 2").click()
    fill_date(page, "asked_on", ASKED)
    page.get_by_role("button", name="Save").click()
    success(page, "Next stage started")

    page.get_by_role("link", name="Appointments and written record").click()
    page.get_by_label("Investigating officer").fill("Alex Morgan")
    fill_date(page, "appointed_on", APPOINTED)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the independent person")
    page.get_by_label("Independent person").fill("Ruth Ellis")
    fill_date(page, "record_agreed_on", AGREED)
    page.get_by_role("button", name="Save").click()
    success(page, "Stage 2 investigation recorded")
    stage_2 = page.locator("[data-stage='2']")
    expect(stage_2).to_contain_text("Ruth Ellis")
    expect(stage_2).to_contain_text(f"{clock.stage_2_due(ASKED):%-d %B %Y}")
    both_widths(page, "complaint-04-stage-2")

    page.get_by_role("link", name="Back to complaints").click()
    row = page.locator(f"[data-complaint='{complaint.reference}']")
    expect(row).to_contain_text("Stage 2")
    both_widths(page, "complaint-05-list")

    see_it_in_the_annual_report(page)


def see_it_in_the_annual_report(page: Page) -> None:
    page.get_by_role("link", name="Complaints report", exact=True).first.click()
    page.get_by_role("button", name="Prepare a report").click()
    page.get_by_label("Year").select_option(label=YEAR.label)
    page.get_by_label("Introduction and commentary").fill(
        "Fewer complaints reached stage 2 this year; calls are now returned within a day."
    )
    page.get_by_role("button", name="Issue the report").click()
    success(page, f"The report on {YEAR.label} is issued")
    stage_1 = page.locator("#timing_1")
    expect(stage_1.locator("tr", has_text="Within an extension")).to_contain_text("1")
    expect(stage_1).to_contain_text("1 of 1 (100%)")
    expect(page.locator("#outcomes_1 tr", has_text="Not upheld")).to_contain_text("1")
    expect(page.locator("#themes")).to_contain_text("Communication")
    expect(page.locator("main")).not_to_contain_text("Ashworth")
    both_widths(page, "complaint-06-annual-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(sheet.extract_text() for sheet in pdf.pages).split())
    assert f"ANNUAL REPORT ON COMPLAINTS, REPRESENTATIONS AND COMPLIMENTS: {YEAR.label}" in text
    assert "Within an extension" in text
    assert "calls are now returned within a day" in text
    assert "Ashworth" not in text
