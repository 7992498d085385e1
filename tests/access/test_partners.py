"""Partners by allow-list (R13, DESIGN §5; issue 12 finding 1). A school's lead professional sees
the child's identity and the records of the early help they lead, and nothing else, on every
page: contacts, threshold decisions, social care, supervision, audits and a sibling's early help
led by someone else stay hidden, and opening one directly is refused and logged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from journey.cases.models import NextStep
from journey.casework.supervision.services import record_supervision
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.people.services import form_household
from tests.casework.conftest import hold_taf
from tests.factories import make_child, make_contact, make_episode

pytestmark = pytest.mark.django_db

RISK = "Father threatened the child with a knife; police attended overnight"
TAF = "Team Around the Family"
SUPERVISED = "Discussed whether the plan is working for the younger sibling"


@pytest.fixture
def story(council, eh_child, episode, external_lead, practitioner):
    """Oscar: early help the school leads, a TAF, a level 4 strategy-discussion decision with
    its risk text, social care work and supervision; his sister's early help led by the
    council."""
    hold_taf(episode, practitioner, actions=1)
    make_contact(eh_child, council["team_manager"], level=4, next_step=NextStep.STRATEGY)
    ChronologyEntry.objects.filter(kind=EntryKind.THRESHOLD_DECISION).update(summary=RISK)
    social_care = make_episode(
        eh_child, council["team_manager"], allocate_to=council["social_worker"]
    )
    record_supervision(
        episode=episode,
        supervisor=council["team_manager"],
        held_on=timezone.localdate() - dt.timedelta(days=2),
        discussion=SUPERVISED,
    )
    sister = make_child(practitioner, first_name="Ava", last_name="Pennington")
    form_household(name="Pennington family", members=[eh_child, sister])
    theirs = make_episode(sister, practitioner, kind="eh_caf", allocate_to=practitioner)
    return {"child": eh_child, "social_care": social_care, "sister": sister, "theirs": theirs}


def timeline(response) -> str:
    """The chronology's entries, below its filters."""
    html = response.content.decode()
    return html[html.index("moj-timeline") : html.index("</main>")]


def entry(kind: str, child) -> ChronologyEntry:
    return ChronologyEntry.objects.filter(kind=kind, child=child).first()


def source_url(e: ChronologyEntry) -> str:
    return reverse(
        "chronology_source", args=[e.child_id, e.source_app, e.source_model, e.source_pk]
    )


def test_the_chronology_shows_only_the_early_help_they_lead(story, external_lead, signed_in):
    client = signed_in(external_lead)
    page = timeline(client.get(reverse("child_chronology", args=[story["child"].pk])))
    assert TAF in page
    assert RISK not in page and "Strategy discussion" not in page
    assert "School reports the child is often hungry" not in page  # the contact
    assert SUPERVISED not in page and "Supervision" not in page
    assert "social care" not in page.lower()


def test_the_printed_chronology_leaves_out_the_same(story, external_lead, signed_in):
    client = signed_in(external_lead)
    response = client.get(reverse("chronology_pdf", args=[story["child"].pk]))
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert TAF in text
    assert "knife" not in text and "Strategy discussion" not in text
    assert "Discussed whether the plan" not in text


def test_the_council_still_sees_the_whole_story(story, council, signed_in):
    client = signed_in(council["team_manager"])
    page = timeline(client.get(reverse("child_chronology", args=[story["child"].pk])))
    assert RISK in page and TAF in page


@pytest.mark.parametrize(
    "kind",
    [EntryKind.THRESHOLD_DECISION, EntryKind.CONTACT, EntryKind.SUPERVISION],
)
def test_opening_a_hidden_record_directly_is_refused_and_logged(
    story, external_lead, signed_in, kind
):
    source = entry(kind, story["child"])
    response = signed_in(external_lead).get(source_url(source))
    assert response.status_code == 403
    body = response.content.decode()
    assert RISK not in body and SUPERVISED not in body
    assert "see only the early help they lead" in body
    refused = AccessEvent.objects.get(user=external_lead.user, action=AccessEvent.Action.DENIED)
    assert refused.child == story["child"]
    assert not AccessEvent.objects.filter(
        user=external_lead.user, action=AccessEvent.Action.VIEW
    ).exists()


def test_social_care_records_are_refused_even_for_their_own_family(story, external_lead, signed_in):
    opened = ChronologyEntry.objects.get(
        kind=EntryKind.EPISODE_OPENED, episode=story["social_care"]
    )
    client = signed_in(external_lead)
    assert client.get(source_url(opened)).status_code == 403
    record = reverse("social_care_record", args=[story["social_care"].pk])
    assert client.get(record).status_code == 403
    assert client.get(reverse("supervision", args=[story["social_care"].pk])).status_code == 403


def test_the_records_of_their_early_help_open(story, external_lead, signed_in, episode):
    meeting = ChronologyEntry.objects.get(kind=EntryKind.MEETING, episode=episode)
    client = signed_in(external_lead)
    response = client.get(source_url(meeting))
    assert response.status_code == 200 and "TAF" in response.content.decode()
    assert client.get(reverse("early_help_plan", args=[episode.pk])).status_code == 200


def test_supervision_of_their_own_early_help_is_not_theirs(
    story, external_lead, signed_in, episode
):
    client = signed_in(external_lead)
    assert client.get(reverse("supervision", args=[episode.pk])).status_code == 403
    summary = client.get(reverse("child", args=[story["child"].pk])).content.decode()
    assert "Supervision and oversight" not in summary
    assert "Children&#x27;s social care" not in summary and "Children's social care" not in summary


def test_a_siblings_early_help_led_by_the_council_is_hidden(story, external_lead, signed_in):
    client = signed_in(external_lead)
    family = client.get(reverse("child_family", args=[story["child"].pk])).content.decode()
    assert "Ava" in family  # the household is part of the child's identity
    sister = client.get(reverse("child", args=[story["sister"].pk])).content.decode()
    assert "No open early help or social care work" in sister
    assert client.get(reverse("early_help_plan", args=[story["theirs"].pk])).status_code == 403


def test_search_names_the_child_without_their_social_care(story, external_lead, signed_in):
    page = signed_in(external_lead).get(reverse("search"), {"q": "Oscar"}).content.decode()
    results = page[page.index("<main") :]
    assert "Oscar" in results and "Children&#x27;s social care" not in results


def test_the_chronology_filters_name_only_who_recorded_what_they_see(
    story, external_lead, council, signed_in
):
    page = signed_in(external_lead).get(reverse("child_chronology", args=[story["child"].pk]))
    html = page.content.decode()
    filters = html[
        html.index('class="journey-filter"') : html.index(
            "</form>", html.index('class="journey-filter"')
        )
    ]
    assert council["practitioner"].name in filters
    assert council["social_worker"].name not in filters


@pytest.mark.parametrize(("app", "model"), [("cases", "contact"), ("casework", "supervision")])
def test_a_partner_cannot_tell_a_hidden_record_from_a_missing_one(
    story, external_lead, signed_in, app, model
):
    source = ChronologyEntry.objects.filter(source_app=app, source_model=model).first()
    client = signed_in(external_lead)
    child = story["child"].pk
    real = client.get(reverse("chronology_source", args=[child, app, model, source.source_pk]))
    made_up = client.get(reverse("chronology_source", args=[child, app, model, 999_999]))
    assert real.status_code == made_up.status_code == 403
    assert AccessEvent.objects.filter(user=external_lead.user, action="denied").count() == 2


def test_the_councils_supervision_is_not_on_a_partners_tracker_or_my_work(
    story, external_lead, signed_in
):
    client = signed_in(external_lead)
    tracker = client.get(reverse("caf_tracker")).content.decode()
    assert "Oscar" in tracker and "upervision" not in tracker
    export = client.get(reverse("caf_tracker_xlsx"))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.content))
    text = str([list(sheet.values) for sheet in book])
    assert "Oscar" in text and "upervision" not in text
    assert "Supervision due by" not in client.get(reverse("my_work")).content.decode()


def test_a_partner_refused_a_step_decision_is_not_logged_as_viewing_it(
    external_lead, signed_in, episode, council
):
    from tests.cases.test_step_changes import ask_step_up

    step = ask_step_up(episode, external_lead, council.sc_team)
    client = signed_in(external_lead)
    assert client.get(reverse("decide_step_change", args=[step.pk])).status_code == 403
    events = AccessEvent.objects.filter(user=external_lead.user)
    assert [event.action for event in events] == [AccessEvent.Action.DENIED]
