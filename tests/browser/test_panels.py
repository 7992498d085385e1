"""Panels in a real Chromium: a team manager schedules a Multi-Agency Support Panel, brings a
child's case to it from the child's side, records the panel's decision, and finds it on the
child's chronology. Screenshots at 1200px wide go to screenshots/ for people to look at."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.casework.models import Panel, PanelCase
from journey.casework.panels.services import bring_case
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_taf_meeting import fill_date
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.browser

REASON = (
    "Ruby's school attendance has dropped again and three agencies disagree about how "
    "worried to be. We ask the panel to agree a shared view of risk and who leads."
)
DECISION = (
    "The panel could not resolve the disagreement between health and school about Ruby and "
    "escalated it to the head of service to broker a joint plan within two weeks."
)


@pytest.fixture
def manager(transactional_db, council):
    return council["team_manager"]


def bring_a_child_the_manager_may_not_see(council, panel: Panel):
    """A child held by another team, brought by their own social worker."""
    worker = council["other_social_worker"]
    child = make_child(worker, first_name="Kit", last_name="Marlowe")
    make_episode(child, worker, allocate_to=worker)
    bring_case(panel=panel, child=child, reason=REASON, brought_by=worker, by=worker.user)
    return child


def schedule_a_panel_today(page: Page, live_server, manager) -> None:
    page.goto(f"{live_server.url}/panels/")
    expect(page.get_by_role("heading", name="Panels", level=1)).to_be_visible()
    page.get_by_role("link", name="Schedule a panel").click()
    page.get_by_label("Multi-Agency Support Panel").check()
    fill_date(page, "held_on", timezone.localdate())
    page.get_by_label("Chair").select_option(value=str(manager.pk))
    page.locator("#id_attendees-0-name").fill("Ms Cole")
    page.locator("#id_attendees-0-role").fill("Designated safeguarding lead")
    page.locator("#id_attendees-0-agency").select_option(label="Castlegate Academy")
    page.locator("#id_attendees-1-name").fill("Dr Shah")
    page.locator("#id_attendees-1-role").fill("School nurse")
    page.locator("#id_attendees-1-attended").select_option(label="Sent apologies")
    snap(page, "panel-01-schedule.png")
    page.get_by_role("button", name="Save panel").click()
    expect(page.get_by_role("heading", name="Multi-Agency Support Panel", level=1)).to_be_visible()


def test_a_manager_runs_a_panel_and_the_decision_reaches_the_chronology(
    page: Page, live_server, manager, sc_child, council
):
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, manager)
    schedule_a_panel_today(page, live_server, manager)
    panel = Panel.objects.get()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Castlegate Academy")
    hidden = bring_a_child_the_manager_may_not_see(council, panel)

    # Bring Ruby's case: the page starts from the child.
    page.goto(f"{live_server.url}/panels/bring/{sc_child.pk}/")
    expect(page.get_by_role("heading", name="Bring the case to a panel")).to_be_visible()
    page.get_by_role("button", name="Bring to the panel").click()  # nothing chosen: errors
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select the panel to bring the case to")
    snap(page, "panel-02-bring-error.png")
    page.get_by_label(re.compile("Multi-Agency Support Panel")).check()
    page.get_by_label(re.compile("Why are you bringing the case")).fill(REASON)
    snap(page, "panel-03-bring.png")
    page.get_by_role("button", name="Bring to the panel").click()
    card = page.locator(".govuk-summary-card", has_text="Ruby Ashworth")
    expect(card).to_contain_text(REASON)
    expect(card).to_contain_text("Not recorded yet")

    # The decision, from the panel's case list.
    card.get_by_role("link", name=re.compile("Record the decision")).click()
    expect(page.get_by_role("heading", name="Record the panel's decision")).to_be_visible()
    page.get_by_label("Escalate to senior managers").check()
    page.get_by_label("The decision, in words").fill(DECISION)
    page.get_by_label("Actions agreed (optional)").fill("Chair to write to the head of service.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "added to their chronology"
    )
    card = page.locator(".govuk-summary-card", has_text="Ruby Ashworth")
    expect(card).to_contain_text("Escalate to senior managers")
    unnamed = page.locator(".govuk-summary-card", has_text="A child you do not have access to")
    expect(unnamed).to_contain_text("Not recorded yet")
    expect(page.locator("main")).not_to_contain_text(hidden.last_name)
    expect(card).to_contain_text(DECISION)
    snap(page, "panel-04-panel-page.png")
    assert PanelCase.objects.get(panel=panel, child=sc_child).outcome == "escalate"

    page.goto(f"{live_server.url}/children/{sc_child.pk}/chronology/")
    entry = page.locator(".moj-timeline__item", has_text="Multi-Agency Support Panel: Escalate")
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("escalated it to the head of service")
    snap(page, "panel-05-chronology.png")

    page.goto(f"{live_server.url}/panels/")
    row = page.get_by_role("row", name=re.compile("Multi-Agency Support Panel"))
    expect(row).to_contain_text(manager.name)
    snap(page, "panel-06-list.png")
