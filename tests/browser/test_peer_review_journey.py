"""A peer challenge from end to end in a real Chromium: the host's assistant director plans the
review (team, line of enquiry, a session) and draws a line's sample; the lead reviewer, on the
first day of the visit, audits a sampled case with the council's tool, records a finding on it
and issues the findings letter, which ends their access; the assistant director makes the
improvement plan from the letter. Screenshots at 1200 and 400 px go to screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.cases.models import EpisodeKind
from journey.core.models import RecordGrant
from journey.improvement.models import ImprovementPlan
from journey.peer_review.models import PeerAudit, PeerReview, ReviewCase
from tests.browser.screenshots import both_widths
from tests.browser.test_audit_journey import fill_date
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_step_up_journey import sign_out
from tests.factories import ensure_audit_tool, make_child, make_episode
from tests.peer_review.factories import make_reviewer

pytestmark = pytest.mark.browser

FINDING = "Early help plans do not say what the family wants to change"


def _no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 400, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.set_viewport_size({"width": 1200, "height": 900})


def _plan_the_review(page: Page, live_server, today: dt.date, lead) -> PeerReview:
    page.goto(f"{live_server.url}/peer-review/")
    page.get_by_role("button", name="Plan a review").click()
    page.get_by_label("Title").fill("Peer challenge of early help")
    page.get_by_label("What the review is asked to look at").fill(
        "Whether early help plans help families change, and how we know."
    )
    fill_date(page, "starts_on", today)
    fill_date(page, "ends_on", today + dt.timedelta(days=2))
    page.get_by_label("Days after the visit the letter is due").fill("20")
    page.get_by_role("button", name="Plan the review").click()
    expect(page.get_by_role("heading", name="Peer challenge of early help")).to_be_visible()
    review = PeerReview.objects.get()

    page.get_by_role("link", name="Add a reviewer to the team").click()
    page.get_by_label("Reviewer", exact=True).select_option(str(lead.pk))
    page.get_by_label("Role on the review team").select_option("lead")
    page.get_by_role("button", name="Add to the team").click()

    page.get_by_role("link", name="Add a line of enquiry").click()
    page.get_by_label("Line of enquiry").fill("The quality of early help plans")
    page.get_by_label("Theme").select_option("early_help")
    page.get_by_label("Questions the review will ask").fill("Do plans stop drift?")
    page.get_by_label("Evidence sought").fill("Early help case files")
    page.get_by_role("button", name="Add the line of enquiry").click()

    page.get_by_role("link", name="Add a session to the schedule").click()
    page.get_by_label("Kind of session").select_option("case_audit")
    page.get_by_label("Title").fill("Case file audits")
    fill_date(page, "on", today)
    page.get_by_label("Starts", exact=True).fill("09:30")
    page.get_by_label("Ends", exact=True).fill("12:00")
    page.get_by_label("Place").fill("Civic Centre, room 2")
    page.get_by_label("Who attends").fill("The review team and a team manager")
    page.get_by_label(f"{lead.name} (Lead reviewer)").check()
    page.get_by_label("1. The quality of early help plans").check()
    page.get_by_role("button", name="Add the session").click()
    expect(page.locator("body")).to_contain_text("Civic Centre, room 2")
    _no_sideways_scroll(page)
    both_widths(page, "peer-journey-01-overview")
    return review


def _draw_the_sample(page: Page, live_server, review: PeerReview) -> None:
    page.goto(f"{live_server.url}/peer-review/{review.pk}/samples/")
    page.get_by_role("link", name="Draw the sample").click()
    page.get_by_label("Early help (CAF/TAF) or Family Help work open").check()
    page.get_by_label("Number of cases").fill("2")
    page.get_by_label("Seed (optional)").fill("2027")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("link", name="Case 1.1", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Case 1.2", exact=True)).to_be_visible()
    both_widths(page, "peer-journey-02-samples")


def _audit_and_find(page: Page, live_server, review: PeerReview) -> None:
    page.goto(f"{live_server.url}/peer-review/{review.pk}/samples/")
    page.get_by_role("link", name="Audit Case 1.1").click()
    for radio in page.locator("input[type=radio][value='2']").all():
        radio.check()
    page.get_by_label("What worked well").fill("The plan follows from what the family said.")
    page.get_by_role("button", name="Record the audit").click()
    expect(page.locator("body")).to_contain_text("Good")
    both_widths(page, "peer-journey-03-audit")

    page.goto(f"{live_server.url}/peer-review/{review.pk}/findings/")
    page.get_by_role("button", name="Record a finding").click()
    page.get_by_label("Line of enquiry").select_option(label="1. The quality of early help plans")
    page.get_by_label("Area for development").check()
    page.get_by_label("The finding in one line").fill(FINDING)
    page.get_by_label("What the evidence showed").fill("The audited plan had no outcomes in it.")
    page.get_by_label("Recommendation").fill("Write each plan's outcomes in the family's words")
    page.get_by_label("Case 1.1").check()
    page.get_by_role("button", name="Record the finding").click()
    expect(page.locator("#line-1")).to_contain_text(FINDING)

    page.goto(f"{live_server.url}/peer-review/{review.pk}/findings/letter/")
    page.get_by_label("To", exact=True).fill("Director of Children's Services, Fairshire Council")
    page.get_by_label("Opening").fill("Thank you for hosting the review.")
    page.get_by_label("Closing").fill("We look forward to hearing how you take this forward.")
    page.get_by_role("button", name="Save and preview").click()
    expect(page.locator("body")).to_contain_text(FINDING)
    both_widths(page, "peer-journey-04-letter-preview")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("issued")


def test_a_review_is_planned_sampled_audited_found_issued_and_becomes_a_plan(
    page: Page, live_server, transactional_db, council
):
    ensure_audit_tool()
    page.set_viewport_size({"width": 1200, "height": 900})
    practitioner = council["practitioner"]
    for name in ("Amara", "Bilal", "Cerys"):
        child = make_child(practitioner, first_name=name, last_name="Whitlock")
        make_episode(child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=practitioner)
    lead = make_reviewer("Northdale Council", username="r.okafor", first_name="Ruth")
    ad = council["assistant_director"]
    today = timezone.localdate()

    sign_in(page, live_server, ad)
    review = _plan_the_review(page, live_server, today, lead)
    _draw_the_sample(page, live_server, review)
    sign_out(page)
    sampled = ReviewCase.objects.get(line__review=review, position=1)
    grant = RecordGrant.objects.get(user=lead.user, child=sampled.child)
    assert grant.expires_on == review.access_ends_on

    sign_in(page, live_server, lead)
    _audit_and_find(page, live_server, review)
    assert PeerAudit.objects.get(case=sampled).overall_grade == 2
    grant.refresh_from_db()
    assert grant.revoked_at is not None  # issuing the letter ended the team's access
    refused = page.goto(f"{live_server.url}/peer-review/{review.pk}/")
    assert refused is not None and refused.status == 403
    sign_out(page)

    sign_in(page, live_server, ad)
    page.goto(f"{live_server.url}/peer-review/{review.pk}/findings/letter/")
    expect(page.locator("body")).to_contain_text(FINDING)
    page.get_by_role("button", name="Make the improvement plan").click()
    page.get_by_label("Owner").select_option(label=f"{ad.name}, Assistant director")
    fill_date(page, "starts_on", today + dt.timedelta(days=30))
    fill_date(page, "ends_on", today + dt.timedelta(days=395))
    page.get_by_label("Action", exact=True).fill("Audit ten early help plans a month")
    page.get_by_label("Lead", exact=True).select_option(index=1)
    page.get_by_label("Responsible officer").select_option(index=1)
    page.get_by_label("What will show it worked").fill("Audited plans name the family's outcomes")
    fill_date(page, "area1-due_on", today + dt.timedelta(days=120))
    both_widths(page, "peer-journey-05-make-plan")
    page.get_by_role("button", name="Make the improvement plan").click()
    expect(page.get_by_text("Improvement plan made from the findings letter")).to_be_visible()
    plan = ImprovementPlan.objects.get()
    area = plan.areas.get()
    assert area.title == FINDING
    assert area.recommendation == "Write each plan's outcomes in the family's words"
    assert area.actions.get().action == "Audit ten early help plans a month"
    review.refresh_from_db()
    assert review.plan == plan
