"""A practice observation in a real Chromium, from the plan to the worker's reflection.

The team manager plans an observation of their social worker's home visit, records it (after a
refusal for missing parts), and the social worker finds it in their tasks, reads it and
reflects on it. Screenshots go to screenshots/ (gitignored).
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.quality.models import Grade, PracticeObservation
from tests.browser.screenshots import snap
from tests.browser.test_audit_journey import fill_date
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_step_up_journey import sign_out

pytestmark = pytest.mark.browser

SEEN = (
    "A home visit with Ruby and her mother: Sam went through the plan's actions one by one "
    "and saw Ruby alone in her room, using a three houses drawing."
)
STRENGTHS = "Warm and clear with the mother; Ruby was relaxed and talked freely about school."
DEVELOPMENT = (
    "Write Ruby's own words down straight after the visit, and check the chronology beforehand."
)
REFLECTION = (
    "Useful to be observed: I will write Ruby's words down in the car after each visit from now on."
)


def plan(page: Page, live_server, worker, child) -> None:
    page.goto(f"{live_server.url}/quality/observations/")
    expect(page.get_by_role("heading", name="Observation programme")).to_be_visible()
    page.get_by_role("link", name="Plan an observation").click()
    page.get_by_role("button", name="Plan the observation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the worker whose practice is observed")
    expect(summary).to_contain_text("Enter the planned date")
    snap(page, "observation-01-plan-errors.png")
    page.get_by_label("Worker observed").select_option(str(worker.pk))
    fill_date(page, "planned_on", timezone.localdate())
    page.get_by_label("Home visit").check()
    page.get_by_label("Child's ID (optional)").fill(child.local_id)
    snap(page, "observation-02-plan.png")
    page.get_by_role("button", name="Plan the observation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"The observation of {worker.name} is planned"
    )


def record(page: Page, child) -> None:
    expect(page.locator("#observation-case")).to_contain_text(child.full_name)
    fill_date(page, "observed_on", timezone.localdate())
    page.get_by_label("What was seen").fill("Home visit.")
    page.get_by_role("button", name="Record the observation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what was seen: at least a full sentence")
    expect(summary).to_contain_text("Enter the strengths")
    snap(page, "observation-03-record-errors.png")
    page.get_by_label("What was seen").fill(SEEN)
    page.get_by_label("Strengths").fill(STRENGTHS)
    page.get_by_label("Points for development").fill(DEVELOPMENT)
    page.get_by_label("Good", exact=True).check()
    snap(page, "observation-04-record.png")
    page.get_by_role("button", name="Record the observation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The observation is recorded"
    )
    expect(page.locator("#observation-record")).to_contain_text(STRENGTHS)
    snap(page, "observation-05-recorded.png")


def respond(page: Page, live_server, observer) -> None:
    expect(page.get_by_role("region", name="Practice observations")).to_contain_text(
        "1 observation of your practice waiting for your reflection"
    )
    page.goto(f"{live_server.url}/quality/tasks/")
    table = page.get_by_role("table", name="Observations of your practice to reflect on (1)")
    expect(table).to_contain_text(observer.name)
    table.get_by_role("link", name="Read and reflect").click()
    expect(page.get_by_role("heading", name="Observation of your practice")).to_be_visible()
    page.get_by_label("Your reflection").fill(REFLECTION)
    snap(page, "observation-06-reflect.png")
    page.get_by_role("button", name="Save your reflection").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your reflection is recorded"
    )
    page.get_by_role("link", name="Back to my observations").click()
    expect(page.get_by_role("table", name="Observations of your practice (1)")).to_contain_text(
        "Done"
    )
    snap(page, "observation-07-mine.png")


def test_an_observation_from_the_plan_to_the_workers_reflection(
    page: Page, live_server, transactional_db, council, sc_child
):
    page.set_viewport_size({"width": 1200, "height": 900})
    manager, social_worker = council["team_manager"], council["social_worker"]

    sign_in(page, live_server, manager)
    plan(page, live_server, social_worker, sc_child)
    record(page, sc_child)
    page.goto(f"{live_server.url}/quality/observations/")
    expect(page.locator("#count-done")).to_have_text("1")
    snap(page, "observation-08-programme.png")
    sign_out(page)

    sign_in(page, live_server, social_worker)
    respond(page, live_server, manager)

    observation = PracticeObservation.objects.get()
    assert observation.observer == manager and observation.observed == social_worker
    assert observation.grade == Grade.GOOD and observation.episode.child == sc_child
    assert observation.response == REFLECTION and observation.acknowledged_at is not None
