"""A step up in a real Chromium: the practitioner asks, the manager accepts and hands over.

Screenshots of each step go to screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.cases.models import EpisodeKind, StepChange
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in

pytestmark = pytest.mark.browser

RATIONALE = (
    "Since the last TAF Oscar has come to school with bruising twice and his mum has stopped "
    "answering calls; the worries now meet the level 4 threshold."
)
EVIDENCE = (
    "Two of the four plan actions are overdue and the last TAF meeting was missed; the school "
    "nurse has not been able to see Oscar."
)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_step_up_from_request_to_hand_over(
    page: Page, live_server, transactional_db, council, eh_child
):
    practitioner, manager = council["practitioner"], council["team_manager"]
    social_worker = council["social_worker"]
    child_url = f"{live_server.url}/children/{eh_child.pk}/"

    sign_in(page, live_server, practitioner)
    page.goto(child_url)
    page.get_by_role("link", name="Step up Early help (CAF and TAF)").click()
    expect(
        page.get_by_role("heading", name="Ask to step up to children's social care")
    ).to_be_visible()
    page.get_by_label("Team that would take the work").select_option(label=str(council.sc_team))
    page.get_by_label("Why the child's needs have changed").fill("Worse.")
    page.get_by_role("button", name="Send the request").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("at least a full sentence")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Why the child's needs have changed")).to_be_focused()
    page.get_by_label("Why the child's needs have changed").fill(RATIONALE)
    page.get_by_label("Evidence from the current plan").fill(EVIDENCE)
    snap(page, "step-up-01-request.png")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your step up request has gone to the manager"
    )
    expect(page.get_by_text("Awaiting a manager's decision")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/step-changes/")
    waiting = page.get_by_role("table", name="Waiting for your decision (1)")
    waiting.get_by_role("link", name=eh_child.full_name).click()
    page.get_by_role("link", name="Accept or decline").click()
    page.get_by_label("Yes, accept the request").check()
    page.get_by_label("Your reasons").fill("Agreed: the bruising needs a section 17 assessment.")
    snap(page, "step-up-02-decision.png")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Accepted: awaiting hand-over").first).to_be_visible()

    page.get_by_role("link", name="Record the hand-over").click()
    page.get_by_label("Who takes the work").select_option(str(social_worker.pk))
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_label("Who else was at the meeting").fill("Jade Pennington, mother")
    page.get_by_label("What the joint meeting agreed").fill(
        "Mum agreed to the assessment; the social worker visits on Thursday and the school "
        "keeps the daily check-in."
    )
    snap(page, "step-up-03-hand-over.png")
    page.get_by_role("button", name="Hand over the work").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Handed over to {social_worker.name}"
    )
    snap(page, "step-up-04-handed-over.png")

    step = StepChange.objects.get()
    assert step.status == StepChange.Status.HANDED_OVER
    today = timezone.localdate()
    assert step.from_episode.ended_on == step.to_episode.started_on == today
    assert step.to_episode.kind == EpisodeKind.SOCIAL_CARE

    page.goto(child_url)
    open_work = page.locator(".govuk-summary-card").first
    expect(open_work).to_contain_text("Children's social care")
    expect(open_work).to_contain_text(social_worker.name)
    page.get_by_role("link", name="Chronology").click()
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text(
        f"Stepped up to children's social care: handed over to {social_worker.name}"
    )
    expect(timeline).to_contain_text("Step up requested to children's social care")
    snap(page, "step-up-05-chronology.png")
