"""The CIN census in a real Chromium: a quality assurance officer checks the records, narrows the
problems to errors, and follows a child's problem to the record that fixes it; an administrator
checks an old system's file on the import page and reads its problems.
Screenshots at 1200 px and 400 px go to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from journey.cases.models import Episode
from journey.people.models import Person
from journey.reporting.models import CensusCheck, CensusImport
from tests.browser.test_contact_journey import sign_in
from tests.browser.test_corrections_journey import both_widths
from tests.reporting.census.test_import import census_file, child_xml

pytestmark = pytest.mark.browser


def test_a_qa_officer_checks_the_census_and_opens_the_record_to_fix(
    page: Page, live_server, transactional_db, council, sc_child
):
    episode = sc_child.episodes.get()
    Episode.objects.filter(pk=episode.pk).update(referral_source="")
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["qa_officer"])
    page.goto(f"{live_server.url}/returns/census/")
    expect(page.locator("#not-checked")).to_be_visible()
    page.get_by_role("button", name="Check the records").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("records are checked")
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


def test_an_administrator_checks_an_old_systems_file_and_reads_its_problems(
    page: Page, live_server, transactional_db, council, tmp_path
):
    bad = tmp_path / "old-system.xml"
    bad.write_bytes(
        census_file(
            child_xml("OLD0001", "2025-05-01"), child_xml("OLD0002", "2025-07-01", source="ZZ")
        ).getvalue()
    )
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["administrator"])
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
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing was imported")
    expect(page.locator("#problems")).to_contain_text("OLD0002")
    both_widths(page, "census-02-import-problems")
    assert not Person.objects.filter(local_id__startswith="OLD").exists()
    assert CensusImport.objects.get().problems
