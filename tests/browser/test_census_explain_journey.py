"""Explaining a CIN census query in a real Chromium: a quality assurance officer checks the
records, lists the queries, opens a child's query, is told a one-word reason is not enough, then
explains it and sees it explained on the census page; errors offer no Explain link.
Screenshots at 1200 px and 400 px go to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from journey.cases.models import Episode
from journey.people.models import Person
from journey.reporting.models import CensusQueryExplanation
from tests.background.worker import private_media, run_worker  # noqa: F401
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in

pytestmark = pytest.mark.browser

REASON = (
    "The former UPN was issued by a school in Wales before 1999 and is recorded as the school "
    "gave it; the current UPN is correct."
)


def test_a_performance_officer_explains_a_query_and_sees_it_explained(
    page: Page, live_server, transactional_db, council, sc_child
):
    Person.objects.filter(pk=sc_child.pk).update(former_upn="W12")  # 1560Q: a query
    Episode.objects.filter(child=sc_child).update(referral_source="")  # 8866: an error
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["performance_officer"])
    page.goto(f"{live_server.url}/returns/census/")
    page.get_by_role("button", name="Check the records").click()
    expect(page.locator("#job-progress")).to_be_visible()
    run_worker()
    expect(page.locator("#explained-count")).to_have_text("0 explained", timeout=10_000)
    expect(page.locator('#breaches tr[data-rule="8866"] [data-explain]')).to_have_count(0)

    page.get_by_role("link", name="Queries only").click()
    row = page.locator('#breaches tr[data-rule="1560Q"]')
    row.get_by_role("link", name=f"Explain query 1560Q for {sc_child.local_id}").click()
    expect(page.get_by_role("heading", name="Explain query 1560Q")).to_be_visible()
    expect(page.locator("#rule-message")).to_contain_text("Former UPN wrongly formatted")
    both_widths(page, "census-03-explain-query")

    page.get_by_label("Why the record is right").fill("It is fine")
    page.get_by_role("button", name="Save the explanation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("at least 20 characters and 4 words")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Why the record is right")).to_be_focused()
    both_widths(page, "census-04-explain-too-short")
    assert not CensusQueryExplanation.objects.exists()

    page.get_by_label("Why the record is right").fill(REASON)
    page.get_by_role("button", name="Save the explanation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is explained")
    assert "kind=query" in page.url  # back to the list as it was
    row = page.locator('#breaches tr[data-rule="1560Q"]')
    expect(row.locator("[data-explained]")).to_contain_text(f"Explained: {REASON}")
    expect(row.locator("[data-explain]")).to_have_count(0)
    expect(page.locator("#explained-count")).to_have_text("1 explained")
    both_widths(page, "census-05-query-explained")

    page.get_by_role("link", name="Unexplained queries").click()
    expect(page.locator('#breaches tr[data-rule="1560Q"]')).to_have_count(0)
