"""Outcome measures where the work happens, in a real Chromium (issue 19): a practitioner records
the family's measure at their TAF meeting from the plan and comes back to it; records the
closing measure from the closure page and comes back to it; the CAF tracker's outcome column
shows where every piece of work stands. A mother scores the family wheel from a secure link on
a 375 px phone, with no serious axe violations, and the worker sees her scores. Screenshots at
1200 px and 400 px (the phone's at 375 px) go to screenshots/ under `make screenshots`."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from journey.cases.models import EpisodeKind
from journey.outcomes import services as outcomes
from journey.outcomes.models import Measurement
from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.voice.links.services import LinkRequest, ScoreRequest, send_views_link
from tests.browser.screenshots import both_widths, snap
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_views_link_journey import PHONE, fits_the_phone, no_serious_violations
from tests.factories import make_child, make_episode
from tests.people.test_genogram import relative
from tests.tracker.conftest import caf_episode, days_ago, measure, taf

pytestmark = pytest.mark.browser


@pytest.fixture
def wheel(transactional_db):
    return outcomes.ensure_wheel()  # the browser tests' database starts empty


def score_every_scale(page: Page, wheel, value: int) -> None:
    for scale in wheel.scales.all():
        page.get_by_label(f"{scale.name}: score from 0 to 10").fill(str(value))


def test_a_practitioner_measures_at_the_taf_and_at_closure_and_the_tracker_shows_it(
    page: Page, live_server, council, wheel
):
    worker = council["practitioner"]
    oscar = caf_episode(
        council, started_days_ago=100, measured_days_ago=None, first_name="Oscar", last_name="Penn"
    )
    taf(oscar, worker, held_days_ago=3)
    # The rest of the caseload, one for each state of its measures.
    caf_episode(
        council, started_days_ago=20, measured_days_ago=None, first_name="Ned", last_name="New"
    )
    caf_episode(
        council, started_days_ago=60, measured_days_ago=10, first_name="Sam", last_name="Start"
    )
    rita = caf_episode(
        council, started_days_ago=200, measured_days_ago=150, first_name="Rita", last_name="Review"
    )
    measure(rita, worker, "review", days_ago(30))
    caf_episode(
        council, started_days_ago=200, measured_days_ago=120, first_name="Otto", last_name="Overdue"
    )
    cleo = caf_episode(
        council, started_days_ago=300, measured_days_ago=200, first_name="Cleo", last_name="Closing"
    )
    measure(cleo, worker, "closure", days_ago(5))

    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/tracker/?sort=outcome")
    expect(page.get_by_role("heading", name="6 open CAF cases")).to_be_visible()
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Otto Overdue")
    expect(first).to_contain_text("Review measure overdue")
    expect(first).to_contain_text("Measure overdue")  # the drift flag's tag
    both_widths(page, "outcomes-tracker-column")

    # The TAF meeting page offers to go on to the measure once the meeting is saved.
    page.goto(f"{live_server.url}/episodes/{oscar.pk}/taf/new/")
    expect(page.get_by_label("Record the family's outcome measure at this meeting")).to_be_visible()
    both_widths(page, "outcomes-taf-meeting")

    # The meeting already held: its measure, from the plan, and back to the plan.
    page.goto(f"{live_server.url}/episodes/{oscar.pk}/plan/")
    page.get_by_role("link", name="Record the family's outcome measure at this meeting").click()
    expect(
        page.get_by_role(
            "heading", name="Record the family's Journey family wheel measure at this meeting"
        )
    ).to_be_visible()
    expect(page.get_by_text(f"At the TAF meeting held on {days_ago(3):%-d %B %Y}")).to_be_visible()
    expect(page.get_by_label("At the start")).to_be_checked()  # no start measure yet
    page.get_by_label("The family and worker together").check()
    score_every_scale(page, wheel, 4)
    page.get_by_label("Home and family life: in the family's own words").fill(
        "Mornings are a battle"
    )
    both_widths(page, "outcomes-measure-at-taf")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_text("Journey family wheel measure recorded")).to_be_visible()
    assert page.url.endswith(f"/episodes/{oscar.pk}/plan/#taf-meetings")
    expect(
        page.get_by_text("The family's outcome measure was recorded at this meeting")
    ).to_be_visible()

    # Closure: the closing measure from the closure page, and back to it.
    page.goto(f"{live_server.url}/episodes/{oscar.pk}/close-early-help/")
    expect(page.get_by_text("No closing measure yet")).to_be_visible()
    both_widths(page, "outcomes-closure-page")
    page.get_by_role("link", name="Record the closing outcome measure").click()
    expect(
        page.get_by_role("heading", name="Record the closing Journey family wheel measure")
    ).to_be_visible()
    page.get_by_label("Day").fill(str(dt.date.today().day))
    page.get_by_label("Month").fill(str(dt.date.today().month))
    page.get_by_label("Year").fill(str(dt.date.today().year))
    page.get_by_label("The family and worker together").check()
    score_every_scale(page, wheel, 7)
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("heading", name="Close this early help")).to_be_visible()
    expect(
        page.get_by_text("The closing Journey family wheel measure was recorded on")
    ).to_be_visible()
    both_widths(page, "outcomes-closure-page-measured")
    assert Measurement.objects.filter(episode=oscar).count() == 2

    page.goto(f"{live_server.url}/tracker/?sort=outcome")
    row = page.locator(f"#episode-{oscar.pk}")
    expect(row).to_contain_text("Closing measure recorded")


def test_a_mother_scores_the_wheel_from_her_phone(
    browser: Browser, page: Page, live_server, council, wheel
):
    worker = council["practitioner"]
    child = make_child(worker, first_name="Oscar", last_name="Pennington")
    episode = make_episode(
        child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=days_ago(120), allocate_to=worker
    )
    measure(episode, worker, "start", days_ago(100), value=3)
    sam = relative(
        child, worker.user, "Sam", "F", "parent", born=dt.date(1989, 5, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    sam = record_contact_details(sam, ContactDetails(mobile="07700 900123"), by=worker.user)
    sent = send_views_link(
        child,
        LinkRequest(sam, "parent", "review", "text", score=ScoreRequest(episode, wheel)),
        by=worker.user,
        base_url=live_server.url,
    )

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    family = phone.new_page()
    family.goto(f"{live_server.url}/voice/l/{sent.token}/")
    family.get_by_label("Enter your code").fill(sent.code)
    family.get_by_role("button", name="Continue").click()
    expect(family.get_by_role("heading", name="How are things now?")).to_be_visible()
    no_serious_violations(family)
    family.get_by_role("button", name="Send my answers").click()
    expect(family.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(family.get_by_role("link", name="Pick a number from 0 to 10 for Health")).to_be_visible()
    no_serious_violations(family)
    fits_the_phone(family)
    snap(family, "outcomes-link-scales-errors-375.png")
    family.get_by_label("What is working well for your family?").fill("School mornings")
    family.get_by_label("What worries you?").fill("The rent arrears letter")
    family.get_by_label("What do you want from the meeting?").fill("Help with the rent")
    for scale in wheel.scales.all():
        family.get_by_role("group", name=scale.name).get_by_label("6", exact=True).check()
    family.get_by_label("Home and family life: in your own words (optional)").fill(
        "Mornings are calmer"
    )
    no_serious_violations(family)
    fits_the_phone(family)
    snap(family, "outcomes-link-scales-375.png")
    family.get_by_role("button", name="Send my answers").click()
    expect(family.get_by_role("heading", name="Thank you")).to_be_visible()
    phone.close()

    made = Measurement.objects.get(episode=episode, source="link")
    assert (made.point, made.scored_by) == ("review", "parent")
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/children/{child.pk}/outcomes/")
    expect(page.locator("[data-scores]")).to_contain_text("Mornings are calmer")
    expect(page.locator("[data-scores]")).to_contain_text("+3")
    both_widths(page, "outcomes-child-after-link")
