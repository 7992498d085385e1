"""The CIN census in a real Chromium: a performance officer checks the records (the check runs
in the background: its progress page, then the census page), narrows the problems to errors,
and follows a child's problem to the record that fixes it; then checks an old system's file on
the import page, watches its progress page move with no script, and reads its problems.
Screenshots at 1200 px and 400 px go to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from journey.cases.models import Episode
from journey.people.models import Person
from journey.reporting.models import CensusCheck, CensusImport
from tests.background.worker import (  # noqa: F401 (private_media: autouse)
    private_media,
    run_worker,
    start_worker_process,
)
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.reporting.census.test_import import census_file, child_xml

pytestmark = pytest.mark.browser
#: Enough children for the check to take a few seconds, so its progress can be seen.
MANY = 1200


def test_a_performance_officer_checks_the_census_and_opens_the_record_to_fix(
    page: Page, live_server, transactional_db, council, sc_child
):
    episode = sc_child.episodes.get()
    Episode.objects.filter(pk=episode.pk).update(referral_source="")
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["performance_officer"])
    page.goto(f"{live_server.url}/returns/census/")
    expect(page.locator("#not-checked")).to_be_visible()
    page.get_by_role("button", name="Check the records").click()
    expect(page.get_by_role("heading", name="Check the CIN census records")).to_be_visible()
    expect(page.locator("#job-progress")).to_contain_text("Waiting to start")
    run_worker()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "records are checked", timeout=10_000
    )  # the progress page refreshed itself and came back here
    assert CensusCheck.objects.count() == 1

    counts = page.locator("#rule-counts")
    expect(counts.locator('tr[data-rule="8866"]')).to_contain_text("Source of Referral")
    page.get_by_role("link", name="Errors only").click()
    expect(page.locator('#breaches tr[data-rule="8866"]')).to_be_visible()
    expect(page.locator("#breaches .govuk-tag--yellow")).to_have_count(0)  # no queries
    both_widths(page, "census-01-errors")

    row = page.locator('#breaches tr[data-rule="8866"]')
    row.get_by_role("link", name="Social care record").click()
    expect(page).to_have_url(f"{live_server.url}/episodes/{episode.pk}/social-care/")


def test_an_old_systems_file_is_checked_in_the_background_and_its_problems_read(
    page: Page, live_server, transactional_db, council, tmp_path
):
    bad = tmp_path / "old-system.xml"
    children = [child_xml(f"OLD{n:04}", "2025-05-01") for n in range(MANY)]
    bad.write_bytes(census_file(*children, child_xml("BAD0001", "2025-07-01", source="ZZ")).read())
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["performance_officer"])
    page.goto(f"{live_server.url}/returns/census/import/")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the CIN census XML file to import")
    summary.get_by_role("link", name="Choose the CIN census XML file to import").click()
    expect(page.get_by_label("CIN census return (XML)")).to_be_focused()

    page.get_by_label("CIN census return (XML)").set_input_files(str(bad))
    page.get_by_label("Team that takes the children's social care work").select_option(
        label=council.sc_team.name
    )
    page.get_by_label("Import the children, if the whole file is right").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Import old-system.xml")).to_be_visible()
    expect(page.locator("#job-progress")).to_contain_text("Waiting to start")
    both_widths(page, "census-02-import-waiting")

    worker = start_worker_process()  # a worker of its own, as in production
    try:
        # The page refreshes itself (no script) while the worker runs: it shows the count
        # going up, or, when the worker finished between two refreshes, the run's page already.
        running = re.compile(f"[1-9][0-9]* of {MANY} children|Nothing was imported")
        expect(page.locator("#job-progress, .govuk-error-summary").first).to_contain_text(
            running, timeout=120_000
        )
        if page.locator("#job-progress").count():
            both_widths(page, "census-03-import-running")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Nothing was imported", timeout=120_000
        )  # and, once done, became the run's page
    finally:
        assert worker.wait(timeout=120) == 0
    expect(page.locator("#problems")).to_contain_text("BAD0001")
    both_widths(page, "census-04-import-problems")
    assert not Person.objects.filter(local_id__startswith="OLD").exists()
    assert CensusImport.objects.get().problems
