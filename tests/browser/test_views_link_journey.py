"""A secure link for a parent's views in a real Chromium (issue 18): a social worker asks Ruby's
mother for her views by text; the link and the code are read from the outbox; the mother opens
the link on a 375 px phone with no account, gives the code, answers, and the worker sees "Views
from parent" on Ruby's chronology and acknowledges it. Every public page passes axe with no
serious or critical violations; a young child's pictures form too. Screenshots at 375 px, and
the worker's pages at 1200 px and 400 px, go to screenshots/ (gitignored)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.voice.links.models import OutboxMessage
from journey.voice.links.services import LinkRequest, send_views_link
from tests.browser.screenshots import both_widths, snap
from tests.browser.test_contact_journey import sign_in
from tests.people.test_genogram import relative

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def no_serious_violations(page: Page) -> None:
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def mother(council, child):
    by = council["social_worker"].user
    kim = relative(
        child, by, "Kim", "F", "parent", born=dt.date(1988, 3, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    return record_contact_details(
        kim, ContactDetails(email="kim@example.com", mobile="07700 900982"), by=by
    )


def from_outbox() -> tuple[str, str]:
    """The link and the code, as the text messages carry them."""
    bodies = list(OutboxMessage.objects.order_by("pk").values_list("body", flat=True))
    link_text, code_text = bodies[-2:]
    return re.search(r"https?://\S+/voice/l/\S+/", link_text)[0], re.search(r"\d{6}", code_text)[0]


def test_a_parent_gives_her_views_from_a_phone_and_the_worker_acknowledges_them(
    page: Page, browser: Browser, live_server, transactional_db, council, sc_child
):
    mother(council, sc_child)
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["social_worker"])
    page.goto(f"{live_server.url}/children/{sc_child.pk}/")
    page.get_by_role("link", name="Views", exact=True).click()
    expect(page.get_by_role("heading", name="Views from Ruby and the family")).to_be_visible()
    page.get_by_role("link", name="Ask for views").click()
    page.get_by_label("Kim Ashworth, parent").check()
    page.get_by_label("A parent's or carer's views").check()
    page.get_by_label("Before a meeting").check()
    page.get_by_label("Text message").check()
    both_widths(page, "voice-ask")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("Link sent to Kim Ashworth by text message")).to_be_visible()
    expect(page.locator(".journey-views-links")).to_contain_text("Waiting")
    both_widths(page, "voice-views-tab")

    url, code = from_outbox()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    family = phone.new_page()
    family.goto(url)
    expect(family.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(family.locator("body")).not_to_contain_text("Ruby")
    no_serious_violations(family)
    fits_the_phone(family)
    snap(family, "voice-public-code-375.png")
    family.get_by_label("Enter your code").fill("000000" if code != "000000" else "111111")
    family.get_by_role("button", name="Continue").click()
    expect(family.get_by_text("The code is not right").first).to_be_visible()
    no_serious_violations(family)
    family.get_by_label("Enter your code").fill(code)
    family.get_by_role("button", name="Continue").click()
    expect(family.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    family.get_by_role("button", name="Send my answers").click()
    expect(family.get_by_role("heading", name="There is a problem")).to_be_visible()
    no_serious_violations(family)
    family.get_by_label("What is working well for your family?").fill("School mornings")
    family.get_by_label("What worries you?").fill("The rent arrears letter")
    family.get_by_label("What do you want from the meeting?").fill("A plan for mornings")
    no_serious_violations(family)
    fits_the_phone(family)
    snap(family, "voice-public-form-375.png")
    family.get_by_role("button", name="Send my answers").click()
    expect(family.get_by_role("heading", name="Thank you")).to_be_visible()
    no_serious_violations(family)
    snap(family, "voice-public-thanks-375.png")
    family.goto(url)
    expect(family.get_by_role("heading", name="This link has already been used")).to_be_visible()
    no_serious_violations(family)
    phone.close()

    page.goto(f"{live_server.url}/children/{sc_child.pk}/chronology/")
    entry = page.get_by_text("Views from parent (Kim Ashworth)").first
    expect(entry).to_be_visible()
    page.goto(f"{live_server.url}/voice/links/children/{sc_child.pk}/")
    page.get_by_role("link", name="Kim Ashworth").first.click()
    expect(page.locator(".journey-views-answers")).to_contain_text("The rent arrears letter")
    page.get_by_label("Your response (optional)").fill("We will start with the rent arrears.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged", exact=False).first).to_be_visible()
    expect(page.locator("[data-response]")).to_contain_text("We will start with the rent arrears.")
    both_widths(page, "voice-link-answered")


def test_a_young_childs_pictures_form_on_a_phone(
    browser: Browser, live_server, transactional_db, council, sc_child
):
    kim = mother(council, sc_child)
    sent = send_views_link(
        sc_child,
        LinkRequest(kim, "young_child", "meeting", "text"),
        by=council["social_worker"].user,
        base_url=live_server.url,
    )
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/voice/l/{sent.token}/")
    page.get_by_label("Enter your code").fill(sent.code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Tell us how you feel")).to_be_visible()
    home = page.get_by_role("group", name="How do you feel at home?")
    home.get_by_label("Happy").check()
    page.get_by_role("group", name="How do you feel at school or nursery?").get_by_label(
        "Worried"
    ).check()
    no_serious_violations(page)
    fits_the_phone(page)
    snap(page, "voice-public-young-375.png")
    page.set_viewport_size({"width": 1200, "height": 900})
    no_serious_violations(page)
    snap(page, "voice-public-young-1200.png")
    page.set_viewport_size(PHONE)
    page.get_by_role("group", name="Do you feel safe at home?").get_by_label("Sometimes").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    phone.close()
