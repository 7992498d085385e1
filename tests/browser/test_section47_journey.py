"""A section 47 in a real Chromium: the social worker records the strategy discussion that
starts the enquiry, its outcome, and the initial conference that starts a child protection plan,
then sees the status on the child's summary and the story in the chronology. Screenshots at
1200 px go to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.casework.models import Plan
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_taf_meeting import fill_date

pytestmark = pytest.mark.browser

STRATEGY = timezone.localdate() - dt.timedelta(days=12)
STARTED = STRATEGY + dt.timedelta(days=1)
CONFERENCE = timezone.localdate() - dt.timedelta(days=2)


def test_a_social_worker_records_a_section_47_and_the_icpc_that_starts_a_cp_plan(
    page: Page, live_server, transactional_db, council, sc_child
):
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["social_worker"])
    page.goto(f"{live_server.url}/children/{sc_child.pk}/")
    card_status = page.locator("[data-social-care-status]")
    expect(card_status).to_contain_text("Referral: no assessment started")
    page.get_by_role("link", name="Assessments, enquiries and plans").click()
    expect(page.get_by_role("heading", name="Social care record")).to_be_visible()

    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "held_on", STRATEGY)
    page.get_by_label("Who took part and what was discussed").fill(
        "Police, school and the health visitor shared concerns about bruising on Ruby's arm."
    )
    page.get_by_label("Yes").check()
    fill_date(page, "started_on", STRATEGY - dt.timedelta(days=1))
    page.get_by_role("button", name="Save the strategy discussion").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must be on or after the strategy discussion")
    snap(page, "s47-01-strategy-error.png")
    fill_date(page, "started_on", STARTED)
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Strategy discussion recorded and section 47 enquiry started"
    )
    expect(page.locator("#social-care-status")).to_contain_text("Section 47 enquiry since")

    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Initial child protection conference").check()
    fill_date(page, "completed_on", STARTED + dt.timedelta(days=5))
    page.get_by_label("What the enquiry found").fill("Joint visit: Ruby seen alone.")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator("#social-care-status")).to_contain_text(
        "Awaiting the initial child protection conference"
    )

    page.get_by_role("link", name="Record an initial conference").click()
    fill_date(page, "held_on", CONFERENCE)
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Category of abuse").select_option("PHY")
    page.get_by_label("Who attended and the concerns discussed").fill(
        "Mum, school, health visitor and police attended."
    )
    snap(page, "s47-02-conference.png")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Initial child protection conference recorded"
    )
    expect(page.locator("#social-care-status")).to_contain_text(
        f"Child protection plan since {CONFERENCE:%-d %B %Y} (physical abuse)"
    )
    snap(page, "s47-03-record.png")
    plan = Plan.objects.get(kind=Plan.Kind.CP)
    assert (plan.started_on, plan.initial_category) == (CONFERENCE, "PHY")

    page.goto(f"{live_server.url}/children/{sc_child.pk}/")
    expect(card_status).to_contain_text("Child protection plan since")
    snap(page, "s47-04-summary.png")
    page.goto(f"{live_server.url}/children/{sc_child.pk}/chronology/")
    expect(page.get_by_text("Section 47 enquiry started").first).to_be_visible()
    expect(
        page.get_by_text("Initial child protection conference: child protection plan").first
    ).to_be_visible()
    snap(page, "s47-05-chronology.png")
