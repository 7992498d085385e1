"""The child's chronology says a complaint was received and answered, to those who may see the
child, and its link opens only the complaint's reference: never what the complaint is about."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journey.chronology.models import ChronologyEntry, EntryKind
from tests.complaints.conftest import AGO, days_ago, respond

pytestmark = pytest.mark.django_db


def test_the_entries_link_to_the_reference_and_never_the_file(
    client, council, officer, complaint, sc_child
):
    respond(complaint, days_ago(AGO - 5), officer)
    client.force_login(council["social_worker"].user)
    for kind in (EntryKind.COMPLAINT_RECEIVED, EntryKind.COMPLAINT_RESPONDED):
        entry = ChronologyEntry.objects.get(child=sc_child, kind=kind)
        url = reverse(
            "chronology_source",
            args=[sc_child.pk, entry.source_app, entry.source_model, entry.source_pk],
        )
        page = client.get(url).content.decode()
        assert complaint.reference in page
        for secret in ("Nobody returned my calls", "Dawn Ashworth", "An apology"):
            assert secret not in page


def test_who_may_not_see_the_child_does_not_see_the_entries(client, council, complaint, sc_child):
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.COMPLAINT_RECEIVED)
    client.force_login(council["practitioner"].user)
    url = reverse(
        "chronology_source",
        args=[sc_child.pk, entry.source_app, entry.source_model, entry.source_pk],
    )
    assert client.get(url).status_code == 403
    assert client.get(reverse("child_chronology", args=[sc_child.pk])).status_code == 403


def test_a_responder_records_the_response(client, council, complaint):
    client.force_login(council["team_manager"].user)
    on = days_ago(AGO - 5)
    response = client.post(
        reverse("complaint_respond", args=[complaint.pk]),
        {
            "responded_on_0": on.day,
            "responded_on_1": on.month,
            "responded_on_2": on.year,
            "outcome_1": "upheld",
            "outcome_2": "withdrawn",
            "letter": "Dear Ms Ashworth, we are sorry.",
        },
    )
    assert response.status_code == 302
    assert complaint.stages.get().responded_on == on


def test_others_cannot_post_a_response(client, council, complaint):
    client.force_login(council["social_worker"].user)
    response = client.post(reverse("complaint_respond", args=[complaint.pk]), {"letter": "x"})
    assert response.status_code == 403
    assert complaint.stages.get().responded_on is None
