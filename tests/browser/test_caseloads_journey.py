"""Caseloads in a real Chromium: an assistant director goes from the team view to the
Caseloads page, sees a social worker over their limit, reads their year (chart and table),
then changes the child protection weight: a bad figure is refused on its field, a good one is
saved with the reason and listed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from journey.workforce.models import CaseloadLimit, CaseloadWeight
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.workforce.caseloads.conftest import LIMITS, WEIGHTS, plan, social_care

pytestmark = pytest.mark.browser


@pytest.fixture
def director(transactional_db, council):
    # Another transactional test may have flushed the tables: the migration's figures again.
    for kind, weight in WEIGHTS.items():
        CaseloadWeight.objects.update_or_create(kind=kind, defaults={"weight": weight})
    for role, limit in LIMITS.items():
        CaseloadLimit.objects.update_or_create(role=role, defaults={"limit": limit})
    sw, manager = council["social_worker"], council["team_manager"]
    sw.caseload_limit = 1
    sw.save()
    plan(social_care(manager, days=90, allocate_to=sw, first_name="Ada"), "cp", days=60, by=manager)
    return council["assistant_director"]


def test_a_director_finds_a_worker_over_their_limit_and_changes_a_weight(
    page: Page, live_server, director, council
):
    sign_in(page, live_server, director)
    page.get_by_role("link", name="Team", exact=True).click()
    page.get_by_role(
        "link", name="Caseloads: unallocated work and workers against their limits"
    ).click()
    expect(page.get_by_role("heading", name="Caseloads", level=1)).to_be_visible()
    row = page.locator(f'[data-worker="{council["social_worker"].name}"]')
    expect(row).to_contain_text("Over limit")
    expect(row).to_contain_text("1.5")
    both_widths(page, "caseloads")

    row.get_by_role("link").click()
    expect(
        page.get_by_role(
            "img", name="Weighted caseload at the end of each month, against the limit"
        )
    ).to_be_visible()
    expect(page.locator("[data-history] tbody tr")).to_have_count(12)
    expect(page.locator("[data-held]")).to_contain_text("Ada")
    both_widths(page, "caseloads-worker")

    page.get_by_role("link", name="Back to caseloads").click()
    page.get_by_role("link", name="the council's weights and limits").click()
    page.get_by_role("link", name="Change the weights and limits").click()
    page.get_by_label("Child protection plan").fill("two")
    page.get_by_label("Why are they changing?").fill("Agreed at the workforce board in March")
    page.get_by_role("button", name="Save the changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The weight for child protection plan must be a number")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Child protection plan")).to_be_focused()
    both_widths(page, "caseloads-change-error")
    page.get_by_label("Child protection plan").fill("2")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "the weight for child protection plan"
    )
    expect(page.locator("[data-changes]")).to_contain_text("Agreed at the workforce board in March")
    assert CaseloadWeight.objects.get(kind="cp_plan").weight == Decimal("2")
    both_widths(page, "caseloads-rules")
