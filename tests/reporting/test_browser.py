"""A head of service reads the measures in a real Chromium and opens the children behind one.

Screenshots at 1200 pixels wide go to screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.screenshots import snap
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def head(transactional_db, council):
    return council["head_of_service"]


def test_a_head_of_service_opens_the_children_behind_a_figure(
    page: Page, live_server, head, history
):
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(head.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/measures/")
    expect(page.get_by_role("heading", name="Measures", level=1)).to_be_visible()
    snap(page, "measures.png")

    rereferrals = page.locator("#rereferral-table tr[data-month='total'] td").nth(1)
    rereferrals.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Re-referrals within 12 months")).to_be_visible()
    expect(page.get_by_role("link", name="Ruby Ashworth")).to_be_visible()
    snap(page, "measures-children.png")

    page.get_by_role("link", name="Ruby Ashworth").click()
    expect(page.get_by_role("heading", name="Ruby Ashworth", level=1)).to_be_visible()
