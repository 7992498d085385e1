"""Outcomes in a real Chromium (issue 19): an early help practitioner records a family's start
measure and their closing measure with the Journey family wheel from the child's Outcomes tab,
sees the family's chart and the change on every scale, and an assistant director sees the
cohort's figures move: one more child measured, one more improved. Screenshots at 1200 px and
400 px go to screenshots/ (gitignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from journey.cases.models import EpisodeKind
from journey.outcomes import services
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.factories import make_child, make_episode
from tests.outcomes.test_pages import measured_family

pytestmark = pytest.mark.browser


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def open_work_total(page: Page, live_server) -> str:
    page.goto(f"{live_server.url}/outcomes/?open_work=on")
    return page.locator("tr[data-total]").inner_text()


def record(page: Page, point: str, on: dt.date, score: int, words: str) -> None:
    page.get_by_role("link", name="Record a measure").click()
    page.get_by_label(point).check()
    page.locator("#id_measured_on_0").fill(str(on.day))
    page.locator("#id_measured_on_1").fill(str(on.month))
    page.locator("#id_measured_on_2").fill(str(on.year))
    page.get_by_label("The family and worker together").check()
    for field in page.locator("input[id^='id_score_']").all():
        field.fill(str(score))
    page.get_by_label("Home and family life: in the family's own words").fill(words)


def test_a_practitioner_measures_a_family_and_the_cohort_figures_move(
    page: Page, browser, live_server, transactional_db, council
):
    services.ensure_wheel()  # the migration's tool is flushed between transactional tests
    for start, end in [(3, 6), (4, 7), (5, 5), (6, 3), (2, 8)]:
        measured_family(council, start, end, close=False)
    worker = council["practitioner"]
    child = make_child(worker, first_name="Mia", last_name="Harper")
    make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=ago(120))
    director = council["assistant_director"]

    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, director)
    before = open_work_total(page, live_server)
    assert before.split() == ["All", "6", "5", "(83%)", "3", "(60%)", "1", "(20%)", "1", "(20%)"]
    page.context.clear_cookies()

    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/children/{child.pk}/outcomes/")
    expect(page.get_by_text("No outcome measure has been recorded for Mia.")).to_be_visible()
    record(page, "At the start", ago(110), 3, "We shout a lot")
    both_widths(page, "outcomes-record-start")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("heading", name="Outcomes and distance travelled")).to_be_visible()

    record(page, "At closure", ago(2), 11, "Calmer now")
    page.get_by_role("button", name="Save the measure").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Each score is a whole number from 0 to 10")
    for field in page.locator("input[id^='id_score_']").all():
        field.fill("7")
    page.get_by_role("button", name="Save the measure").click()
    scores = page.locator("table[data-scores]")
    expect(scores).to_contain_text("Calmer now")
    expect(scores.locator("tr", has_text="Home and family life")).to_contain_text("+4")
    expect(page.locator("svg.journey-chart")).to_be_visible()
    both_widths(page, "outcomes-child-tab")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    expect(page.locator("#outcomes")).to_be_visible()
    expect(page.locator("svg.journey-chart")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, live_server, director)
    after = open_work_total(page, live_server)
    assert after.split() == ["All", "6", "6", "(100%)", "4", "(67%)", "1", "(17%)", "1", "(17%)"]
    both_widths(page, "outcomes-cohorts")
