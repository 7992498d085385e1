"""The information-sharing log: what was shared about a child, with whom, what for and under
which power, and each decision not to share with its reasons; on the chronology and beside the
access log; the council's record, never a partner's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.sharing.models import Disclosure
from tests.cases.test_views import date_fields, error_summary, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def shared(**changes) -> dict:
    data = {
        "decision": "shared",
        **date_fields("decided_on", TODAY()),
        "recipient": "DC Patel, child abuse investigation team",
        "information": "The chronology of the last three months and the school's concerns.",
        "purpose": "The strategy discussion on Friday.",
        "power": "s47",
        "reasons_not_shared": "",
    }
    data.update(changes)
    return data


def test_a_sharing_is_on_the_log_the_chronology_and_beside_the_access_log(
    council, sc_child, signed_in
):
    client = signed_in(council["social_worker"])
    response = client.post(reverse("record_sharing", args=[sc_child.pk]), shared())
    assert response.url == reverse("sharing_log", args=[sc_child.pk])
    log = text_of(client.get(response.url))
    assert "DC Patel, child abuse investigation team" in log
    assert "Under: A child protection enquiry (Children Act 1989 s47)" in log
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.SHARING)
    assert entry.title == "Information shared with DC Patel, child abuse investigation team"
    access_log = text_of(
        signed_in(council["team_manager"]).get(reverse("child_access_log", args=[sc_child.pk]))
    )
    assert "Information shared, and decisions not to share" in access_log
    assert "The strategy discussion on Friday." in access_log


def test_a_decision_not_to_share_says_why(council, sc_child, signed_in):
    client = signed_in(council["social_worker"])
    refused = client.post(
        reverse("record_sharing", args=[sc_child.pk]),
        shared(decision="not_shared", purpose="", power=""),
    )
    message = "Say why sharing would be more harmful to the child than not sharing"
    assert error_summary(refused)[message] == "#id_reasons_not_shared"
    assert not Disclosure.objects.exists()
    client.post(
        reverse("record_sharing", args=[sc_child.pk]),
        shared(
            decision="not_shared",
            recipient="Dad's solicitor",
            purpose="",
            power="",
            reasons_not_shared="It would reveal where Ruby and mum now live.",
        ),
    )
    disclosure = Disclosure.objects.get()
    assert disclosure.decision == "not_shared" and disclosure.power == ""
    entry = ChronologyEntry.objects.get(kind=EntryKind.SHARING)
    assert entry.title == "Decided not to share with Dad's solicitor"
    assert "Why not: It would reveal where Ruby and mum now live." in entry.summary


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "Say what the information was shared for"),
        ({"power": ""}, "power", "Select the power the information was shared under"),
        ({"recipient": " "}, "recipient", "Enter who asked for or received the information"),
        ({"information": ""}, "information", "Enter what was shared or asked for"),
        ({"decision": ""}, "decision", "Select whether the information was shared"),
        (
            date_fields("decided_on", TODAY() + dt.timedelta(days=2)),
            "decided_on_0",
            "The date must be today or in the past",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_saved(council, sc_child, signed_in, change, field, message):
    response = signed_in(council["social_worker"]).post(
        reverse("record_sharing", args=[sc_child.pk]), shared(**change)
    )
    assert error_summary(response)[message].startswith(f"#id_{field}")
    assert not Disclosure.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.SHARING).exists()


@pytest.mark.parametrize("role", ["qa_officer", "external_lead", "reviewer"])
def test_only_council_workers_record_it_and_partners_never_read_it(
    council, sc_child, signed_in, role
):
    client = signed_in(council[role])
    assert client.post(reverse("record_sharing", args=[sc_child.pk]), shared()).status_code == 403
    assert not Disclosure.objects.exists()
    assert AccessEvent.objects.filter(
        child=sc_child, user=council[role].user, action=AccessEvent.Action.DENIED
    ).exists()


def test_a_partner_lead_professional_cannot_open_the_log(council, eh_child, signed_in):
    from journey.cases import services as case_services
    from journey.workforce.models import Allocation

    lead = council["external_lead"]
    case_services.allocate(
        eh_child.episodes.get(),
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=council["practitioner"].user,
    )
    client = signed_in(lead)
    assert client.get(reverse("child", args=[eh_child.pk])).status_code == 200
    assert client.get(reverse("sharing_log", args=[eh_child.pk])).status_code == 403
    assert "Information shared" not in text_of(client.get(reverse("child", args=[eh_child.pk])))
