"""Family group decision-making in a real Chromium (issue 15): a social worker writes the letter
before proceedings with its offer of a family group decision-making meeting and downloads the
PDF, records that the family accepted, is refused an application to court while the meeting is
not held, records the meeting (the family network drawn beside the form) and the family's plan,
sees the plan on the record, then records the application. Screenshots at 1200 px and 400 px go
to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.casework.models import CourtApplication, FamilyGroupMeeting
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_family_network_journey import demo_like_family
from tests.browser.test_taf_meeting import fill_date

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
LETTER = TODAY - dt.timedelta(days=30)
ACCEPTED = TODAY - dt.timedelta(days=25)
HELD = TODAY - dt.timedelta(days=5)
PLAN = (
    "Nan Joan's sister will stay three nights a week; Ruby's brother Jay walks her to school; "
    "Mum goes to the family centre every Tuesday."
)


def success(page: Page, words: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(words)


def test_a_social_worker_offers_a_family_group_meeting_holds_it_and_then_applies_to_court(
    page: Page, live_server, transactional_db, council, sc_child
):
    demo_like_family(council, sc_child)
    episode = sc_child.episodes.get()
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["social_worker"])
    page.goto(f"{live_server.url}/episodes/{episode.pk}/social-care/")
    page.get_by_role("link", name="Family group decision-making and applications to court").click()
    expect(
        page.get_by_role("heading", name="Family group decision-making", level=1)
    ).to_be_visible()
    expect(page.locator("#court-verdict")).to_contain_text(
        "No family group decision-making meeting was offered to the family"
    )

    page.get_by_role("link", name="Write a letter before proceedings").click()
    page.get_by_role("button", name="Save the letter and the offer").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter who the letter is to")
    expect(summary).to_contain_text("Enter the council's concerns")
    fill_date(page, "sent_on", LETTER)
    page.get_by_label("Addressed to").fill("Kim Ashworth and Lee Ashworth")
    page.get_by_label("The council's concerns").fill(
        "Ruby has missed most of this term at school and has been left alone at night."
    )
    page.get_by_label("What must change, and by when").fill(
        "Ruby must be in school every day, and an adult at home every night, from now on."
    )
    fill_date(page, "pre_proceedings_meeting_on", LETTER + dt.timedelta(days=10))
    both_widths(page, "family-group-01-letter-form")
    page.get_by_role("button", name="Save the letter and the offer").click()
    success(page, "Letter before proceedings saved")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download the letter (PDF) of {LETTER:%-d %B %Y}").click()
    assert download.value.suggested_filename.startswith("letter-before-proceedings-")
    offer = page.locator(".govuk-summary-card", has_text="Offered to Kim Ashworth")
    expect(offer).to_contain_text("In the letter before proceedings of")
    expect(offer).to_contain_text("Awaiting an answer")

    page.get_by_role("link", name="Record the family's answer").click()
    page.get_by_label("They accepted the meeting").check()
    fill_date(page, "responded_on", ACCEPTED)
    page.get_by_label("Who answered").fill("Kim Ashworth, Ruby's mother")
    page.get_by_role("button", name="Save the answer").click()
    success(page, "the family accepted the meeting")
    expect(page.locator("#court-verdict")).to_contain_text("it has not been held")

    page.get_by_role("link", name="Record an application to court").click()
    page.get_by_label("Care order").check()
    page.get_by_label("Why the council is applying").fill("Ruby was hurt again last week.")
    page.get_by_role("button", name="Save the application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"The family accepted a family group decision-making meeting on {ACCEPTED:%-d %B %Y} "
        "and it has not been held: hold it before applying"
    )
    assert not CourtApplication.objects.exists()
    page.get_by_role("link", name="Back to family group decision-making").click()

    page.get_by_role("link", name="Record the meeting").click()
    expect(page.get_by_role("img", name="Genogram of Ruby Ashworth's family")).to_be_visible()
    expect(page.locator("table.journey-network-people")).to_contain_text("Supervised contact")
    both_widths(page, "family-group-03-meeting-form")
    fill_date(page, "held_on", HELD)
    page.get_by_label("Independent coordinator").fill("Pat Lowe")
    page.get_by_label("Who came").fill("Kim, Joan's sister, Jay and Ruby")
    page.get_by_label("Yes").check()
    page.get_by_label("The family's plan").fill(PLAN)
    fill_date(page, "review_on", HELD + dt.timedelta(days=42))
    page.get_by_role("button", name="Save the meeting and the plan").click()
    success(page, "Family group meeting and the family's plan recorded")
    expect(page.locator(".journey-family-plan")).to_have_text(PLAN)
    expect(page.locator("#court-verdict")).to_contain_text(
        f"The council may apply: the family group decision-making meeting the family accepted "
        f"was held on {HELD:%-d %B %Y}"
    )
    assert FamilyGroupMeeting.objects.get().family_plan == PLAN

    page.get_by_role("link", name="Record an application to court").click()
    page.get_by_label("Care order").check()
    page.get_by_label("Court", exact=True).fill("Fairshire Family Court")
    page.get_by_label("Why the council is applying").fill(
        "The family's plan has not kept Ruby safe at night."
    )
    page.get_by_role("button", name="Save the application").click()
    success(page, "Application for a care order recorded")
    applications = page.locator("#applications")
    expect(applications).to_contain_text("Care order")
    expect(applications).to_contain_text(f"was held on {HELD:%-d %B %Y}")
    both_widths(page, "family-group-02-record")
    assert CourtApplication.objects.get().order == "care"
