"""The "Correct the referral details" page of a social care episode: linked from the social care
record for those who may, prefilled, the reason for closure only on closed work, the error
summary and nothing saved on bad input, the banner on success, and every refusal logged."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import Episode
from journey.cases.services import close_episode, correct_referral_details
from journey.casework.statutory import services as statutory
from journey.core.models import AccessEvent, RecordGrant
from journey.people.models import DetailsCorrection
from journey.workforce.models import Role
from tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

REASON = "The referral came from the school nurse, not the family"


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def error_summary(response) -> dict[str, str]:
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "no error summary on the page"
    summary = {}
    for item in re.findall(r"<li>(.*?)</li>", match.group(0), re.S):
        link = re.fullmatch(r'<a href="([^"]*)">(.*)</a>', item.strip(), re.S)
        if link:
            summary[html.unescape(link.group(2))] = link.group(1)
        else:
            summary[html.unescape(item.strip())] = ""
    return summary


@pytest.fixture
def episode(sc_child) -> Episode:
    """Open social care work (1A, N1) allocated to the council's social worker."""
    return sc_child.episodes.get()


def url(episode) -> str:
    return reverse("correct_referral_details", args=[episode.pk])


def record_url(episode) -> str:
    return reverse("social_care_record", args=[episode.pk])


def form_data(**overrides) -> dict:
    return {
        "referral_source": "1A",
        "primary_need": "N1",
        "referral_nfa": "no",
        "reason": REASON,
    } | overrides


def snapshot(episode):
    return Episode.objects.filter(pk=episode.pk).values().get(), DetailsCorrection.objects.count()


def close(episode, worker):
    close_episode(
        episode,
        ended_on=timezone.localdate(),
        reason="RC7",
        note="Needs met.",
        closed_by=worker.user,
    )
    episode.refresh_from_db()


def test_the_record_shows_the_referral_and_links_to_the_page(council, episode, signed_in):
    link = f'href="{url(episode)}"'
    page = signed_in(council["social_worker"]).get(record_url(episode))
    assert link in page.content.decode()
    text = text_of(page)
    assert "Source of referral A family member, relative or carer" in text
    assert "Primary need Abuse or neglect" in text and "No further action No" in text
    # Someone who may read the record but not correct it sees no link.
    colleague = WorkerFactory(role=Role.SOCIAL_WORKER, team=council.sc_team)
    page = signed_in(colleague).get(record_url(episode))
    assert page.status_code == 200 and link not in page.content.decode()


def test_the_form_is_prefilled_without_a_reason_for_closure_on_open_work(
    council, episode, signed_in
):
    response = signed_in(council["social_worker"]).get(url(episode))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<option value="1A" selected>', page)
    assert re.search(r'<option value="N1" selected>', page)
    assert re.search(r'value="no" checked>\s*<label[^>]*>No<', page)
    assert 'name="closure_reason"' not in page
    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page)
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
    assert ids and set(ids) <= labelled
    assert "The referral details have not been corrected." in text_of(response)


def test_a_correction_returns_to_the_record_with_a_banner(council, episode, signed_in):
    client = signed_in(council["social_worker"])
    response = client.post(url(episode), form_data(referral_source="3D", primary_need="N4"))
    assert response.status_code == 302 and response.url == record_url(episode)
    page = client.get(response.url)
    assert "govuk-notification-banner--success" in page.content.decode()
    assert "Referral details corrected: source of referral, primary need" in text_of(page)
    episode.refresh_from_db()
    assert (episode.referral_source, episode.primary_need) == ("3D", "N4")
    history = text_of(client.get(url(episode))).split("Corrections", 1)[1]
    assert "Primary need Was: Abuse or neglect (N1) Now: Family in acute stress (N4)" in history
    assert f"Reason {REASON}" in history


def test_closed_work_has_its_reason_for_closure_on_the_form(council, episode, signed_in):
    manager = council["team_manager"]
    close(episode, manager)
    client = signed_in(manager)
    page = client.get(url(episode)).content.decode()
    assert re.search(r'<option value="RC7" selected>', page)
    response = client.post(url(episode), form_data(closure_reason="RC5"))
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.closure_reason == "RC5"


def test_bad_input_is_summarised_and_nothing_is_saved(council, episode, signed_in):
    before = snapshot(episode)
    response = signed_in(council["social_worker"]).post(
        url(episode), form_data(primary_need="", reason="")
    )
    assert response.status_code == 200
    assert error_summary(response) == {
        "Select the primary need": "#id_primary_need",
        "Enter why you are making this correction, in a few words (at least 10 letters)": (
            "#id_reason"
        ),
    }
    assert snapshot(episode) == before


def test_no_further_action_after_an_assessment_is_refused_on_its_question(
    council, episode, signed_in
):
    sw = council["social_worker"]
    statutory.start_single_assessment(
        episode=episode, started_on=timezone.localdate(), recorded_by=sw.user
    )
    before = snapshot(episode)
    response = signed_in(sw).post(url(episode), form_data(referral_nfa="yes"))
    assert error_summary(response) == {
        "This work has a single assessment, so the referral did lead to further action: "
        "answer no": "#id_referral_nfa_0"
    }
    assert snapshot(episode) == before


def test_unchanged_details_say_nothing_has_changed(council, episode, signed_in):
    response = signed_in(council["social_worker"]).post(url(episode), form_data())
    assert error_summary(response) == {
        "Nothing has changed: correct at least one detail, or go back without saving": ""
    }


class TestWhoMay:
    def refused(self, client, episode, reason_part: str, user) -> None:
        before = snapshot(episode)
        for response in (
            client.get(url(episode)),
            client.post(url(episode), form_data(primary_need="N2")),
        ):
            assert response.status_code == 403
            assert reason_part in text_of(response)
        assert snapshot(episode) == before
        denials = AccessEvent.objects.filter(
            user=user, child=episode.child, action=AccessEvent.Action.DENIED
        )
        assert denials.count() == 2 and all(reason_part in d.reason for d in denials)

    def test_a_worker_from_another_team_cannot(self, council, episode, signed_in):
        other = council["other_social_worker"]
        self.refused(signed_in(other), episode, "not held by your team", other.user)

    def test_a_colleague_in_the_team_not_allocated_cannot(self, council, episode, signed_in):
        colleague = WorkerFactory(role=Role.SOCIAL_WORKER, team=council.sc_team)
        self.refused(
            signed_in(colleague),
            episode,
            "Only the worker allocated to this work, the manager of Child in Need and "
            "Protection or the head of service",
            colleague.user,
        )

    def test_a_reviewer_cannot(self, council, episode, signed_in):
        reviewer = council["reviewer"]
        RecordGrant.objects.create(
            user=reviewer.user,
            child=episode.child,
            reason="Peer review visit",
            granted_by=council["head_of_service"].user,
        )
        self.refused(signed_in(reviewer), episode, "not correct them", reviewer.user)

    def test_the_head_of_service_may(self, council, episode, signed_in):
        response = signed_in(council["head_of_service"]).post(
            url(episode), form_data(primary_need="N2")
        )
        assert response.status_code == 302

    def test_early_help_has_no_such_page(self, council, eh_child, signed_in):
        episode = eh_child.episodes.get()
        assert signed_in(council["practitioner"]).get(url(episode)).status_code == 404


def test_the_query_count_does_not_grow_with_the_corrections(council, episode, signed_in):
    client = signed_in(council["social_worker"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(episode)).status_code == 200
        return len(captured)

    before = queries()
    for n in range(4):
        correct_referral_details(
            episode,
            referral_source="2A" if n % 2 else "3A",
            primary_need="N2" if n % 2 else "N3",
            referral_nfa=False,
            reason=REASON,
            corrected_by=council["team_manager"].user,
        )
    assert DetailsCorrection.objects.count() == 8
    assert queries() == before


def test_the_record_page_query_count_is_unchanged_by_the_link(council, episode, signed_in):
    """The link costs the same whoever looks: no query per correction or allocation."""
    client = signed_in(council["social_worker"])
    with CaptureQueriesContext(connection) as first:
        client.get(record_url(episode))
    for n in range(3):
        correct_referral_details(
            episode,
            referral_source="2A" if n % 2 else "3A",
            primary_need="N1",
            referral_nfa=False,
            reason=REASON,
            corrected_by=council["team_manager"].user,
        )
    with CaptureQueriesContext(connection) as second:
        client.get(record_url(episode))
    assert len(second) == len(first)
