"""Family Help into child protection and back, in a real Chromium (issue 15). The Family Help
manager records the strategy discussion (each agency's participants, the lead child protection
practitioner, the team's members, the summary for the lead practitioner); the conference starts a
child protection plan; the plan ends and Family Help carries on. Both lead practitioners are shown
at every step; the school's lead practitioner sees the summary shared with them and never the
enquiry. Screenshots at 1200 px and 400 px go to screenshots/ (gitignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.people.models import Agency
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_taf_meeting import fill_date
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
STRATEGY = TODAY - dt.timedelta(days=40)
CONFERENCE = STRATEGY + dt.timedelta(days=10)
PLAN_ENDS = TODAY - dt.timedelta(days=2)


def both_leads(page: Page, lead, lcpp) -> None:
    expect(page.locator("#family-help [data-lead-practitioner]")).to_contain_text(str(lead))
    if lcpp:
        expect(page.locator("#family-help [data-lead-cp-practitioner]")).to_contain_text(str(lcpp))
    else:
        expect(page.locator("#family-help [data-lead-cp-practitioner]")).to_contain_text(
            "None: no child protection work under way"
        )


def test_family_help_into_child_protection_and_back_with_both_leads(
    page: Page, live_server, transactional_db, council, fh
):
    AgencyFactory(name="Northgate Police", kind=Agency.Kind.POLICE)
    AgencyFactory(name="Northgate Health", kind=Agency.Kind.HEALTH)
    lead, lcpp, manager = council["external_lead"], fh["lcpp"], fh["manager"]
    episode = fh["episode"]
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/children/{fh['child'].pk}/")
    expect(page.locator("[data-lead-practitioner]")).to_contain_text(str(lead))
    page.get_by_role("link", name="Family Help record: assessment, enquiries and plans").click()
    expect(page.get_by_role("heading", name="Family Help record")).to_be_visible()
    both_leads(page, lead, None)
    expect(page.locator("#family-help [data-intensity]")).to_contain_text("Targeted help")

    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "held_on", STRATEGY)
    page.get_by_label("Who took part and what was discussed").fill(
        "A disclosure at school: police, health, school and the council."
    )
    rows = page.locator("[data-participant-row]")
    rows.nth(0).get_by_label("Name", exact=True).fill("DS Reid")
    rows.nth(0).get_by_label("Agency", exact=True).select_option(label="Northgate Police")
    rows.nth(0).get_by_label("What their agency knows").fill("Two call-outs this year.")
    rows.nth(1).get_by_label("Name", exact=True).fill("Nurse Ward")
    rows.nth(1).get_by_label("Agency", exact=True).select_option(label="Northgate Health")
    rows.nth(1).get_by_label("What their agency knows").fill("Missed appointments.")
    page.get_by_label("Yes").check()
    fill_date(page, "started_on", STRATEGY)
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the lead child protection practitioner"
    )
    page.get_by_label("Lead child protection practitioner").select_option(
        label=f"{lcpp.name} ({lcpp.team}, {lcpp.registration})"
    )
    page.get_by_label(f"{council['cp_partner'].name}, {council['cp_partner'].agency}").check()
    page.get_by_label("What the Family Help lead practitioner is told").fill(
        "An enquiry is under way: keep visiting as planned."
    )
    both_widths(page, "family-help-01-strategy")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "section 47 enquiry started"
    )
    both_leads(page, lead, lcpp)
    expect(page.locator("#family-help [data-intensity]")).to_contain_text(
        f"A child in need (section 17) since {STRATEGY:%-d %B %Y}"
    )

    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Initial child protection conference").check()
    fill_date(page, "completed_on", STRATEGY + dt.timedelta(days=5))
    page.get_by_role("button", name="Save the outcome").click()
    page.get_by_role("link", name="Record an initial conference").click()
    fill_date(page, "held_on", CONFERENCE)
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Category of abuse").select_option("NEG")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.locator("#social-care-status")).to_contain_text("Child protection plan since")
    both_leads(page, lead, lcpp)
    both_widths(page, "family-help-02-record-in-protection")

    page.get_by_role("link", name="End the plan").click()
    fill_date(page, "ended_on", PLAN_ENDS)
    page.locator("#id_note").fill("Review conference: the risk has reduced; Family Help goes on.")
    page.get_by_role("button", name="End the plan").click()
    both_leads(page, lead, None)
    expect(page.locator("#family-help [data-intensity]")).to_contain_text("A child in need")
    expect(page.locator("#social-care-status")).not_to_contain_text("Child protection plan since")

    # The school's lead practitioner: the summary shared with them, never the enquiry.
    page.context.clear_cookies()
    sign_in(page, live_server, lead)
    page.goto(f"{live_server.url}/episodes/{episode.pk}/social-care/")
    both_leads(page, lead, None)
    shared = page.locator("[data-shared-enquiry]")
    expect(shared).to_contain_text("An enquiry is under way: keep visiting as planned.")
    expect(page.locator("body")).not_to_contain_text("Two call-outs this year")
    both_widths(page, "family-help-03-partner")
