"""The child's professional network: named professionals with agency and contact details, kept
by the workers on the child's open work, offered as attendees at a TAF, never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journey.people.models import Agency, NetworkMember, Professional
from tests.cases.test_views import error_summary, text_of
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(db):
    return AgencyFactory(name="Castlegate Academy", kind=Agency.Kind.SCHOOL)


def professional(school, **changes) -> dict:
    return {
        "name": "Ms Cole",
        "role": "Class teacher",
        "agency": str(school.pk),
        "phone": "01632 960 123",
        "email": "j.cole@castlegate.sch.uk",
        **changes,
    }


def test_a_worker_adds_a_professional_and_the_summary_shows_them(
    council, sc_child, school, signed_in
):
    client = signed_in(council["social_worker"])
    response = client.post(reverse("add_professional", args=[sc_child.pk]), professional(school))
    assert response.url == reverse("child", args=[sc_child.pk])
    page = text_of(client.get(response.url))
    assert "Professional network" in page
    assert "Ms Cole, Class teacher Castlegate Academy · 01632 960 123" in page
    assert "j.cole@castlegate.sch.uk" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Enter their name"),
        ({"role": ""}, "role", "Enter their role with the child, for example class teacher or GP"),
        ({"agency": ""}, "agency", "Select their agency"),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@school.sch.uk"),
    ],
)
def test_bad_input_is_named_and_nothing_saved(
    council, sc_child, school, signed_in, change, field, message
):
    response = signed_in(council["social_worker"]).post(
        reverse("add_professional", args=[sc_child.pk]), professional(school, **change)
    )
    assert error_summary(response)[message] == f"#id_{field}"
    assert not NetworkMember.objects.exists() and not Professional.objects.exists()


def test_the_same_professional_is_not_added_twice_and_leaving_keeps_the_record(
    council, sc_child, school, signed_in
):
    client = signed_in(council["social_worker"])
    url = reverse("add_professional", args=[sc_child.pk])
    client.post(url, professional(school))
    again = client.post(url, professional(school, name="ms cole"))
    assert error_summary(again) == {"Ms Cole is already in Ruby's network": "#id_name"}
    member = NetworkMember.objects.get()
    client.post(reverse("end_involvement", args=[sc_child.pk, member.pk]), {})
    member.refresh_from_db()
    assert member.ended_on is not None, "kept, with the day it ended"
    summary = text_of(client.get(reverse("child", args=[sc_child.pk])))
    assert "Ms Cole is no longer in Ruby's network" in summary
    assert "Ms Cole" not in summary.split("Professional network")[1]
    client.post(url, professional(school))
    assert NetworkMember.objects.count() == 2 and Professional.objects.count() == 1


def test_the_network_is_offered_when_naming_a_tafs_attendees(council, eh_child, school, signed_in):
    client = signed_in(council["practitioner"])
    client.post(reverse("add_professional", args=[eh_child.pk]), professional(school))
    page = client.get(reverse("hold_taf_meeting", args=[eh_child.episodes.get().pk]))
    assert '<option value="Ms Cole">' in page.content.decode()


@pytest.mark.parametrize("role", ["qa_officer", "reviewer", "other_social_worker"])
def test_those_who_do_not_record_in_the_work_cannot_change_the_network(
    council, sc_child, school, signed_in, role
):
    response = signed_in(council[role]).post(
        reverse("add_professional", args=[sc_child.pk]), professional(school)
    )
    assert response.status_code == 403
    assert not NetworkMember.objects.exists()
