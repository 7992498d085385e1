"""Correcting records in a real Chromium: the social worker follows "Change details" from the
child's page, is told what is wrong, corrects the date of birth and UPN, and sees the banner and
the correction; then corrects the referral's primary need from the social care record.
Screenshots at 1200 px and 400 px go to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from journey.core.identifiers import make_upn
from journey.people.models import DetailsCorrection
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_taf_meeting import fill_date

pytestmark = pytest.mark.browser

UPN = make_upn("999", 4242)


def test_a_social_worker_corrects_a_childs_details_and_the_referral(
    page: Page, live_server, transactional_db, council, sc_child
):
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["social_worker"])
    page.goto(f"{live_server.url}/children/{sc_child.pk}/")
    page.get_by_role("link", name="Change details").click()
    expect(page.get_by_role("heading", name="Change Ruby Ashworth's details")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Ruby")

    page.get_by_label("Unique pupil number (UPN)").fill("A12345678901")
    page.get_by_role("button", name="Save corrections").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a valid UPN")
    expect(summary).to_contain_text("Enter why you are making this correction")
    both_widths(page, "correct-01-child-errors")
    assert not DetailsCorrection.objects.exists()

    summary.get_by_role("link", name="Enter a valid UPN").click()
    expect(page.get_by_label("Unique pupil number (UPN)")).to_be_focused()
    page.get_by_label("Unique pupil number (UPN)").fill(UPN)
    fill_date(page, "date_of_birth", dt.date(2016, 5, 4))
    page.get_by_label("Learning").check()
    page.get_by_label("Why are you correcting these details?").fill(
        "Checked against the birth certificate and the school's records"
    )
    page.get_by_role("button", name="Save corrections").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ruby Ashworth's details have been corrected: date of birth, disabilities, UPN"
    )
    expect(page.get_by_text("Born 4 May 2016")).to_be_visible()

    page.get_by_role("link", name="Change details").click()
    expect(page.locator("#corrections")).to_be_visible()
    both_widths(page, "correct-02-child-history")

    page.get_by_role("link", name="Back to Ruby Ashworth").click()
    page.get_by_role("link", name="Assessments, enquiries and plans").click()
    page.get_by_role("link", name="Change referral details").click()
    expect(page.get_by_role("heading", name="Correct the referral details")).to_be_visible()
    page.get_by_label("Primary need").select_option("N4")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are making this correction"
    )
    both_widths(page, "correct-03-referral-errors")
    page.get_by_label("Why are you correcting these details?").fill(
        "The assessment found acute family stress, not neglect"
    )
    page.get_by_role("button", name="Save corrections").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Referral details corrected: primary need"
    )
    expect(page.locator("#referral-details")).to_contain_text("Family in acute stress")
    both_widths(page, "correct-04-record")

    page.get_by_role("link", name="Change referral details").click()
    both_widths(page, "correct-05-referral-history")
    assert DetailsCorrection.objects.count() == 4
