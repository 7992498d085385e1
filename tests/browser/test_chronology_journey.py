"""In Chromium: search for a child, open their chronology, filter it, and download the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from journey.casework.models import CaseNote
from journey.casework.services import record_case_note
from journey.core.models import AccessEvent
from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def social_worker(transactional_db, council):
    return council["social_worker"]


def test_a_worker_filters_a_childs_chronology_and_downloads_it(
    page: Page, live_server, social_worker, sc_child
):
    from django.utils import timezone

    episode = sc_child.episodes.get()
    for n in range(3):
        record_case_note(
            episode=episode,
            kind=CaseNote.Kind.VISIT,
            text=f"Home visit {n}: Ruby showed me her room.",
            occurred_at=timezone.now() - timezone.timedelta(days=n + 1),
            recorded_by=social_worker.user,
            child_seen=True,
            child_seen_alone=n == 0,
        )
    sign_in(page, live_server, social_worker)
    page.get_by_placeholder("Find a child").fill("Ashwor")
    page.get_by_placeholder("Find a child").press("Enter")
    page.get_by_role("link", name="Ruby Ashworth", exact=True).click()
    page.get_by_role("link", name="Chronology").click()
    expect(page.locator("#chronology-count")).to_contain_text("entries, newest first")

    page.get_by_label("Visit", exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#chronology-count")).to_contain_text("3 entries match the filters (Visit)")
    assert "kind=visit" in page.url  # the filtered view has a URL that can be shared
    expect(page.get_by_role("link", name="Visit: child seen alone", exact=True)).to_be_visible()
    expect(page.get_by_text("Children's social care opened")).to_have_count(0)
    snap(page, "10-chronology-filtered.png")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename.startswith(f"chronology-{sc_child.local_id}")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(Path(pdf.path()).read_bytes())).pages
    )
    assert "Chronology: Ruby Ashworth" in text and "Filtered: Visit" in text
    assert "Home visit 0: Ruby showed me her room." in text
    assert AccessEvent.objects.filter(child=sc_child, action=AccessEvent.Action.PRINT).exists()

    page.get_by_role("link", name="Visit: child seen alone", exact=True).click()
    expect(
        page.get_by_role(
            "heading", name="Visit or case note: Planned visit under the plan on", exact=False
        )
    ).to_be_visible()
    snap(page, "11-chronology-source-record.png")
