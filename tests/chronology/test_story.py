"""R1: the story of the child, complete, filterable, printable, and every view logged."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.cases import services as case_services
from journey.cases.models import EpisodeKind, NextStep
from journey.casework.models import Assessment, CaseNote, Meeting
from journey.casework.services import (
    record_assessment,
    record_case_note,
    record_meeting,
)
from journey.casework.supervision.services import record_supervision
from journey.chronology.models import ChronologyEntry, EntryChange, EntryKind
from journey.chronology.services import mark_significant
from journey.core.models import AccessEvent
from journey.people.services import form_household
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
RATIONALE = (
    "Both children were present at the incident and school reports the same worries, so "
    "the same multi-agency response is right for each of them."
)


def full_story(council, child):
    """One of every kind of record that exists so far, for one child (and a sibling contact)."""
    tm, sw = council["team_manager"], council["social_worker"]
    sibling = make_child(tm, first_name="Sibling", last_name=child.last_name)
    form_household(name="The household", members=[child, sibling])
    case_services.record_contact(
        received_at=timezone.now() - dt.timedelta(days=40),
        source="3A",
        summary="Police attended a domestic incident.",
        decided_by=tm,
        decisions=[
            case_services.DecisionInput(
                child=c, level=4, next_step=NextStep.SOCIAL_CARE, rationale=RATIONALE
            )
            for c in (child, sibling)
        ],
    )
    episode = make_episode(child, tm, allocate_to=sw, started_on=TODAY() - dt.timedelta(days=30))
    record_assessment(
        episode=episode,
        kind=Assessment.Kind.SINGLE,
        recorded_by=sw.user,
        started_on=TODAY() - dt.timedelta(days=29),
        factors=["3A"],
    )
    record_meeting(
        episode=episode,
        kind=Meeting.Kind.STRATEGY,
        recorded_by=tm.user,
        held_on=TODAY() - dt.timedelta(days=28),
    )
    record_case_note(
        episode=episode,
        kind=CaseNote.Kind.VISIT,
        recorded_by=sw.user,
        occurred_at=timezone.now() - dt.timedelta(days=20),
        text="Seen at home.",
        child_seen=True,
        child_seen_alone=True,
    )
    record_supervision(
        episode=episode,
        supervisor=tm,
        held_on=TODAY() - dt.timedelta(days=10),
        discussion="Reflected on the risks and Mia's views.",
        decisions="Keep the plan.",
        decision_rationale="Mia is safe at home now and says the plan is helping her at school.",
    )
    case_services.close_episode(
        episode, ended_on=TODAY(), reason="RC7", note="Needs met.", closed_by=tm.user
    )
    return sibling, episode


def test_every_kind_of_record_appears_once_for_each_child_it_concerns(council, sc_child):
    child = make_child(council["team_manager"], first_name="Mia", last_name="Holt")
    sibling, episode = full_story(council, child)
    entries = ChronologyEntry.objects.filter(child=child)
    counts = {kind: entries.filter(kind=kind).count() for kind, _ in EntryKind.choices}
    assert counts[EntryKind.CHILD_RECORDED] == 1
    assert counts[EntryKind.CONTACT] == 1 and counts[EntryKind.THRESHOLD_DECISION] == 1
    assert counts[EntryKind.EPISODE_OPENED] == 1 and counts[EntryKind.EPISODE_CLOSED] == 1
    assert counts[EntryKind.ALLOCATION] == 1
    assert counts[EntryKind.ASSESSMENT] == 1 and counts[EntryKind.MEETING] == 1
    assert counts[EntryKind.VISIT] == 1 and counts[EntryKind.SUPERVISION] == 1
    # The sibling's chronology has the same contact once, recorded once, not retyped.
    sibling_contact = ChronologyEntry.objects.get(child=sibling, kind=EntryKind.CONTACT)
    child_contact = entries.get(kind=EntryKind.CONTACT)
    assert sibling_contact.source_pk == child_contact.source_pk
    assert not entries.filter(child=sc_child).exists()


def test_filters_by_kind_period_worker_agency_and_significance(council, signed_in):
    child = make_child(council["team_manager"], first_name="Mia", last_name="Holt")
    full_story(council, child)
    client = signed_in(council["team_manager"])
    url = reverse("child_chronology", args=[child.pk])

    visits = client.get(url, {"kind": "visit"}).content.decode()
    assert "Visit: child seen alone" in visits and "Contact received" not in visits

    cutoff = TODAY() - dt.timedelta(days=25)
    recent = client.get(
        url, {"date_from_0": cutoff.day, "date_from_1": cutoff.month, "date_from_2": cutoff.year}
    ).content.decode()
    assert "Visit: child seen alone" in recent and "Contact received" not in recent

    mine = client.get(url, {"worker": council["social_worker"].user.pk}).content.decode()
    assert "Visit: child seen alone" in mine and "Strategy discussion" not in mine

    agency = council["social_worker"].agency_id
    assert "Visit: child seen alone" in client.get(url, {"agency": agency}).content.decode()

    significant = client.get(url, {"significant": "on"}).content.decode()
    assert "opened" in significant and "Visit: child seen alone" not in significant

    backwards = client.get(
        url,
        {
            "date_from_0": "5",
            "date_from_1": "5",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "1",
            "date_to_2": "2026",
        },
    )
    assert "must be the same as or after" in backwards.content.decode()


def test_marking_significant_keeps_every_reason(council, sc_child):
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.ALLOCATION).first()
    user = council["team_manager"].user
    mark_significant(entry, significant=True, reason="First allocated social worker", by=user)
    mark_significant(entry, significant=False, reason="Routine: not a turning point", by=user)
    entry.refresh_from_db()
    assert not entry.is_significant
    assert [c.change for c in entry.changes.all()] == [
        EntryChange.Change.SIGNIFICANT,
        EntryChange.Change.NOT_SIGNIFICANT,
    ]
    assert entry.changes.first().reason == "First allocated social worker"
    with pytest.raises(ValidationError):
        mark_significant(entry, significant=True, reason="short", by=user)


def test_an_entry_recorded_in_error_stays_struck_through_with_its_reason(
    council, sc_child, signed_in
):
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.ALLOCATION).first()
    client = signed_in(council["team_manager"])
    response = client.post(
        reverse("chronology_in_error", args=[sc_child.pk, entry.pk]),
        {"reason": "Allocated to the wrong child by mistake"},
    )
    assert response.status_code == 302
    page = client.get(reverse("child_chronology", args=[sc_child.pk])).content.decode()
    assert "journey-struck" in page and "Allocated to the wrong child by mistake" in page
    assert ChronologyEntry.objects.filter(pk=entry.pk).exists()
    again = client.post(
        reverse("chronology_in_error", args=[sc_child.pk, entry.pk]),
        {"reason": "Allocated to the wrong child by mistake"},
    )
    assert "already marked" in again.content.decode()


def test_only_the_recorder_or_a_manager_may_mark_an_entry_in_error(council, sc_child, signed_in):
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.ALLOCATION).first()
    url = reverse("chronology_in_error", args=[sc_child.pk, entry.pk])
    assert signed_in(council["social_worker"]).get(url).status_code == 403


def test_each_entry_links_to_the_record_it_came_from(council, signed_in):
    child = make_child(council["team_manager"], first_name="Mia", last_name="Holt")
    sibling, _ = full_story(council, child)
    client = signed_in(council["team_manager"])
    for entry in ChronologyEntry.objects.filter(child=child):
        url = reverse(
            "chronology_source",
            args=[child.pk, entry.source_app, entry.source_model, entry.source_pk],
        )
        assert url in client.get(reverse("child_chronology", args=[child.pk])).content.decode()
        assert client.get(url).status_code == 200, entry.title
    contact = ChronologyEntry.objects.get(child=child, kind=EntryKind.CONTACT)
    page = client.get(
        reverse("chronology_source", args=[child.pk, "cases", "contact", contact.source_pk])
    ).content.decode()
    assert "Police attended a domestic incident." in page and RATIONALE in page
    # A record about another child cannot be read through this child's page.
    visit = ChronologyEntry.objects.get(child=child, kind=EntryKind.VISIT)
    assert (
        client.get(
            reverse("chronology_source", args=[sibling.pk, "casework", "casenote", visit.source_pk])
        ).status_code
        == 404
    )


def test_the_pdf_has_the_child_the_filter_the_printer_and_page_numbers(
    council, sc_child, signed_in
):
    client = signed_in(council["social_worker"])
    response = client.get(reverse("chronology_pdf", args=[sc_child.pk]), {"kind": "allocation"})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Chronology: Ruby Ashworth" in text
    assert "Filtered: Allocation" in text
    assert f"Printed by {council['social_worker'].user.get_full_name()}" in text
    assert "Page 1 of 1" in text
    assert "became allocated worker" in text and "record created" not in text
    assert (
        AccessEvent.objects.filter(
            child=sc_child, user=council["social_worker"].user, action=AccessEvent.Action.PRINT
        ).count()
        == 1
    )


def test_printing_is_refused_and_logged_for_someone_who_may_not_see_the_child(
    council, sc_child, signed_in
):
    response = signed_in(council["practitioner"]).get(reverse("chronology_pdf", args=[sc_child.pk]))
    assert response.status_code == 403
    assert AccessEvent.objects.filter(child=sc_child, action=AccessEvent.Action.DENIED).exists()


def test_a_partner_cannot_read_social_care_records_through_the_chronology(council, signed_in):
    manager = council["practitioner"]
    child = make_child(manager, first_name="Lily", last_name="Marsh")
    eh = make_episode(child, manager, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=manager)
    sc = make_episode(child, council["team_manager"])
    case_services.allocate(
        eh,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=manager.user,
    )
    client = signed_in(council["external_lead"])
    assert (
        client.get(
            reverse("chronology_source", args=[child.pk, "cases", "episode", eh.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("chronology_source", args=[child.pk, "cases", "episode", sc.pk])
        ).status_code
        == 403
    )
    pdf = client.get(reverse("chronology_pdf", args=[child.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Early help (CAF and TAF) opened" in text and "social care opened" not in text


def test_the_family_view_links_to_siblings_journeys_and_hides_restricted_ones(
    council, sc_child, signed_in
):
    tm = council["team_manager"]
    sister = make_child(tm, first_name="Rose", last_name="Ashworth")
    hidden = make_child(tm, first_name="Secret", last_name="Ashworth")
    hidden.is_restricted = True
    hidden.save()
    make_episode(sister, tm, allocate_to=council["social_worker"])
    form_household(name="Ashworth family", members=[sc_child, sister, hidden])
    page = signed_in(tm).get(reverse("child_family", args=[sc_child.pk])).content.decode()
    assert reverse("child_chronology", args=[sister.pk]) in page
    assert "Children&#x27;s social care (Child in Need and Protection)" in page
    assert "Restricted record" in page and "Secret" not in page


def test_one_contact_about_siblings_from_the_form_lands_on_each_childs_chronology(
    council, sc_child, signed_in
):
    tm = council["team_manager"]
    sister = make_child(tm, first_name="Rose", last_name="Ashworth")
    form_household(name="Ashworth family", members=[sc_child, sister])
    today = TODAY()
    response = signed_in(tm).post(
        reverse("record_contact", args=[sc_child.pk]),
        {
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "source": "2A",
            "summary": "Both children arrived at school hungry again.",
            "level": "3",
            "next_step": NextStep.CAF_TAF,
            "rationale": RATIONALE,
            "also_about": [str(sister.pk)],
        },
    )
    assert response.status_code == 302
    for child in (sc_child, sister):
        assert (
            ChronologyEntry.objects.filter(
                child=child, kind=EntryKind.CONTACT, summary__contains="hungry again"
            ).count()
            == 1
        )


def test_the_summary_household_never_names_a_restricted_sibling(council, sc_child, signed_in):
    tm = council["team_manager"]
    hidden = make_child(tm, first_name="Secret", last_name="Ashworth")
    hidden.is_restricted = True
    hidden.save()
    form_household(name="Ashworth family", members=[sc_child, hidden])
    page = signed_in(tm).get(reverse("child", args=[sc_child.pk])).content.decode()
    assert "Restricted record" in page and "Secret" not in page
