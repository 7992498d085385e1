"""In Chromium: a team's CAF tracker, filtered to one flag, sorted, downloaded; and the tracker
changing when the overdue TAF is held (through the service, as the TAF page will)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in
from tests.tracker.conftest import caf_episode, days_ago, taf

pytestmark = pytest.mark.browser


@pytest.fixture
def practitioner(transactional_db, council):
    return council["practitioner"]


def test_a_practitioner_works_the_tracker(page: Page, live_server, council, practitioner):
    late = caf_episode(council, started_days_ago=120, first_name="Oscar", last_name="Late")
    taf(late, practitioner, held_days_ago=100, next_due=days_ago(58), actions=[("Book GP", 10)])
    caf_episode(council, started_days_ago=30, first_name="Nina", last_name="New")
    caf_episode(council, started_days_ago=50, lead=None, first_name="Leo", last_name="Nolead")

    sign_in(page, live_server, practitioner)
    page.get_by_role("link", name="CAF tracker").first.click()
    expect(page.get_by_role("heading", name="3 open CAF cases")).to_be_visible()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Oscar Late")  # most flags first
    expect(first_row).to_contain_text("TAF review overdue")
    expect(first_row).to_contain_text("The next TAF was due by")
    snap(page, "20-caf-tracker.png")

    page.get_by_label("Drift flag").select_option(label="No lead professional")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 open CAF case")).to_be_visible()
    assert "flag=no_lead" in page.url  # a shareable view
    expect(page.locator("tbody")).to_contain_text("Leo Nolead")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Child (sort ascending)").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Child")
    expect(page.locator("tbody tr").first).to_contain_text("Oscar Late")  # Late < New < Nolead
    page.get_by_role("link", name="Child (sorted ascending; sort descending)").click()
    expect(page.locator("tbody tr").first).to_contain_text("Leo Nolead")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this view (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    names = [row[0] for row in book["CAF tracker"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Leo Nolead", "Nina New", "Oscar Late"]

    # The TAF is held (the TAF page calls the same service): the flag goes, on the next load.
    taf(late, practitioner, held_days_ago=0)
    page.goto(f"{live_server.url}/tracker/?sort=child")
    row = page.locator("tbody tr", has_text="Oscar Late")
    expect(row).not_to_contain_text("TAF review overdue")
    expect(row).to_contain_text("Action overdue")
    snap(page, "21-caf-tracker-after-taf.png")

    page.get_by_role("link", name="Single-agency work").click()
    expect(page.get_by_role("heading", name="Helped without escalating")).to_be_visible()
    snap(page, "22-single-agency-tracker.png")


def test_holding_a_taf_with_three_actions_changes_the_tracker(
    page: Page, live_server, practitioner, eh_child
):
    """The issue's journey: the tracker shows the overdue first TAF; the practitioner holds it
    (the real TAF page: one page, one save) and the tracker changes."""
    from tests.browser.test_taf_meeting import HELD, hold_taf_meeting_with_three_actions

    sign_in(page, live_server, practitioner)
    page.get_by_role("link", name="CAF tracker").first.click()
    row = page.locator("tbody tr", has_text=eh_child.full_name)
    expect(row).to_contain_text("TAF review overdue")  # opened 60 days ago, no TAF yet
    expect(row).to_contain_text("No TAF meeting since the work opened")
    expect(row).to_contain_text("None yet")
    snap(page, "23-tracker-before-taf.png")

    row.get_by_role("link", name=eh_child.full_name, exact=True).click()
    posts = hold_taf_meeting_with_three_actions(page, practitioner)
    assert len(posts) == 1

    page.get_by_role("link", name="CAF tracker").first.click()
    row = page.locator("tbody tr", has_text=eh_child.full_name)
    expect(row).not_to_contain_text("TAF review overdue")
    expect(row).to_contain_text(f"{HELD:%-d %b %Y}")  # the last TAF
    cells = row.locator("td")
    expect(cells.nth(7)).to_have_text("3")  # open actions
    expect(cells.nth(8)).to_have_text("0")  # none overdue yet
    expect(row).to_contain_text("No lead professional")  # still to do
    snap(page, "24-tracker-after-taf.png")
    row.get_by_role("link", name=f"Plan and actions for {eh_child.full_name}").click()
    expect(page.get_by_role("heading", name="Early help plan and actions")).to_be_visible()
