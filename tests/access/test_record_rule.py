"""R13: who may see which child. Every refusal is a 403 that says why, and is logged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.access.rules import visible_children
from journey.cases import services as case_services
from journey.cases.models import EpisodeKind
from journey.core.models import AccessEvent, RecordGrant
from journey.people.services import form_household
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

MAY_SEE_SOCIAL_CARE_CHILD = {
    "social_worker",
    "team_manager",
    "head_of_service",
    "assistant_director",
    "qa_officer",
}
MAY_NOT = {
    "practitioner",
    "other_social_worker",
    "complaints_officer",
    "participation_officer",
    "external_lead",
    "reviewer",
    "administrator",
}


@pytest.mark.parametrize("role", sorted(MAY_SEE_SOCIAL_CARE_CHILD))
def test_roles_that_may_see_the_child_can_open_the_record_and_the_view_is_logged(
    council, sc_child, signed_in, role
):
    response = signed_in(council[role]).get(reverse("child", args=[sc_child.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.filter(
        user=council[role].user, child=sc_child, action=AccessEvent.Action.VIEW
    ).exists()


@pytest.mark.parametrize("role", sorted(MAY_NOT))
def test_every_other_role_is_refused_and_the_refusal_is_logged(council, sc_child, signed_in, role):
    client = signed_in(council[role])
    for page in ("child", "child_chronology", "child_family"):
        response = client.get(reverse(page, args=[sc_child.pk]))
        assert response.status_code == 403
        assert "You are not allocated to this child" in response.content.decode()
    assert (
        AccessEvent.objects.filter(
            user=council[role].user, child=sc_child, action=AccessEvent.Action.DENIED
        ).count()
        == 3
    )
    found = client.get(reverse("search"), {"q": "Ashworth"})
    assert reverse("child", args=[sc_child.pk]) not in found.content.decode()
    assert "No children found" in found.content.decode()


def test_signed_out_users_are_sent_to_sign_in(client, sc_child):
    response = client.get(reverse("child", args=[sc_child.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_restricted_record_needs_a_grant_even_for_the_allocated_worker(
    council, sc_child, signed_in
):
    sc_child.is_restricted = True
    sc_child.save()
    client = signed_in(council["social_worker"])
    response = client.get(reverse("child", args=[sc_child.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "restricted record" in page and "Ruby" not in page and "Ashworth" not in page
    record_link = reverse("child", args=[sc_child.pk])
    assert record_link not in client.get(reverse("search"), {"q": "Ruby"}).content.decode()

    RecordGrant.objects.create(
        user=council["social_worker"].user,
        child=sc_child,
        reason="Allocated worker",
        granted_by=council["team_manager"].user,
    )
    assert client.get(reverse("child", args=[sc_child.pk])).status_code == 200
    assert record_link in client.get(reverse("search"), {"q": "Ruby"}).content.decode()


def test_an_expired_grant_gives_no_access(council, sc_child, signed_in):
    RecordGrant.objects.create(
        user=council["reviewer"].user,
        child=sc_child,
        reason="Peer review sample",
        granted_by=council["head_of_service"].user,
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert (
        signed_in(council["reviewer"]).get(reverse("child", args=[sc_child.pk])).status_code == 403
    )


def test_an_external_lead_professional_sees_only_their_families_early_help(council, signed_in):
    manager = council["practitioner"]
    child = make_child(manager, first_name="Lily", last_name="Marsh")
    sibling = make_child(manager, first_name="Leo", last_name="Marsh")
    stranger = make_child(manager, first_name="Nina", last_name="Vale")
    form_household(name="Marsh family", members=[child, sibling])
    episode = make_episode(child, manager, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=manager)
    make_episode(child, council["team_manager"])  # social care work the partner is not part of
    case_services.allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=timezone.localdate(),
        allocated_by=manager.user,
    )
    user = council["external_lead"].user
    assert set(visible_children(user)) == {child, sibling}
    page = signed_in(council["external_lead"]).get(reverse("child", args=[child.pk]))
    assert page.status_code == 200
    assert "Early help (CAF and TAF)" in page.content.decode()
    assert "Children&#x27;s social care" not in page.content.decode()
    chronology = (
        signed_in(council["external_lead"])
        .get(reverse("child_chronology", args=[child.pk]))
        .content.decode()
    )
    assert "Children&#x27;s social care opened" not in chronology
    assert (
        signed_in(council["external_lead"]).get(reverse("child", args=[stranger.pk])).status_code
        == 403
    )


def test_a_manager_sees_who_has_viewed_a_record_but_a_worker_cannot(council, sc_child, signed_in):
    signed_in(council["practitioner"]).get(reverse("child", args=[sc_child.pk]))
    page = signed_in(council["team_manager"]).get(reverse("child_access_log", args=[sc_child.pk]))
    assert page.status_code == 200
    assert "Refused access" in page.content.decode()
    assert council["practitioner"].user.get_full_name() in page.content.decode()
    refused = signed_in(council["social_worker"]).get(
        reverse("child_access_log", args=[sc_child.pk])
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("role", ["qa_officer", "reviewer", "complaints_officer", "external_lead"])
def test_read_only_roles_cannot_record_or_open_work(council, sc_child, signed_in, role):
    client = signed_in(council[role])
    for page in ("open_episode", "new_child", "record_contact"):
        args = [] if page == "new_child" else [sc_child.pk]
        assert client.get(reverse(page, args=args)).status_code == 403
