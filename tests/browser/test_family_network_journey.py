"""The family network in a real Chromium (issue 15): a social worker opens a family's Family
network tab, checks the genogram against the family's relationships (everyone in them drawn,
in the right symbol, the grandparent who died crossed through), the text alternative beside it,
then adds an informal support and sees it on the ecomap. Screenshots at 1200 px and 400 px go
to screenshots/ (gitignored) for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from journey.people.genogram.services import SupportDetails, add_support
from journey.people.models import Relationship
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.people.test_genogram import relate, relative

pytestmark = pytest.mark.browser


def demo_like_family(council, child):
    """As the demo council records them: two parents with parental responsibility, separated,
    the father seeing the children under supervision; a brother; the mother's mother, who has
    died; and a grandmother's support."""
    by = council["social_worker"].user
    mum = relative(
        child, by, "Kim", "F", "parent", born=dt.date(1988, 3, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    dad = relative(
        child, by, "Lee", "M", "parent", born=dt.date(1985, 6, 1),
        has_parental_responsibility=True, contact="supervised",
        contact_note="Child arrangements order: supervised at the family centre",
    )  # fmt: skip
    brother = relative(child, by, "Jay", "M", "sibling", born=dt.date(2013, 2, 2), lives=True)
    nan = relative(
        child, by, "Joan", "F", "relative", born=dt.date(1960, 1, 1), died=dt.date(2022, 8, 9)
    )
    relate(nan, mum, "parent", by, child)
    relate(mum, dad, "partner", by, child, partnership="separated", ended_on=dt.date(2020, 1, 1))
    relate(mum, brother, "parent", by, child)
    relate(dad, brother, "parent", by, child)
    add_support(child, SupportDetails("Riverside football club", "club", "moderate"), by=by)
    return [mum, dad, brother, nan]


def test_a_social_worker_checks_the_genogram_against_the_familys_relationships(
    page: Page, live_server, transactional_db, council, sc_child
):
    family = demo_like_family(council, sc_child)
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["social_worker"])
    page.goto(f"{live_server.url}/children/{sc_child.pk}/")
    page.get_by_role("link", name="Family network").click()
    expect(page.get_by_role("heading", name="Family network", exact=True)).to_be_visible()

    drawing = page.get_by_role("img", name="Genogram of Ruby Ashworth's family")
    expect(drawing).to_be_visible()
    in_relationships = set()
    for r in Relationship.objects.filter(recorded_for=sc_child).select_related(
        "from_person", "to_person"
    ):
        in_relationships |= {r.from_person, r.to_person}
    assert in_relationships == {sc_child, *family}
    for person in in_relationships:
        symbol = drawing.locator(f"#genogram-person-{person.pk}")
        expect(symbol).to_contain_text(person.full_name)
        expect(symbol.locator("ellipse" if person.sex == "F" else "polygon").first).to_be_attached()
    expect(drawing.locator(f"#genogram-person-{family[3].pk} path.journey-died")).to_be_attached()
    expect(drawing.locator(f"#genogram-person-{family[0].pk} path.journey-died")).to_have_count(0)

    people = page.locator("table.journey-network-people")
    expect(people.locator("tbody tr")).to_have_count(5)
    expect(people).to_contain_text("Supervised contact only")
    expect(page.locator(".journey-network-relationships li")).to_have_count(8)
    expect(page.get_by_role("img", name="Ecomap: Ruby's supports")).to_contain_text(
        "Riverside football club"
    )
    both_widths(page, "family-network-01-tab")

    page.get_by_role("link", name="Add an informal support").click()
    page.get_by_role("button", name="Add the support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who or what")
    page.get_by_label("Who or what").fill("Nan's neighbour Pat")
    page.get_by_label("Friend or neighbour").check()
    page.get_by_label("Strong").check()
    page.get_by_role("button", name="Add the support").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nan's neighbour Pat is one of Ruby's supports"
    )
    expect(page.get_by_role("img", name="Ecomap: Ruby's supports")).to_contain_text(
        "Nan's neighbour Pat"
    )
