"""Who may use the early help pages (R4, R13): council staff who may see the child; a partner's
lead professional only on the early help they lead. Every refusal is a 403 and is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.casework.models import ActionProgress, Assessment, Meeting, PlanAction
from journey.core.models import AccessEvent
from journey.people.services import form_household
from journey.workforce.models import Allocation, Role
from tests.casework.conftest import hold_taf
from tests.casework.helpers import date_fields, text_of
from tests.casework.test_taf_meeting import taf_form
from tests.conftest import PASSWORD
from tests.factories import TeamFactory, WorkerFactory, make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def pages(episode, action=None) -> dict[str, str]:
    urls = {
        "caf": reverse("caf_assessment", args=[episode.pk]),
        "taf": reverse("hold_taf_meeting", args=[episode.pk]),
        "plan": reverse("early_help_plan", args=[episode.pk]),
    }
    if action is not None:
        urls["progress"] = reverse("record_action_progress", args=[episode.pk, action.pk])
    return urls


def refusals(user, child=None) -> list[AccessEvent]:
    events = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.DENIED)
    return list(events.filter(child=child) if child else events)


class TestPartnersLeadProfessional:
    def test_they_sign_in_open_their_familys_child_and_record_a_taf_and_progress(
        self, client, episode, external_lead, practitioner
    ):
        hold_taf(episode, practitioner, actions=1)
        action = PlanAction.objects.get()
        signed = client.post(
            reverse("login"), {"username": external_lead.user.username, "password": PASSWORD}
        )
        assert signed.status_code == 302
        summary = client.get(reverse("child", args=[episode.child_id]))
        assert summary.status_code == 200
        text = text_of(summary)
        for link in ("CAF assessment", "Hold a TAF meeting", "Plan and actions"):
            assert link in text
        assert reverse("close_early_help", args=[episode.pk]) not in summary.content.decode()

        for name, url in pages(episode, action).items():
            assert client.get(url).status_code == 200, name

        held = TODAY() - dt.timedelta(days=1)
        response = client.post(
            pages(episode)["taf"],
            taf_form(
                held_on=held,
                actions=[
                    {
                        "description": "Weekly check-in",
                        "owner": str(external_lead.pk),
                        "due_on": held + dt.timedelta(days=7),
                    }
                ],
            ),
        )
        assert response.status_code == 302
        assert Meeting.objects.filter(recorded_by=external_lead.user).exists()
        assert PlanAction.objects.get(description="Weekly check-in").owner == external_lead

        draft = client.post(
            pages(episode)["caf"],
            {
                **date_fields("started_on", TODAY()),
                "child_views": "School is OK.",
                "child_views_method": "talking",
                "action": "draft",
            },
        )
        assert draft.status_code == 302
        assert Assessment.objects.get().recorded_by == external_lead.user

        done = client.post(
            pages(episode, action)["progress"], {"note": "Going well", "status": "in_progress"}
        )
        assert done.status_code == 302
        assert ActionProgress.objects.get().recorded_by == external_lead.user
        assert not refusals(external_lead.user)

    def test_they_are_refused_another_childs_early_help_and_it_is_logged(
        self, council, practitioner, external_lead, signed_in
    ):
        stranger = make_child(practitioner, first_name="Nina", last_name="Vale")
        other = make_episode(stranger, practitioner, kind="eh_caf", allocate_to=practitioner)
        hold_taf(other, practitioner, actions=1)
        client = signed_in(external_lead)
        for name, url in pages(other, PlanAction.objects.get()).items():
            assert client.get(url).status_code == 403, name
        assert client.post(pages(other)["taf"], taf_form()).status_code == 403
        assert len(refusals(external_lead.user, stranger)) == 5
        assert Meeting.objects.filter(episode=other).count() == 1

    def test_they_are_refused_social_care_even_for_their_own_family(
        self, council, episode, external_lead, signed_in
    ):
        social_care = make_episode(episode.child, council["team_manager"])
        client = signed_in(external_lead)
        for name, url in pages(social_care).items():
            response = client.get(url)
            assert response.status_code == 403, name
            assert "see only the early help they lead" in text_of(response)
        assert len(refusals(external_lead.user, episode.child)) == 3

    def test_they_cannot_work_on_a_siblings_early_help_they_do_not_lead(
        self, council, practitioner, episode, external_lead, signed_in
    ):
        sibling = make_child(practitioner, first_name="Ava", last_name="Pennington")
        form_household(name="Pennington family", members=[episode.child, sibling])
        theirs = make_episode(sibling, practitioner, kind="eh_caf", allocate_to=practitioner)
        client = signed_in(external_lead)
        assert client.get(reverse("child", args=[sibling.pk])).status_code == 200
        for name, url in pages(theirs).items():
            assert client.get(url).status_code == 403, name
        assert len(refusals(external_lead.user, sibling)) == 3

    def test_once_no_longer_lead_professional_they_are_refused(
        self, practitioner, episode, external_lead, signed_in
    ):
        case_services.allocate(
            episode,
            worker=practitioner,
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=TODAY(),
            allocated_by=practitioner.user,
        )
        assert signed_in(external_lead).get(pages(episode)["taf"]).status_code == 403
        assert refusals(external_lead.user, episode.child)


class TestCouncilStaff:
    def test_a_practitioner_in_another_team_is_refused_and_it_is_logged(
        self, council, practitioner, episode, signed_in
    ):
        hold_taf(episode, practitioner, actions=1)
        elsewhere = WorkerFactory(
            role=Role.PRACTITIONER,
            team=TeamFactory(name="Early Help South", service=council.eh_team.service),
        )
        client = signed_in(elsewhere)
        for name, url in pages(episode, PlanAction.objects.get()).items():
            response = client.get(url)
            assert response.status_code == 403, name
            assert "not allocated to this child's work" in text_of(response)
        assert client.post(pages(episode)["taf"], taf_form()).status_code == 403
        assert len(refusals(elsewhere.user, episode.child)) == 5
        assert Meeting.objects.count() == 1

    def test_a_qa_officer_reads_the_plan_and_caf_but_records_nothing(
        self, council, practitioner, episode, signed_in
    ):
        hold_taf(episode, practitioner, actions=1)
        action = PlanAction.objects.get()
        client = signed_in(council["qa_officer"])
        plan = client.get(pages(episode)["plan"])
        assert plan.status_code == 200
        assert "Action number 1" in text_of(plan) and "Record progress" not in text_of(plan)
        caf = client.get(pages(episode)["caf"])
        assert caf.status_code == 200 and "<textarea" not in caf.content.decode()
        assert client.get(pages(episode)["taf"]).status_code == 403
        assert client.get(pages(episode, action)["progress"]).status_code == 403
        assert client.post(pages(episode)["caf"], {"action": "draft"}).status_code == 403
        assert len(refusals(council["qa_officer"].user, episode.child)) == 3

    def test_every_page_view_is_in_the_access_log(self, practitioner, episode, signed_in):
        hold_taf(episode, practitioner, actions=1)
        client = signed_in(practitioner)
        urls = pages(episode, PlanAction.objects.get())
        urls["close"] = reverse("close_early_help", args=[episode.pk])
        for url in urls.values():
            assert client.get(url).status_code == 200
        viewed = AccessEvent.objects.filter(
            user=practitioner.user, child=episode.child, action=AccessEvent.Action.VIEW
        ).values_list("path", flat=True)
        assert set(urls.values()) <= set(viewed)

    def test_signed_out_people_are_sent_to_sign_in(self, client, episode):
        response = client.get(pages(episode)["plan"])
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_summary_card_offers_recording_only_to_those_who_may_record(
    council, practitioner, episode, signed_in
):
    mine = text_of(signed_in(practitioner).get(reverse("child", args=[episode.child_id])))
    assert "Early help records" in mine and "Hold a TAF meeting" in mine
    qa = text_of(signed_in(council["qa_officer"]).get(reverse("child", args=[episode.child_id])))
    assert "Plan and actions" in qa and "CAF assessment" in qa
    assert "Hold a TAF meeting" not in qa
