"""A worker's journey in a real Chromium: sign in, find a child, record a contact and decision.

Screenshots of each main step are written to screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.cases.models import Contact, ThresholdDecision
from tests.browser.screenshots import snap
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

RATIONALE = (
    "School attendance has fallen to 70% and Oscar's mum has asked for help with morning "
    "routines. No safeguarding concerns were raised, so a multi-agency early help plan is "
    "proportionate."
)


@pytest.fixture
def practitioner(transactional_db, council):
    return council["practitioner"]


def sign_in(page: Page, live_server, worker, screenshot: str | None = None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Journey")).to_be_visible()
    page.get_by_label("Username").fill(worker.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    if screenshot:
        snap(page, screenshot)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def open_contact_form(page: Page, child) -> None:
    """From anywhere: the header search, the child's record, then "Record a contact"."""
    page.get_by_placeholder("Find a child").fill("Penning")
    page.get_by_placeholder("Find a child").press("Enter")
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    page.get_by_role("link", name=child.full_name, exact=True).click()
    expect(page.get_by_role("heading", name=child.full_name, level=1)).to_be_visible()
    page.get_by_role("link", name="Record a contact").click()
    expect(
        page.get_by_role("heading", name="Record a contact and threshold decision")
    ).to_be_visible()


def fill_contact(page: Page, rationale: str) -> None:
    received = timezone.localdate() - dt.timedelta(days=1)
    page.locator("#id_received_on_0").fill(str(received.day))
    page.locator("#id_received_on_1").fill(str(received.month))
    page.locator("#id_received_on_2").fill(str(received.year))
    page.get_by_label("Time received").fill("10:15")
    page.get_by_label("Who made the contact").select_option("2A")
    page.get_by_label("Name of the person who made contact").fill("Mrs Patel")
    page.get_by_label("What was reported").fill(
        "Attendance officer reports Oscar has missed 12 days this term and is often hungry."
    )
    page.get_by_label("Level 3: targeted early help (CAF/TAF)").check()
    page.get_by_label("Your rationale: how you reached this decision").fill(rationale)
    page.get_by_label("Early help assessment (CAF) and Team Around the Family").check()


def test_a_practitioner_finds_a_child_and_records_a_contact_and_decision(
    page: Page, live_server, practitioner, eh_child
):
    sign_in(page, live_server, practitioner, screenshot="01-login.png")
    expect(page.locator("#count-children")).to_have_text("1")
    snap(page, "02-my-work.png")

    page.get_by_placeholder("Find a child").fill("Penning")
    page.get_by_placeholder("Find a child").press("Enter")
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    results = page.get_by_role("table", name="1 child found")
    expect(results).to_contain_text(eh_child.full_name)
    expect(results).to_contain_text(f"{eh_child.date_of_birth:%-d %B %Y}")
    snap(page, "03-search-results.png")

    page.get_by_role("link", name=eh_child.full_name, exact=True).click()
    expect(page.get_by_role("heading", name=eh_child.full_name, level=1)).to_be_visible()
    expect(page.get_by_text("Early help (CAF and TAF)").first).to_be_visible()
    snap(page, "04-child-record.png")

    page.get_by_role("link", name="Record a contact").click()
    expect(
        page.get_by_role("heading", name="Record a contact and threshold decision")
    ).to_be_visible()
    fill_contact(page, RATIONALE)
    snap(page, "05-contact-form-filled.png")
    page.get_by_role("button", name="Save contact and decision").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("The contact and threshold decision have been recorded")
    expect(page.get_by_role("heading", name=eh_child.full_name, level=1)).to_be_visible()
    snap(page, "06-contact-saved.png")

    decision = ThresholdDecision.objects.get(child=eh_child)
    assert decision.level == 3 and decision.rationale == RATIONALE
    assert decision.contact.reporter_name == "Mrs Patel"

    page.get_by_role("link", name="Chronology").click()
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text(
        "Threshold decision: Level 3: targeted early help (CAF/TAF). Next step:"
    )
    expect(timeline).to_contain_text(RATIONALE)
    expect(timeline).to_contain_text("Contact received from a school")
    snap(page, "07-chronology.png")


def test_a_too_short_rationale_is_refused_with_a_focused_error_summary(
    page: Page, live_server, practitioner, eh_child
):
    sign_in(page, live_server, practitioner)
    open_contact_form(page, eh_child)
    fill_contact(page, "Needs early help.")
    page.get_by_role("button", name="Save contact and decision").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"error"))
    link = summary.get_by_role("link", name=re.compile("must be at least a full sentence"))
    expect(link).to_have_attribute("href", "#id_rationale")
    rationale = page.locator("#id_rationale")
    expect(rationale).to_have_class(re.compile("govuk-textarea--error"))
    expect(rationale).to_have_value("Needs early help.")
    # Everything else the worker typed is still there.
    expect(page.get_by_label("What was reported")).to_have_value(re.compile("missed 12 days"))
    snap(page, "08-contact-error-summary.png")

    link.click()
    expect(rationale).to_be_focused()
    snap(page, "09-error-link-focuses-rationale.png")
    assert Contact.objects.count() == 0


def test_a_contact_is_three_page_loads_from_my_work_and_four_fields(
    page: Page, live_server, practitioner, eh_child
):
    """The shortest way, counted as a worker would: from My work, the header search, "Record a
    contact" beside the child found, then the page after saving. Date and time start at now
    and the next step is the one that usually follows the level."""
    sign_in(page, live_server, practitioner)
    loads: list[str] = []
    page.on(
        "framenavigated", lambda frame: loads.append(frame.url) if not frame.parent_frame else None
    )
    page.get_by_placeholder("Find a child").fill("Penning")
    page.get_by_placeholder("Find a child").press("Enter")
    page.get_by_role("link", name=f"Record a contact about {eh_child.full_name}").click()
    # The four fields filled: who made the contact, what was reported, the level, the rationale.
    page.get_by_label("Who made the contact").select_option("2A")
    page.get_by_label("What was reported").fill("Oscar is hungry and tired at school.")
    page.get_by_label("Level 3: targeted early help (CAF/TAF)").check()
    page.get_by_label("Your rationale: how you reached this decision").fill(RATIONALE)
    page.get_by_role("button", name="Save contact and decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert len(loads) == 3, loads
    decision = ThresholdDecision.objects.get(child=eh_child)
    assert decision.next_step == "caf_taf"
    assert abs(decision.contact.received_at - timezone.now()) < dt.timedelta(minutes=5)
