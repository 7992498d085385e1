"""Reviewer access in a real Chromium: a head of service grants a visit of three cases drawn at
random; the reviewer signs in, sees only those children and opens one; the head sees the report
listing the view; and a head extends a visit that overran. Screenshots at 1200 px (and the
extension at 400 px) go to screenshots/ (gitignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.access.reviewers import services as reviewers
from journey.cases.models import EpisodeKind
from journey.core.models import ReviewerCase
from tests.browser.screenshots import snap
from tests.browser.test_audit_journey import fill_date
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_step_up_journey import sign_out
from tests.factories import make_child, make_episode

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.access.reviewers.test_visits")]


def test_a_head_grants_a_drawn_visit_and_sees_what_the_reviewer_viewed(
    page: Page, live_server, transactional_db, council
):
    page.set_viewport_size({"width": 1200, "height": 900})
    children = []
    for name in ["Amara", "Bilal", "Cerys", "Dylan", "Esme"]:
        child = make_child(council["team_manager"], first_name=name, last_name="Whitlock")
        make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
        children.append(child)
    head, reviewer = council["head_of_service"], council["reviewer"]
    today = timezone.localdate()

    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/reviewers/")
    page.get_by_role("link", name="Grant reviewer access").click()
    page.get_by_label("Reviewer").select_option(str(reviewer.pk))
    page.get_by_label("Purpose of the visit").fill("Peer review: children in need")
    fill_date(page, "starts_on", today)
    fill_date(page, "ends_on", today + dt.timedelta(days=4))
    page.get_by_label(council.sc_team.name).check()
    page.get_by_label("Children's social care").check()
    fill_date(page, "period_start", today - dt.timedelta(days=365))
    snap(page, "reviewer-01-grant.png")
    page.get_by_role("button", name="Continue to the cases").click()
    expect(page.get_by_text("5 children in the scope")).to_be_visible()
    page.get_by_label("Number of cases").fill("3")
    page.get_by_label("Seed (optional)").fill("2026")
    page.get_by_role("button", name="Draw the cases").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "3 cases drawn with seed 2026"
    )
    snap(page, "reviewer-02-visit.png")
    sign_out(page)

    drawn = [c.child for c in ReviewerCase.objects.select_related("child").order_by("position")]
    others = [c for c in children if c.pk not in {d.pk for d in drawn}]
    sign_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/reviewers/mine/")
    table = page.get_by_role("table", name="Cases (3)")
    for child in drawn:
        expect(table.get_by_role("link", name=child.full_name)).to_be_visible()
    for child in others:
        expect(page.get_by_text(child.full_name)).to_have_count(0)
    snap(page, "reviewer-03-my-reviews.png")
    table.get_by_role("link", name=drawn[0].full_name).click()
    expect(page.get_by_role("heading", name=drawn[0].full_name, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Record a contact")).to_have_count(0)
    snap(page, "reviewer-04-child.png")
    page.goto(f"{live_server.url}/children/{others[0].pk}/")
    expect(page.get_by_text("You are not allocated to this child's work")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/reviewers/")
    page.get_by_role("link", name=reviewer.name).click()
    expect(page.get_by_text("1 of 3 cases opened, 1 page viewed, 1 refused")).to_be_visible()
    report = page.locator("#report")
    expect(report.get_by_role("row").filter(has_text=drawn[0].full_name)).to_contain_text("Summary")
    expect(page.locator("#refusals")).to_contain_text("A child outside the sample")
    snap(page, "reviewer-05-report.png")


@pytest.mark.parametrize("width", [1200, 400])
def test_a_head_extends_a_visit_that_overran(
    page: Page, live_server, transactional_db, council, width
):
    """The extension form on the visit page: a bad date and no reason are refused with the error
    summary; then the new last day is saved, listed, and the reviewer's page shows it."""
    page.set_viewport_size({"width": width, "height": 900})
    child = make_child(council["team_manager"], first_name="Farah", last_name="Whitlock")
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    head, reviewer = council["head_of_service"], council["reviewer"]
    today = timezone.localdate()
    visit = reviewers.plan_visit(
        reviewers.VisitInput(
            reviewer=reviewer,
            purpose="Ofsted focused visit: children in need",
            starts_on=today,
            ends_on=today + dt.timedelta(days=2),
            teams=[council.sc_team],
            kinds=[EpisodeKind.SOCIAL_CARE],
            period_start=today - dt.timedelta(days=365),
            period_end=today,
        ),
        by=head,
    )
    reviewers.choose_sample(visit, children=[child], by=head)
    new_end = today + dt.timedelta(days=4)

    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/reviewers/{visit.pk}/")
    page.get_by_text("Extend the visit", exact=True).first.click()
    fill_date(page, "ends_on", today + dt.timedelta(days=1))
    snap(page, f"reviewer-06-extend-form-{width}.png")
    page.get_by_role("button", name="Extend the visit").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The new last day must be after the current last day")
    expect(summary).to_contain_text("Enter why the visit is being extended")
    snap(page, f"reviewer-07-extend-errors-{width}.png")
    summary.get_by_role("link", name="Enter why the visit is being extended").click()
    expect(page.get_by_label("Why the visit is being extended")).to_be_focused()

    fill_date(page, "ends_on", new_end)
    page.get_by_label("Why the visit is being extended").fill("The inspection overran")
    page.get_by_role("button", name="Extend the visit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"until the end of {new_end:%-d %B %Y}"
    )
    extensions = page.get_by_role("table", name="Extensions (1)")
    expect(extensions).to_contain_text(
        f"From {today + dt.timedelta(days=2):%-d %B %Y} to {new_end:%-d %B %Y}"
    )
    expect(extensions).to_contain_text("The inspection overran")
    snap(page, f"reviewer-08-extended-{width}.png")
    sign_out(page)

    sign_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/reviewers/mine/")
    expect(page.get_by_text(f"{new_end:%-d %B %Y}")).to_be_visible()
