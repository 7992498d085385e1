"""A case file audit in a real Chromium, from the sample to the worker's acknowledgement.

The QA officer plans a round and draws its sample, allocates the case (to themselves) and
completes the audit with an action for the worker; the social worker finds it in their audit
tasks, acknowledges it and records what they did. Screenshots go to screenshots/ (gitignored).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.quality.models import AuditAction, CaseAudit, Grade
from journey.quality.services import current_tool
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_step_up_journey import sign_out

pytestmark = pytest.mark.browser

FINDINGS = (
    "The plan has no dates or owners, and the child's views were not recorded at the last "
    "two visits."
)


def fill_date(page: Page, field: str, day: dt.date) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def plan_and_draw(page: Page, live_server, council) -> None:
    today = timezone.localdate()
    page.goto(f"{live_server.url}/quality/")
    expect(page.get_by_role("heading", name="Audit rounds")).to_be_visible()
    page.get_by_role("link", name="Plan a new round").click()
    page.get_by_label("Name of the round").fill("November case file audit")
    fill_date(page, "period_start", today - dt.timedelta(days=30))
    fill_date(page, "period_end", today)
    page.get_by_label(str(council.sc_team)).check()
    page.get_by_label("Children's social care").check()
    page.get_by_label("Sample size").fill("1")
    page.get_by_label("At random").check()
    snap(page, "audit-01-plan-round.png")
    page.get_by_role("button", name="Plan the round").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "November case file audit is planned"
    )
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 case drawn")


def allocate(page: Page, child, auditor) -> None:
    page.get_by_role("link", name=f"Allocate {child.full_name}").click()
    page.get_by_label("Auditor").select_option(str(auditor.pk))
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"allocated to {auditor.name}"
    )
    snap(page, "audit-02-round-sample.png")


def complete_audit(page: Page, child) -> None:
    page.get_by_role("link", name="My audit tasks").click()
    page.get_by_role("table", name="Cases for you to audit (1)").get_by_role(
        "link", name=child.full_name
    ).click()
    expect(page.get_by_role("heading", name=f"Audit {child.full_name}'s case")).to_be_visible()
    page.get_by_label("Requires improvement", exact=True).check()
    page.get_by_role("button", name="Complete the audit").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the findings: an audit graded requires improvement")
    expect(summary).to_contain_text("Select a grade for question 1")
    snap(page, "audit-03-errors.png")

    questions = sum(len(d.questions.all()) for d in current_tool().domains.all())
    for number in range(1, questions + 1):
        grade = "Requires improvement" if number == 5 else "Good"
        page.get_by_label(f"{grade} for question {number}", exact=True).check()
    page.get_by_label("Comment on question 5 (optional)").fill(
        "No direct words from the child since the assessment."
    )
    page.get_by_label("Findings").fill(FINDINGS)
    page.get_by_label("What worked well").fill("Visits are regular and the family trusts Sam.")
    page.get_by_label("Action 1", exact=True).fill(
        "Rewrite the plan with dates and owners, and see the child alone at the next visit."
    )
    fill_date(page, "action_1_due_on", timezone.localdate() + dt.timedelta(days=14))
    snap(page, "audit-04-tool.png")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"The audit of {child.full_name}'s case is complete"
    )
    expect(page.get_by_role("heading", name="Case file audit")).to_be_visible()
    snap(page, "audit-05-audit.png")


def acknowledge(page: Page, child) -> None:
    page.goto(page.url.split("/quality/")[0] + "/quality/tasks/")
    table = page.get_by_role("table", name="Audits of your cases to acknowledge (1)")
    table.get_by_role("link", name=f"Read and acknowledge the audit of {child.full_name}").click()
    snap(page, "audit-06-acknowledge.png")
    page.get_by_label("Your response (optional)").fill("Thank you: I will rewrite the plan.")
    page.get_by_role("button", name="I have read the audit and accept its actions").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have acknowledged the audit"
    )
    page.get_by_role("link", name=f"Record what you did for {child.full_name}").click()
    page.get_by_label("What you did").fill(
        "I rewrote the plan with the family at a home visit: every action now has an owner "
        "and a date, and I saw the child alone."
    )
    fill_date(page, "done_on", timezone.localdate())
    page.get_by_role("button", name="Save: the action is done").click()
    expect(page.get_by_role("table", name="Actions you recently completed (1)")).to_be_visible()
    snap(page, "audit-07-tasks-done.png")


def test_an_audit_from_the_sample_to_the_workers_acknowledgement(
    page: Page, live_server, transactional_db, council, sc_child, audit_tool
):
    page.set_viewport_size({"width": 1200, "height": 900})
    qa, social_worker = council["qa_officer"], council["social_worker"]

    sign_in(page, live_server, qa)
    plan_and_draw(page, live_server, council)
    allocate(page, sc_child, qa)
    complete_audit(page, sc_child)
    sign_out(page)

    sign_in(page, live_server, social_worker)
    acknowledge(page, sc_child)

    audit = CaseAudit.objects.get()
    assert audit.worker == social_worker and audit.overall_grade == Grade.REQUIRES_IMPROVEMENT
    assert audit.acknowledged_at is not None
    assert audit.actions.get().status == AuditAction.Status.DONE

    page.goto(f"{live_server.url}/children/{sc_child.pk}/chronology/")
    expect(page.locator(".moj-timeline")).to_contain_text(
        "Case file audit (November case file audit): Requires improvement"
    )
    snap(page, "audit-08-chronology.png")
    page.goto(f"{live_server.url}/quality/audits/{audit.pk}/")
    expect(page.locator("#action-" + str(audit.actions.get().pk))).to_contain_text("Done")
    sign_out(page)

    sign_in(page, live_server, qa)
    page.goto(f"{live_server.url}/quality/baseline/")
    expect(page.locator("#overall-share")).to_have_text("0%")
    expect(
        page.get_by_role("img", name="Share of audits graded good or better, by month")
    ).to_be_visible()
    snap(page, "audit-09-baseline.png")
