"""The access log says who saw each child (R13; issue 12 findings 5 and 7): a refusal is logged
whichever check refused it, a panel's case list logs the children it names, and an export logs
every child in it, so the child's "viewed by" page shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journey.core.models import AccessEvent
from tests.casework.test_panels import a_panel, bring

pytestmark = pytest.mark.django_db


def test_a_role_check_before_the_child_is_loaded_is_logged_against_the_child(
    council, signed_in, sc_child
):
    practitioner = council["practitioner"]
    response = signed_in(practitioner).get(reverse("child_access_log", args=[sc_child.pk]))
    assert response.status_code == 403
    refused = AccessEvent.objects.get(user=practitioner.user)
    assert (refused.action, refused.child) == (AccessEvent.Action.DENIED, sc_child)
    assert "Only managers and quality assurance" in refused.reason


def test_a_refusal_on_a_page_with_no_child_is_logged_too(council, signed_in):
    response = signed_in(council["practitioner"]).get(reverse("census"))
    assert response.status_code == 403
    refused = AccessEvent.objects.get(user=council["practitioner"].user)
    assert refused.action == AccessEvent.Action.DENIED and refused.child is None


def test_a_panels_case_list_logs_each_child_it_names(council, signed_in, sc_child, eh_child):
    panel = a_panel(council)
    bring(panel, sc_child, council["social_worker"])
    bring(panel, eh_child, council["practitioner"])
    manager = council["team_manager"]  # sees Ruby (their team), not Oscar (early help)
    page = signed_in(manager).get(reverse("panel", args=[panel.pk])).content.decode()
    assert sc_child.full_name in page and eh_child.full_name not in page
    viewed = AccessEvent.objects.filter(user=manager.user, action=AccessEvent.Action.VIEW)
    assert [event.child for event in viewed] == [sc_child]
    assert "case list" in viewed.get().reason


def test_an_export_shows_on_the_childs_viewed_by_page(council, signed_in, eh_child):
    practitioner = council["practitioner"]
    export = signed_in(practitioner).get(reverse("caf_tracker_xlsx"), {"team": "all"})
    assert export.status_code == 200
    exported = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert exported.child == eh_child and exported.user == practitioner.user
    page = signed_in(council["qa_officer"]).get(reverse("child_access_log", args=[eh_child.pk]))
    assert "Exported" in page.content.decode()


def test_a_practitioner_refused_recording_supervision_is_logged_once(council, signed_in, eh_child):
    episode = eh_child.episodes.get()
    user = council["practitioner"].user
    response = signed_in(council["practitioner"]).get(reverse("new_supervision", args=[episode.pk]))
    assert response.status_code == 403
    actions = list(AccessEvent.objects.filter(user=user).values_list("action", flat=True))
    assert actions == [AccessEvent.Action.DENIED]


@pytest.mark.parametrize("role", ["administrator", "reviewer", "complaints_officer"])
def test_the_trackers_are_not_for_roles_that_see_children_only_by_grant(council, signed_in, role):
    client = signed_in(council[role])
    for name in ("caf_tracker", "caf_tracker_xlsx", "single_agency_tracker"):
        assert client.get(reverse(name)).status_code == 403, name
