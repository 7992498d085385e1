"""Emergency protection orders (Children Act 1989 s44) and police protection (s46) on the social
care record: through the service, with every bad input refused and nothing saved; through the
page, with its error summary; who may record them; and the record page that lists them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.services import close_episode
from journey.casework.models import EmergencyProtection
from journey.casework.statutory import services as statutory
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent, RecordGrant
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

NOTE = (
    "PC Dawson of Fairshire Police removed Ruby from the home at 11pm after a neighbour "
    "reported a fight; she stayed with her aunt, Mrs Okafor."
)


def today() -> dt.date:
    return timezone.localdate()


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


@pytest.fixture
def episode(sc_child):
    """Ruby's social care episode, referred 60 days ago."""
    return sc_child.episodes.get()


@pytest.fixture
def sw(council):
    return council["social_worker"]


def protect(episode, sw, **overrides) -> EmergencyProtection:
    args = {
        "kind": "police",
        "started_on": ago(20),
        "ended_on": ago(18),
        "note": NOTE,
        "recorded_by": sw.user,
        **overrides,
    }
    return statutory.record_emergency_protection(episode, **args)


def counts() -> tuple[int, int, int]:
    return (
        EmergencyProtection.objects.count(),
        EmergencyProtection.history.count(),
        ChronologyEntry.objects.count(),
    )


def refused(episode, sw, field: str, **overrides) -> str:
    before = counts()
    with pytest.raises(ValidationError) as error:
        protect(episode, sw, **overrides)
    assert counts() == before, "nothing is saved when the service refuses"
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


def page(episode) -> str:
    return reverse("record_emergency_protection", args=[episode.pk])


def form(kind="police", started=None, ended=None, note=NOTE) -> dict:
    return {
        "kind": kind,
        **date_fields("started_on", started),
        **date_fields("ended_on", ended),
        "note": note,
    }


# --- The service --------------------------------------------------------------------------------


def test_police_protection_is_recorded_with_a_significant_chronology_entry(episode, sw):
    protection = protect(episode, sw)
    assert (protection.kind, protection.started_on, protection.ended_on) == (
        "police",
        ago(20),
        ago(18),
    )
    assert protection.recorded_by == sw.user and protection.recorded_at is not None
    assert protection.history.count() == 1
    entry = ChronologyEntry.objects.get(source_model="emergencyprotection")
    assert (entry.child_id, entry.episode_id) == (episode.child_id, episode.pk)
    assert (entry.kind, entry.title, entry.is_significant) == (
        EntryKind.PROTECTION,
        "Police protection",
        True,
    )
    assert timezone.localtime(entry.occurred_at).date() == ago(20)
    assert NOTE in entry.summary and f"{ago(18):%-d %B %Y}" in entry.summary


def test_an_emergency_protection_order_may_run_to_15_days_with_its_extension(episode, sw):
    order = protect(episode, sw, kind="epo", started_on=ago(30), ended_on=ago(15))
    assert order.kind == EmergencyProtection.Kind.EPO
    assert ChronologyEntry.objects.get(
        source_pk=order.pk, source_model="emergencyprotection"
    ).title == ("Emergency protection order granted")


def test_protection_that_has_not_ended_yet_may_be_recorded_without_an_end(episode, sw):
    assert protect(episode, sw, started_on=ago(1), ended_on=None).ended_on is None
    assert protect(episode, sw, kind="epo", started_on=ago(6), ended_on=None).ended_on is None


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kind": "care"}, "kind", "Select a valid kind of emergency protection from the list"),
        ({"kind": ""}, "kind", "Select a valid kind of emergency protection from the list"),
        ({"started_on": None}, "started_on", "Enter the date it started"),
        (
            {"started_on": "future", "ended_on": None},
            "started_on",
            "The date it started must be today or in the past",
        ),
        ({"started_on": 61, "ended_on": 59}, "started_on", "must be on or after the referral date"),
        ({"ended_on": "future"}, "ended_on", "The date it ended must be today or in the past"),
        (
            {"started_on": 20, "ended_on": 21},
            "ended_on",
            "The date it ended must be on or after the date it started",
        ),
        (
            {"started_on": 20, "ended_on": 16},
            "ended_on",
            "Police protection lasts at most 72 hours: the date it ended must be on or before",
        ),
        (
            {"kind": "epo", "started_on": 30, "ended_on": 14},
            "ended_on",
            "An emergency protection order lasts at most 8 days, and 15 with its one extension",
        ),
        (
            {"started_on": 4, "ended_on": None},
            "ended_on",
            "Police protection lasts at most 72 hours: enter the date it ended",
        ),
        ({"note": ""}, "note", "Enter what happened and who was involved"),
        ({"note": "   "}, "note", "Enter what happened and who was involved"),
        ({"note": "Police came."}, "note", "at least a full sentence (at least 8 words)"),
    ],
)
def test_bad_emergency_protection_is_refused(episode, sw, overrides, field, message):
    for name in ("started_on", "ended_on"):
        value = overrides.get(name)
        if value == "future":
            overrides[name] = today() + dt.timedelta(days=1)
        elif isinstance(value, int):
            overrides[name] = ago(value)
    assert message in refused(episode, sw, field, **overrides)


def test_the_same_protection_twice_is_refused(episode, sw):
    protect(episode, sw)
    message = refused(episode, sw, "__all__")
    assert (
        message == f"The police protection that started on {ago(20):%-d %B %Y} is already recorded"
    )
    protect(episode, sw, kind="epo", ended_on=ago(12))  # an order may follow police protection


def test_emergency_protection_belongs_to_open_social_care(council, episode, sw):
    close_episode(
        episode, ended_on=ago(1), reason="RC8", note="", closed_by=council["team_manager"].user
    )
    assert "closed" in refused(episode, sw, "__all__")
    child = make_child(council["practitioner"])
    early_help = make_episode(
        child, council["practitioner"], kind="eh_caf", allocate_to=council["practitioner"]
    )
    assert "belongs to children's social care or Family Help work" in refused(
        early_help, sw, "__all__"
    )


# --- The page -------------------------------------------------------------------------------------


def test_the_social_worker_records_police_protection_through_the_page(episode, sw, signed_in):
    client = signed_in(sw)
    record = client.get(reverse("social_care_record", args=[episode.pk]))
    assert page(episode) in record.content.decode()
    assert "No emergency protection order or police protection recorded" in text_of(record)
    blank = client.get(page(episode))
    assert blank.status_code == 200
    text = text_of(blank)
    for label in (
        "What kind of emergency protection?",
        "Emergency protection order (section 44)",
        "Police protection (section 46)",
        "Date it started",
        "Date it ended",
        "What happened and who was involved",
    ):
        assert label in text
    response = client.post(page(episode), form(started=ago(8), ended=ago(6)))
    assert response.status_code == 302
    assert response["Location"] == reverse("social_care_record", args=[episode.pk])
    protection = EmergencyProtection.objects.get()
    assert (protection.kind, protection.started_on, protection.ended_on) == (
        "police",
        ago(8),
        ago(6),
    )
    record = text_of(client.get(reverse("social_care_record", args=[episode.pk])))
    assert "Police protection recorded" in record
    assert f"Police protection (section 46): {ago(8):%-d %B %Y} to {ago(6):%-d %B %Y}" in record
    assert "PC Dawson of Fairshire Police" in record


def test_the_page_explains_bad_input_in_an_error_summary(episode, sw, signed_in):
    client = signed_in(sw)
    response = client.post(page(episode), {"note": ""})
    assert response.status_code == 200
    summary = error_summary(response)
    assert summary == {
        "Select an emergency protection order or police protection": "#id_kind_0",
        "Enter the date it started": "#id_started_on_0",
        "Enter what happened and who was involved": "#id_note",
    }
    assert "<title>Error: Record emergency protection" in response.content.decode()
    # The service's refusals come back on the fields too.
    response = client.post(page(episode), form(started=ago(20), ended=ago(10)))
    summary = error_summary(response)
    assert list(summary.values()) == ["#id_ended_on_0"]
    assert "Police protection lasts at most 72 hours" in next(iter(summary))
    response = client.post(page(episode), form(kind="epo", started=ago(5), note="Court order."))
    assert error_summary(response) == {
        "Say what happened and who was involved in at least a full sentence (at least 8 words)": (
            "#id_note"
        )
    }
    bad_day = {"ended_on_0": "31", "ended_on_1": "2", "ended_on_2": str(today().year)}
    response = client.post(page(episode), {**form(started=ago(5)), **bad_day})
    assert error_summary(response) == {"Date it ended must be a real date": "#id_ended_on_0"}
    assert not EmergencyProtection.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.PROTECTION).exists()


def _denied(user) -> bool:
    return AccessEvent.objects.filter(user=user, action=AccessEvent.Action.DENIED).exists()


@pytest.mark.parametrize("role", ["other_social_worker", "practitioner", "reviewer"])
def test_others_cannot_record_emergency_protection(episode, council, signed_in, role):
    worker = council[role]
    if role == "reviewer":
        # Even a reviewer with a live grant to read the child's record cannot write in it.
        RecordGrant.objects.create(
            user=worker.user,
            child=episode.child,
            reason="Peer review sample",
            granted_by=council["head_of_service"].user,
        )
        assert (
            signed_in(worker).get(reverse("social_care_record", args=[episode.pk])).status_code
            == 200
        )
    client = signed_in(worker)
    assert client.get(page(episode)).status_code == 403
    response = client.post(page(episode), form(started=ago(3), ended=ago(2)))
    assert response.status_code == 403
    assert _denied(worker.user), "the refusal is in the access log"
    assert not EmergencyProtection.objects.exists()


def test_a_partner_cannot_record_emergency_protection(episode, council, signed_in):
    response = signed_in(council["external_lead"]).post(page(episode), form(started=ago(3)))
    assert response.status_code == 403
    assert not EmergencyProtection.objects.exists()


def test_the_page_on_closed_work_says_it_is_closed(episode, council, signed_in):
    manager = council["team_manager"]
    close_episode(episode, ended_on=ago(1), reason="RC8", note="", closed_by=manager.user)
    assert signed_in(manager).get(page(episode)).status_code == 409


def test_the_record_page_lists_emergency_protection_in_constant_queries(episode, sw, signed_in):
    client = signed_in(sw)
    url = reverse("social_care_record", args=[episode.pk])
    protect(episode, sw)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    protect(episode, sw, kind="epo", started_on=ago(40), ended_on=ago(33))
    protect(episode, sw, started_on=ago(10), ended_on=ago(9))
    protect(episode, sw, started_on=ago(2), ended_on=None)
    assert queries() == few
    text = text_of(client.get(url))
    assert text.index(f"{ago(2):%-d %B %Y}") < text.index(f"{ago(40):%-d %B %Y}"), "newest first"
    assert "Emergency protection order (section 44)" in text and "Not recorded" in text


# --- recording when a running protection ended ---------------------------------------------------


def running(episode, sw) -> EmergencyProtection:
    return protect(episode, sw, started_on=ago(1), ended_on=None)


def test_the_end_of_a_running_protection_is_recorded_with_its_entry(episode, sw):
    protection = running(episode, sw)
    before = ChronologyEntry.objects.count()
    statutory.end_emergency_protection(protection, ended_on=today(), recorded_by=sw.user)
    protection.refresh_from_db()
    assert protection.ended_on == today()
    assert protection.history.count() == 2  # the start as recorded is kept
    entry = ChronologyEntry.objects.order_by("-pk").first()
    assert ChronologyEntry.objects.count() == before + 1
    assert entry.title == "Police protection ended" and entry.is_significant


@pytest.mark.parametrize(
    ("ended", "field", "message"),
    [
        (None, "ended_on", "Enter the date it ended"),
        (lambda: ago(2), "ended_on", "after"),
        (lambda: today() + dt.timedelta(days=1), "ended_on", "today or in the past"),
    ],
)
def test_a_bad_end_date_is_refused_and_nothing_changes(episode, sw, ended, field, message):
    protection = running(episode, sw)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        statutory.end_emergency_protection(
            protection, ended_on=ended() if ended else None, recorded_by=sw.user
        )
    assert message in " ".join(refused.value.message_dict[field])
    protection.refresh_from_db()
    assert protection.ended_on is None and counts() == before


def test_police_protection_cannot_be_recorded_as_ending_after_72_hours(episode, sw):
    protection = EmergencyProtection.objects.create(
        episode=episode, kind="police", started_on=ago(10), note=NOTE, recorded_by=sw.user
    )
    with pytest.raises(ValidationError) as refused:
        statutory.end_emergency_protection(protection, ended_on=ago(5), recorded_by=sw.user)
    assert "72 hours" in " ".join(refused.value.message_dict["ended_on"])


def test_an_ended_protection_cannot_be_ended_again(episode, sw):
    protection = protect(episode, sw)
    with pytest.raises(ValidationError, match="already recorded as ended"):
        statutory.end_emergency_protection(protection, ended_on=today(), recorded_by=sw.user)


def test_the_record_page_links_to_ending_a_running_protection(client, episode, sw):
    protection = running(episode, sw)
    client.force_login(sw.user)
    url = reverse("end_emergency_protection", args=[episode.pk, protection.pk])
    assert url in client.get(reverse("social_care_record", args=[episode.pk])).content.decode()
    bad = client.post(url, date_fields("ended_on", None))
    assert error_summary(bad) == {"Enter the date it ended": "#id_ended_on_0"}
    done = client.post(url, date_fields("ended_on", today()), follow=True)
    assert "Police protection: the end date is recorded" in text_of(done)
    assert url not in done.content.decode()


def test_others_cannot_record_the_end(client, council, episode, sw):
    protection = running(episode, sw)
    client.force_login(council["practitioner"].user)
    url = reverse("end_emergency_protection", args=[episode.pk, protection.pk])
    assert client.post(url, date_fields("ended_on", today())).status_code == 403
    protection.refresh_from_db()
    assert protection.ended_on is None


@pytest.mark.django_db(transaction=True)
def test_the_pages_record_and_end_protection_outside_a_test_transaction(client, council, sc_child):
    """As in production, no transaction wraps the request: each service opens its own, in which
    it locks the episode or the protection (PostgreSQL refuses a lock outside one)."""
    episode = sc_child.episodes.get()
    sw = council["social_worker"]
    client.force_login(sw.user)
    started = client.post(page(episode), form(started=ago(2), ended=None))
    assert started.status_code == 302
    protection = EmergencyProtection.objects.get()
    url = reverse("end_emergency_protection", args=[episode.pk, protection.pk])
    ended = client.post(url, date_fields("ended_on", today()))
    assert ended.status_code == 302
    protection.refresh_from_db()
    assert protection.ended_on == today()
