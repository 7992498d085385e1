"""Recording a contact and managing episodes through the forms a worker fills in (R3, R4, R5)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import Contact, Episode, EpisodeKind, ThresholdDecision
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
GOOD_RATIONALE = (
    "Attendance has dropped to 70% and mum asked for help with routines; no safeguarding "
    "concerns, so a multi-agency early help plan is proportionate."
)


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def error_summary(response) -> dict[str, str]:
    """The error summary as {message: link}; an error with no link maps to ""."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    summary = {}
    for item in items:
        link = re.fullmatch(r'<a href="([^"]*)">(.*)</a>', item.strip(), re.S)
        if link:
            summary[html.unescape(link.group(2))] = link.group(1)
        else:
            summary[html.unescape(item.strip())] = ""
    return summary


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def contact_form(**overrides) -> dict:
    data = {
        **date_fields("received_on", TODAY() - dt.timedelta(days=1)),
        "received_time": "14:30",
        "source": "2A",
        "source_agency": "",
        "reporter_name": "Mrs Patel, attendance officer",
        "summary": "School reports Oscar is often hungry and has missed 12 days this term.",
        "level": "3",
        "factors": ["2B", "21"],
        "rationale": GOOD_RATIONALE,
        "next_step": "caf_taf",
        "contradiction_explained": "",
    }
    return {**data, **overrides}


@pytest.fixture
def practitioner(council):
    return council["practitioner"]


@pytest.fixture
def child(practitioner):
    return make_child(practitioner, first_name="Oscar", last_name="Pennington")


# --- Contacts and threshold decisions ------------------------------------------------------


class TestRecordContact:
    def test_the_decision_and_its_rationale_appear_on_the_childs_chronology(
        self, practitioner, child, signed_in
    ):
        client = signed_in(practitioner)
        form = client.get(reverse("record_contact", args=[child.pk]))
        assert form.status_code == 200
        assert "Record a contact and threshold decision" in text_of(form)

        response = client.post(reverse("record_contact", args=[child.pk]), contact_form())
        assert response.status_code == 302
        assert response.url == reverse("child", args=[child.pk])
        record = client.get(response.url)
        assert "The contact and threshold decision have been recorded" in text_of(record)

        decision = ThresholdDecision.objects.get(child=child)
        assert decision.level == 3 and decision.next_step == "caf_taf"
        assert decision.factors == ["2B", "21"]
        assert decision.decided_by == practitioner
        received = timezone.localtime(decision.contact.received_at)
        assert (received.date(), received.hour, received.minute) == (
            TODAY() - dt.timedelta(days=1),
            14,
            30,
        )

        chronology = client.get(reverse("child_chronology", args=[child.pk]))
        page = text_of(chronology)
        assert GOOD_RATIONALE in page
        assert "Contact received from a school" in page and "SCHOOLS" not in page
        assert "Threshold decision: Level 3: targeted early help (CAF/TAF). Next step: " in page
        assert "missed 12 days this term" in page

    def test_the_chronology_keeps_the_next_steps_capitals(self, practitioner, child, signed_in):
        client = signed_in(practitioner)
        client.post(reverse("record_contact", args=[child.pk]), contact_form())
        page = text_of(client.get(reverse("child_chronology", args=[child.pk])))
        # "CAF" is an acronym and "Team Around the Family" a name: a reader must see them as such.
        assert "assessment (CAF) and Team Around the Family" in page

    def test_a_short_rationale_is_refused_naming_the_field_and_nothing_is_saved(
        self, practitioner, child, signed_in
    ):
        response = signed_in(practitioner).post(
            reverse("record_contact", args=[child.pk]), contact_form(rationale="Needs help.")
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page
        summary = error_summary(response)
        [(message, link)] = summary.items()
        assert link == "#id_rationale"
        assert message.startswith("The rationale for the decision must be at least a full sentence")
        assert 'id="id_rationale-error"' in page
        assert 'aria-describedby="id_rationale-hint id_rationale-error"' in page
        assert 'class="govuk-textarea govuk-textarea--error" id="id_rationale"' in page
        # The worker's other answers are kept so they only fix the rationale.
        assert "missed 12 days this term" in page
        assert Contact.objects.count() == 0
        assert ThresholdDecision.objects.count() == 0
        assert not ChronologyEntry.objects.filter(child=child, kind=EntryKind.CONTACT).exists()

    def test_missing_answers_link_to_the_first_input_of_each_question(
        self, practitioner, child, signed_in
    ):
        response = signed_in(practitioner).post(
            reverse("record_contact", args=[child.pk]),
            contact_form(
                received_on_0="",
                received_on_1="",
                received_on_2="",
                source="",
                level="",
                next_step="",
                factors=[],
            ),
        )
        links = set(error_summary(response).values())
        assert links == {"#id_received_on_0", "#id_source", "#id_level_0"}
        page = response.content.decode()
        for anchor in links:
            assert f'id="{anchor[1:]}"' in page, f"{anchor} points at nothing on the page"
        assert "Enter the date the contact was received" in error_summary(response)
        assert error_summary(response)["Select the threshold level"] == "#id_level_0"
        assert Contact.objects.count() == 0

    def test_no_next_step_chosen_is_the_one_that_usually_follows_the_level(
        self, practitioner, child, signed_in
    ):
        response = signed_in(practitioner).post(
            reverse("record_contact", args=[child.pk]), contact_form(level="3", next_step="")
        )
        assert response.status_code == 302
        assert ThresholdDecision.objects.get(child=child).next_step == "caf_taf"

    def test_the_form_starts_at_the_moment_it_is_opened(self, practitioner, child, signed_in):
        form = (
            signed_in(practitioner).get(reverse("record_contact", args=[child.pk])).context["form"]
        )
        assert form.initial["received_on"] == TODAY()
        assert len(form.initial["received_time"]) == 5

    def test_a_next_step_that_does_not_fit_the_level_must_be_explained(
        self, practitioner, child, signed_in
    ):
        client = signed_in(practitioner)
        url = reverse("record_contact", args=[child.pk])
        response = client.post(url, contact_form(level="1", next_step="social_care"))
        [(message, link)] = error_summary(response).items()
        assert link == "#id_contradiction_explained"
        assert "does not usually follow level 1" in message
        assert Contact.objects.count() == 0

        explained = client.post(
            url,
            contact_form(
                level="1",
                next_step="social_care",
                contradiction_explained="Low level now, but the parent asked us to refer for a "
                "disability assessment which only social care can do.",
            ),
        )
        assert explained.status_code == 302
        assert Contact.objects.count() == 1

    def test_a_contact_received_in_the_future_is_an_error_linked_to_the_date(
        self, practitioner, child, signed_in
    ):
        response = signed_in(practitioner).post(
            reverse("record_contact", args=[child.pk]),
            contact_form(**date_fields("received_on", TODAY() + dt.timedelta(days=2))),
        )
        assert response.status_code == 200
        assert Contact.objects.count() == 0
        summary = error_summary(response)
        assert list(summary.values()) == ["#id_received_on_0"], summary

    def test_a_time_that_is_not_a_time_is_an_error(self, practitioner, child, signed_in):
        response = signed_in(practitioner).post(
            reverse("record_contact", args=[child.pk]), contact_form(received_time="25:99")
        )
        assert error_summary(response) == {"Enter the time like 14:30": "#id_received_time"}
        assert Contact.objects.count() == 0

    def test_a_worker_who_cannot_see_the_child_cannot_record_a_contact(
        self, council, child, signed_in
    ):
        response = signed_in(council["other_social_worker"]).post(
            reverse("record_contact", args=[child.pk]), contact_form()
        )
        assert response.status_code == 403
        assert Contact.objects.count() == 0


# --- Episodes: open, allocate, close -------------------------------------------------------


def episode_form(team, started_on, **overrides) -> dict:
    data = {
        "kind": EpisodeKind.EARLY_HELP_CAF,
        "team": str(team.pk),
        **date_fields("started_on", started_on),
        "referral_source": "",
        "primary_need": "",
        "initial_plan": "",
        "initial_category": "",
    }
    return {**data, **overrides}


class TestEpisodes:
    def test_open_allocate_and_close_early_help_through_the_forms(
        self, council, practitioner, child, signed_in
    ):
        client = signed_in(practitioner)
        started = TODAY() - dt.timedelta(days=20)
        opened = client.post(
            reverse("open_episode", args=[child.pk]), episode_form(council.eh_team, started)
        )
        episode = Episode.objects.get(child=child)
        assert opened.status_code == 302
        assert opened.url == reverse("allocate", args=[episode.pk])
        assert episode.kind == EpisodeKind.EARLY_HELP_CAF and episode.started_on == started
        allocate_page = client.get(opened.url)
        assert "Early help (CAF and TAF) opened: now allocate it" in text_of(allocate_page)
        assert "This work is not allocated yet." in text_of(allocate_page)

        allocated = client.post(
            reverse("allocate", args=[episode.pk]),
            {
                "worker": str(practitioner.pk),
                "kind": "worker",
                **date_fields("started_on", started),
            },
        )
        assert allocated.status_code == 302
        assert allocated.url == reverse("child", args=[child.pk])
        record = text_of(client.get(allocated.url))
        assert f"{practitioner.name} is now allocated worker" in record
        assert f"Allocated worker {practitioner.name} since" in record

        generic = client.get(reverse("close_episode", args=[episode.pk]))
        assert generic.url == reverse("close_early_help", args=[episode.pk])
        closed = client.post(
            reverse("close_early_help", args=[episode.pk]),
            {
                **date_fields("ended_on", TODAY()),
                "reason": "EH1",
                "outcome": "School attendance is back to 96% and the family feel confident.",
                "parent_views": "Mum said mornings are calmer.",
                "next_step": "Universal services",
            },
        )
        assert closed.status_code == 302
        record = text_of(client.get(closed.url))
        assert "Early help (CAF and TAF) closed" in record
        assert "No open early help or social care work." in record
        assert "Early help (CAF and TAF) (closed)" in record
        assert "Reason for closure Outcomes met" in record
        episode.refresh_from_db()
        assert episode.ended_on == TODAY() and episode.closure_reason == "EH1"
        assert not episode.allocations.current().exists()

    def test_opening_work_in_a_team_of_the_wrong_service_is_an_error(
        self, council, practitioner, child, signed_in
    ):
        response = signed_in(practitioner).post(
            reverse("open_episode", args=[child.pk]),
            episode_form(council.sc_team, TODAY() - dt.timedelta(days=3)),
        )
        summary = error_summary(response)
        [(message, link)] = summary.items()
        assert link == "#id_team"
        assert "does not do early help work" in message
        assert not Episode.objects.filter(child=child).exists()

    def test_an_end_date_before_the_start_is_an_error_and_the_work_stays_open(
        self, practitioner, child, signed_in
    ):
        started = TODAY() - dt.timedelta(days=10)
        episode = make_episode(
            child,
            practitioner,
            kind=EpisodeKind.EARLY_HELP_CAF,
            started_on=started,
            allocate_to=practitioner,
        )
        response = signed_in(practitioner).post(
            reverse("close_early_help", args=[episode.pk]),
            {
                **date_fields("ended_on", started - dt.timedelta(days=1)),
                "reason": "EH1",
                "outcome": "Needs met",
                "next_step": "Universal services",
            },
        )
        assert response.status_code == 200
        message = f"The end date must be on or after the start date, {started:%-d %B %Y}"
        assert error_summary(response) == {message: "#id_ended_on_0"}
        episode.refresh_from_db()
        assert episode.is_open
        assert episode.allocations.current().exists()

    def test_closing_work_that_is_already_closed_says_so(self, practitioner, child, signed_in):
        episode = make_episode(
            child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=practitioner
        )
        client = signed_in(practitioner)
        close = {
            **date_fields("ended_on", TODAY() - dt.timedelta(days=2)),
            "reason": "EH1",
            "outcome": "Needs met",
            "next_step": "Universal services",
        }
        url = reverse("close_early_help", args=[episode.pk])
        assert client.post(url, close).status_code == 302
        again = client.post(url, {**close, **date_fields("ended_on", TODAY()), "reason": "EH5"})
        assert again.status_code == 409
        assert "closed" in text_of(again)
        episode.refresh_from_db()
        assert episode.ended_on == TODAY() - dt.timedelta(days=2)
        assert episode.closure_reason == "EH1"

    def test_a_worker_outside_the_teams_service_cannot_be_allocated(
        self, council, practitioner, child, signed_in
    ):
        episode = make_episode(child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF)
        client = signed_in(practitioner)
        page = client.get(reverse("allocate", args=[episode.pk])).content.decode()
        assert f'value="{practitioner.pk}"' in page
        assert f'value="{council["social_worker"].pk}"' not in page

        response = client.post(
            reverse("allocate", args=[episode.pk]),
            {
                "worker": str(council["social_worker"].pk),
                "kind": "worker",
                **date_fields("started_on", TODAY()),
            },
        )
        assert response.status_code == 200
        summary = error_summary(response)
        assert list(summary.values()) == ["#id_worker"]
        assert 'id="id_worker-error"' in response.content.decode()
        assert not Allocation.objects.filter(episode=episode).exists()

    def test_allocating_social_care_to_an_early_help_practitioner_is_refused(
        self, council, sc_child, signed_in
    ):
        episode = sc_child.episodes.get()
        response = signed_in(council["team_manager"]).post(
            reverse("allocate", args=[episode.pk]),
            {
                "worker": str(council["practitioner"].pk),
                "kind": "worker",
                **date_fields("started_on", TODAY()),
            },
        )
        assert list(error_summary(response).values()) == ["#id_worker"]
        assert episode.allocations.current().get().worker == council["social_worker"]

    def test_reallocating_hands_over_without_a_gap(self, council, sc_child, signed_in):
        episode = sc_child.episodes.get()
        response = signed_in(council["team_manager"]).post(
            reverse("allocate", args=[episode.pk]),
            {
                "worker": str(council["other_social_worker"].pk),
                "kind": "worker",
                **date_fields("started_on", TODAY()),
            },
        )
        assert response.status_code == 302
        old, new = episode.allocations.order_by("started_on", "pk")
        assert old.worker == council["social_worker"] and old.ended_on == TODAY()
        assert new.worker == council["other_social_worker"] and new.ended_on is None
