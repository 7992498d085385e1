"""Ruby (the council's social worker holds her social care), her mother Kim with an email address
and a mobile, and her father Lee with neither; and a way to send a link through the service."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.voice.links.services import LinkRequest, SentLink, send_views_link
from tests.people.test_genogram import relative


@pytest.fixture
def mum(council, sc_child):
    by = council["social_worker"].user
    kim = relative(
        sc_child, by, "Kim", "F", "parent", born=dt.date(1988, 3, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    return record_contact_details(
        kim, ContactDetails(email="kim@example.com", mobile="07700 900982"), by=by
    )


@pytest.fixture
def dad(council, sc_child):
    by = council["social_worker"].user
    return relative(sc_child, by, "Lee", "M", "parent", born=dt.date(1985, 6, 1))


@pytest.fixture
def send(council, sc_child, mum):
    def send(
        recipient=None, form="parent", purpose="meeting", channel="email", by=None, **kw
    ) -> SentLink:
        return send_views_link(
            sc_child,
            LinkRequest(recipient or mum, form, purpose, channel),
            by=(by or council["social_worker"]).user,
            base_url="http://testserver",
            **kw,
        )

    return send
