"""Holding a TAF meeting in a real Chromium: a practitioner opens a child's early help (CAF)
work, records the meeting, who came and three actions on one page with one save, sees them on
the plan, then records progress on one of them.

`hold_taf_meeting_with_three_actions` is the reusable part: a later test (the CAF tracker's,
say) can call it and then look at what changed.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.casework.models import Meeting, PlanAction
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in

pytestmark = pytest.mark.browser

HELD = timezone.localdate() - dt.timedelta(days=3)
ACTIONS = [
    ("Morning routine chart and reward plan with Oscar", None, 14),
    ("Oscar joins breakfast club on school days", "Ms Cole", 7),
    ("Mum sets a bedtime alarm and walks Oscar to school", "Mum", 28),
]


@pytest.fixture
def practitioner(transactional_db, council):
    return council["practitioner"]


def fill_date(page: Page, name: str, day: dt.date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def open_child(page: Page, live_server, child) -> None:
    page.goto(f"{live_server.url}/children/{child.pk}/")
    expect(page.get_by_role("heading", name=child.full_name, level=1)).to_be_visible()


def hold_taf_meeting_with_three_actions(page: Page, owner, screenshot: str = "") -> list[str]:
    """From the child's summary page: "Hold a TAF meeting", fill in the meeting, two attendees
    and three actions (one owned by `owner`, a Journey worker; two by people named in free text),
    and save once. Returns the POSTs the browser sent (there should be one) and leaves the page
    on the plan."""
    page.get_by_role("link", name="Hold a TAF meeting").click()
    expect(page.get_by_role("heading", name="Hold a TAF meeting")).to_be_visible()

    fill_date(page, "held_on", HELD)
    page.locator("#id_attendees-0-name").fill("Sam Pennington")
    page.locator("#id_attendees-0-role").fill("Mum")
    page.locator("#id_attendees-1-name").fill("Ms Cole")
    page.locator("#id_attendees-1-role").fill("Class teacher")
    page.locator("#id_attendees-1-agency").select_option(label="Castlegate Academy")
    page.locator("#id_attendees-2-name").fill("Dr Shah")
    page.locator("#id_attendees-2-attended").select_option(label="Sent apologies")
    page.get_by_label("The child's views, in their own words").fill(
        "I don't like being late. I want to go to breakfast club."
    )
    page.get_by_label("Talking with the child").check()
    page.get_by_label("Decisions").fill("Routine support at home; breakfast club at school.")
    for n, (what, owner_name, due_in) in enumerate(ACTIONS):
        if not page.locator(f"#id_actions-{n}-description").count():
            page.get_by_role("button", name="Add another action").click()
            expect(page.get_by_role("group", name=f"Action {n + 1}")).to_be_visible()
            expect(page.locator(f"#id_actions-{n}-description")).to_be_focused()
        page.locator(f"#id_actions-{n}-description").fill(what)
        if owner_name:
            page.locator(f"#id_actions-{n}-owner_name").fill(owner_name)
        else:
            page.locator(f"#id_actions-{n}-owner").select_option(value=str(owner.pk))
        fill_date(page, f"actions-{n}-due_on", HELD + dt.timedelta(days=due_in))
    if screenshot:
        snap(page, screenshot)

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Save meeting and actions").click()
    expect(page.get_by_role("heading", name="Early help plan and actions")).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "recorded with 3 actions"
    )
    return posts


def test_a_practitioner_holds_a_taf_with_three_actions_then_records_progress(
    page: Page, live_server, practitioner, eh_child
):
    sign_in(page, live_server, practitioner)
    open_child(page, live_server, eh_child)
    snap(page, "taf-01-child-summary.png")

    posts = hold_taf_meeting_with_three_actions(
        page, practitioner, screenshot="taf-02-meeting-filled.png"
    )

    assert len(posts) == 1, posts  # one page, one save
    meeting = Meeting.objects.get()
    assert meeting.held_on == HELD and meeting.attendees.count() == 3
    assert PlanAction.objects.filter(meeting=meeting).count() == 3
    expect(page.get_by_role("heading", name="Open actions (3)")).to_be_visible()
    for what, owner_name, _ in ACTIONS:
        card = page.locator("tr", has_text=what)
        expect(card).to_contain_text("Not started")
        expect(card).to_contain_text(owner_name or practitioner.name)
    expect(page.get_by_role("table").last).to_contain_text("Dr Shah – apologies")
    snap(page, "taf-03-plan.png")

    card = page.locator("tr", has_text=ACTIONS[1][0])
    card.get_by_role("link", name=re.compile("Record progress")).click()
    expect(page.get_by_role("heading", name="Record progress on an action")).to_be_visible()
    page.get_by_label("What has happened").fill("Oscar has been at breakfast club 4 days of 5.")
    page.get_by_label("In progress").check()
    snap(page, "taf-04-progress.png")
    page.get_by_role("button", name="Save progress").click()

    expect(page.get_by_role("heading", name="Early help plan and actions")).to_be_visible()
    card = page.locator("tr", has_text=ACTIONS[1][0])
    expect(card).to_contain_text("Oscar has been at breakfast club 4 days of 5.")
    expect(card).to_contain_text("In progress")
    assert PlanAction.objects.get(description=ACTIONS[1][0]).status == "in_progress"
    snap(page, "taf-05-progress-on-plan.png")


def test_a_due_date_before_the_meeting_is_shown_on_its_row_and_nothing_is_saved(
    page: Page, live_server, practitioner, eh_child
):
    sign_in(page, live_server, practitioner)
    open_child(page, live_server, eh_child)
    page.get_by_role("link", name="Hold a TAF meeting").click()
    fill_date(page, "held_on", HELD)
    page.locator("#id_attendees-0-name").fill("Sam Pennington")
    page.get_by_label("The child's views, in their own words").fill("Breakfast is nice.")
    page.get_by_label("Talking with the child").check()
    page.locator("#id_actions-0-description").fill("Breakfast club")
    page.locator("#id_actions-0-owner_name").fill("Ms Cole")
    fill_date(page, "actions-0-due_on", HELD - dt.timedelta(days=1))
    page.get_by_role("button", name="Save meeting and actions").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("error"))
    link = summary.get_by_role(
        "link", name="Action 1: the due date must be on or after the meeting"
    )
    expect(link).to_have_attribute("href", "#id_actions-0-due_on_0")
    link.click()
    expect(page.locator("#id_actions-0-due_on_0")).to_be_focused()
    expect(page.locator("#id_actions-0-description")).to_have_value("Breakfast club")
    snap(page, "taf-06-error.png")
    assert not Meeting.objects.exists() and not PlanAction.objects.exists()
