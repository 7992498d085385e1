"""A practitioner's day in a real Chromium: a visit to two brothers and sisters recorded once
and found on both chronologies; a manager clears a decision from their queue."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.cases.models import ThresholdDecision
from journey.casework.models import Visit
from journey.people.services import form_household
from tests.browser.screenshots import both_widths, snap
from tests.browser.test_contact_journey import sign_in
from tests.factories import make_child, make_contact, make_episode

pytestmark = pytest.mark.browser


@pytest.fixture
def siblings(transactional_db, council, sc_child):
    leo = make_child(council["team_manager"], first_name="Leo", last_name="Ashworth")
    make_episode(leo, council["team_manager"], allocate_to=council["social_worker"])
    form_household(name="Ashworth household", members=[sc_child, leo])
    return sc_child, leo


def test_a_visit_to_two_children_is_recorded_once_and_is_on_both_chronologies(
    page: Page, live_server, council, siblings
):
    ruby, leo = siblings
    sign_in(page, live_server, council["social_worker"])
    page.get_by_role("link", name=ruby.full_name, exact=True).click()  # from My work
    expect(page.get_by_role("heading", name=ruby.full_name, level=1)).to_be_visible()
    page.get_by_role("link", name="Record a visit or case note").click()  # page load 1
    expect(page.get_by_role("heading", name="Record a visit or case note")).to_be_visible()
    expect(page.get_by_label("Day")).to_have_value(str(timezone.localdate().day))
    both_widths(page, "visit-form")

    page.get_by_label("Home visit").check()
    page.get_by_label("Who was present").fill("Mum (Anna Ashworth)")
    page.get_by_role("group", name="Was Ruby seen?").get_by_label("Seen alone", exact=True).check()
    page.get_by_label("What Ruby said, in their own words").fill("I like my new teacher")
    page.get_by_role("group", name="How were Ruby's views obtained?").get_by_label(
        "Talking with the child"
    ).check()
    expect(page.get_by_label("What Leo said, in their own words")).to_be_hidden()
    page.get_by_label(f"This was also about {leo.full_name}").check()
    page.get_by_role("group", name="Was Leo seen?").get_by_label("Not seen", exact=True).check()
    reason = page.get_by_label("Why was Leo not seen?")
    expect(reason).to_be_visible()
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Say why Leo was not seen")).to_be_visible()
    assert not Visit.objects.exists(), "nothing half-saved"

    page.get_by_label("Why was Leo not seen?").fill("At football practice; seeing him Friday")
    page.get_by_label("What happened and what you observed").fill(
        "The flat was warm and tidy; Ruby showed me her reading book."
    )
    page.get_by_role("button", name="Save and finish").click()  # page load 2
    expect(page.get_by_text("Home visit recorded on Ruby and Leo's chronologies")).to_be_visible()
    expect(
        page.get_by_role("link", name="Home visit: child seen alone", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Ruby said: I like my new teacher")).to_be_visible()
    snap(page, "visit-on-ruby.png")

    page.goto(f"{live_server.url}/children/{leo.pk}/chronology/")
    expect(page.get_by_role("link", name="Home visit: child not seen", exact=True)).to_be_visible()
    expect(page.get_by_text("Not seen: At football practice")).to_be_visible()
    expect(page.get_by_text("I like my new teacher")).to_have_count(0)


def test_a_manager_clears_a_decision_from_the_queue(page: Page, live_server, council, sc_child):
    make_contact(sc_child, council["social_worker"], level=4, next_step="social_care")
    decision = ThresholdDecision.objects.get(child=sc_child)
    sign_in(page, live_server, council["team_manager"])
    expect(page.get_by_role("heading", name="Waiting for you (")).to_be_visible()
    page.get_by_role("link", name="Everything waiting for you, oldest first").click()
    row = page.locator('tr[data-waiting="Threshold decision"]')
    expect(row).to_contain_text(sc_child.full_name)
    both_widths(page, "manager-queue")
    row.get_by_role("link", name="Agree or change").click()
    page.get_by_label("Yes, I agree").check()
    page.get_by_label("Your rationale").fill(
        "I agree: the bruising and the history make a strategy discussion proportionate now."
    )
    page.get_by_role("button", name="Save your view").click()
    decision.refresh_from_db()
    assert decision.manager_agreed is True
    page.goto(f"{live_server.url}/my-work/queue/")
    expect(page.locator('tr[data-waiting="Threshold decision"]')).to_have_count(0)
    assert timezone.localtime(decision.manager_decided_at).date() == timezone.localdate()
