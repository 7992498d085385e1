"""The printed chronology: every entry as it stands (struck through when recorded in error, marked
when significant, the recorder's words exactly), every page numbered of the whole, and text the
bundled fonts cannot draw printed by the system's fonts instead of lost."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.casework.models import CaseNote
from journey.casework.services import record_case_note
from journey.chronology.models import ChronologyEntry
from journey.chronology.services import mark_in_error, mark_significant

pytestmark = pytest.mark.django_db


def note(council, child, text: str, days_ago: int = 1) -> ChronologyEntry:
    record_case_note(
        episode=child.episodes.get(),
        kind=CaseNote.Kind.VISIT,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        text=text,
        recorded_by=council["social_worker"].user,
        child_seen=True,
    )
    return ChronologyEntry.objects.filter(child=child, kind="visit").latest("pk")


def printed(client, child, **filters) -> PdfReader:
    response = client.get(reverse("chronology_pdf", args=[child.pk]), filters)
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def test_each_entry_is_printed_as_it_stands(council, sc_child, signed_in):
    tm = council["team_manager"].user
    kept = note(council, sc_child, "Ruby said <b>Mum shouts</b> & hides.\nSeen in her room.")
    mark_significant(kept, significant=True, reason="First time Ruby has spoken about home", by=tm)
    wrong = note(council, sc_child, "Visited Ruby's cousin by mistake.", days_ago=2)
    mark_in_error(wrong, reason="Written on the wrong child's record", by=tm)

    pdf = printed(signed_in(council["social_worker"]), sc_child, kind="visit")
    text = text_of(pdf)
    assert "Ruby said <b>Mum shouts</b> & hides.\nSeen in her room." in text  # as written
    assert "Significant because: First time Ruby has spoken about home" in text
    assert "Recorded in error: Written on the wrong child's record" in text
    assert "Visited Ruby's cousin by mistake." in text  # struck through, never left out
    assert "Filtered: Visit" in text and "2 entries, newest first" in text
    assert pdf.metadata.title == "Chronology: Ruby Ashworth"
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of 1" in text


def test_every_page_is_numbered_of_the_whole(council, sc_child, signed_in, settings):
    settings.JOURNEY_PRINT_IN_BACKGROUND_OVER = 100
    visit = "Ruby showed me her drawings and talked about school, her friends and her dog. " * 6
    for n in range(30):
        note(council, sc_child, f"Visit {n}. {visit}", days_ago=n + 1)

    pdf = printed(signed_in(council["social_worker"]), sc_child, kind="visit", order="oldest")
    pages = len(pdf.pages)
    assert pages > 3
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()
    text = text_of(pdf)
    # Oldest first, each visit once, none split from its date.
    assert re.findall(r"Visit (\d+)\. Ruby", text) == [str(n) for n in reversed(range(30))]


def test_text_the_print_fonts_cannot_draw_is_printed_with_the_systems_fonts(
    council, sc_child, signed_in
):
    note(council, sc_child, "Mum wrote her name for Ruby: سارة. Łukasz, her uncle, was there.")
    pdf = printed(signed_in(council["social_worker"]), sc_child, kind="visit")
    text = text_of(pdf)
    assert pdf.metadata.producer.startswith("WeasyPrint")
    assert "Łukasz, her uncle, was there." in text and "Page 1 of 1" in text
    assert "سارة" in text or "ةراس" in text  # Arabic is extracted in either direction


def test_names_in_other_latin_greek_and_cyrillic_letters_keep_the_fast_print(
    council, sc_child, signed_in
):
    note(council, sc_child, "Met Łukasz Wiśniewski, Ελένη and Олег at school.")
    pdf = printed(signed_in(council["social_worker"]), sc_child, kind="visit")
    assert pdf.metadata.producer.startswith("ReportLab")
    assert "Met Łukasz Wiśniewski, Ελένη and Олег at school." in text_of(pdf)
