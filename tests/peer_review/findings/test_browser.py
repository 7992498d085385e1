"""In a real Chromium: a reviewer records a finding, the lead issues the letter, and the host's
assistant director makes the improvement plan from it; each page fits a 400 px screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from journey.improvement.models import ImprovementPlan
from journey.peer_review.findings import services
from journey.peer_review.models import FindingKind
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.peer_review.findings.conftest import record
from tests.peer_review.findings.test_history import earlier_review

pytestmark = pytest.mark.browser


def _fits(page: Page) -> None:
    page.set_viewport_size({"width": 400, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.set_viewport_size({"width": 1200, "height": 900})


def test_a_finding_becomes_the_letter_and_the_plan(
    page: Page, live_server, transactional_db, visit, council
):
    record(visit, FindingKind.STRENGTH)
    sign_in(page, live_server, visit.peer.worker)
    page.goto(f"{live_server.url}/peer-review/{visit.review.pk}/findings/")
    page.get_by_role("button", name="Record a finding").click()
    page.get_by_label("Line of enquiry").select_option(label=str(visit.line))
    page.get_by_label("Area for development").check()
    page.get_by_label("The finding in one line").fill("Step-up reasons are not recorded")
    page.get_by_label("What the evidence showed").fill("Two of the sampled cases had no reason.")
    page.get_by_label("Recommendation").fill("Record the reason for every step-up")
    page.get_by_label("Case 1.2").check()
    page.get_by_role("button", name="Record the finding").click()
    expect(page.get_by_text("Finding recorded")).to_be_visible()
    expect(page.locator("#line-1")).to_contain_text("Case 1.2")
    _fits(page)
    both_widths(page, "peer-review-findings")
    page.get_by_role("button", name="Sign out").click()

    services.draft_letter(
        visit.review,
        services.LetterInput(
            "Director of Children's Services, Fairshire Council",
            "Thank you for inviting us to review early help in Fairshire.",
            "We look forward to hearing how you take these forward.",
        ),
        by=visit.lead,
    )
    sign_in(page, live_server, visit.lead.worker)
    page.goto(f"{live_server.url}/peer-review/{visit.review.pk}/findings/letter/")
    expect(page.get_by_role("heading", name="Preview: not issued")).to_be_visible()
    _fits(page)
    both_widths(page, "peer-review-letter-draft")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "is issued and kept as issued"
    )
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, council["assistant_director"])
    page.goto(f"{live_server.url}/peer-review/{visit.review.pk}/findings/letter/")
    expect(page.get_by_text("This is the letter as issued")).to_be_visible()
    _fits(page)
    both_widths(page, "peer-review-letter-issued")
    page.get_by_role("button", name="Make the improvement plan").click()
    page.get_by_role("button", name="Make the improvement plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Area 1: Select the lead")
    _fits(page)
    both_widths(page, "peer-review-make-plan-errors")
    page.get_by_label("Owner").select_option(
        label=f"{council['assistant_director'].name}, Assistant director"
    )
    for prefix, values in (
        ("id_starts_on", ("1", "4", "2027")),
        ("id_ends_on", ("31", "3", "2028")),
    ):
        for part, value in enumerate(values):
            page.fill(f"#{prefix}_{part}", value)
    page.get_by_label("Action", exact=True).fill("Audit every step-up monthly")
    page.get_by_label("Lead", exact=True).select_option(index=1)
    page.get_by_label("Responsible officer").select_option(index=1)
    page.get_by_label("What will show it worked").fill("Every step-up has a recorded reason")
    for part, value in enumerate(("30", "9", "2027")):
        page.fill(f"#id_area1-due_on_{part}", value)
    both_widths(page, "peer-review-make-plan")
    page.get_by_role("button", name="Make the improvement plan").click()
    expect(page.get_by_text("Improvement plan made from the findings letter")).to_be_visible()
    plan = ImprovementPlan.objects.get()
    assert plan.areas.get().title == "Step-up reasons are not recorded"
    earlier_review(council, 700, "Peer challenge of the front door")
    page.goto(f"{live_server.url}/peer-review/{visit.review.pk}/findings/history/")
    expect(page.locator("#plans")).to_be_visible()
    _fits(page)
    both_widths(page, "peer-review-history")
