"""Contact details of a child or a parent or carer: an email address and a UK mobile number,
checked, kept with their history, changed by the workers on the child's open work."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journey.core.models import AccessEvent
from journey.people.contact_details.services import (
    ContactDetails,
    record_contact_details,
    uk_mobile,
)


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("07700 900982", "07700900982"),
        ("+44 7700 900982", "07700900982"),
        ("+44 (0)7700-900982", "07700900982"),
        ("447700900982", "07700900982"),
        ("", ""),
        ("01632 960001", None),  # a landline
        ("0770090098", None),  # too short
        ("not a number", None),
    ],
)
def test_a_uk_mobile_number_is_kept_as_07_and_nine_digits(typed, kept):
    assert uk_mobile(typed) == kept


def test_bad_details_are_refused_naming_the_field_and_nothing_is_saved(council, dad):
    with pytest.raises(ValidationError) as refused:
        record_contact_details(
            dad,
            ContactDetails(email="lee@", mobile="01632 960001"),
            by=council["social_worker"].user,
        )
    assert "like name@example.com" in refused.value.message_dict["email"][0]
    assert "UK mobile number" in refused.value.message_dict["mobile"][0]
    dad.refresh_from_db()
    assert (dad.email, dad.mobile) == ("", "")


def test_a_change_keeps_the_old_details_and_who_changed_them(council, mum):
    worker = council["social_worker"].user
    record_contact_details(mum, ContactDetails(email="kim.new@example.com"), by=worker)
    mum.refresh_from_db()
    assert (mum.email, mum.mobile) == ("kim.new@example.com", "")
    history = list(mum.history.order_by("-history_id")[:2])
    assert history[0].email == "kim.new@example.com" and history[0].history_user == worker
    assert (history[1].email, history[1].mobile) == ("kim@example.com", "07700900982")


def test_the_worker_changes_a_parents_details_from_the_family_page(client, council, sc_child, dad):
    client.force_login(council["social_worker"].user)
    family = client.get(reverse("child_family", args=[sc_child.pk])).content.decode()
    url = reverse("change_contact_details", args=[sc_child.pk, dad.pk])
    assert url in family
    response = client.post(url, {"email": "", "mobile": "07700 900123"})
    assert response.status_code == 302
    dad.refresh_from_db()
    assert dad.mobile == "07700900123"
    page = client.post(url, {"email": "lee", "mobile": ""})
    assert "Enter an email address in the correct format" in page.content.decode()


def test_only_the_child_and_their_parents_and_carers_details_are_changed_here(
    client, council, sc_child, eh_child
):
    client.force_login(council["social_worker"].user)
    response = client.get(reverse("change_contact_details", args=[sc_child.pk, eh_child.pk]))
    assert response.status_code == 403
    assert AccessEvent.objects.filter(child=sc_child, action="denied").exists()


@pytest.mark.parametrize("role", ["qa_officer", "participation_officer", "practitioner"])
def test_who_does_not_record_in_the_childs_work_may_not_change_them(
    client, council, sc_child, mum, role
):
    client.force_login(council[role].user)
    response = client.post(
        reverse("change_contact_details", args=[sc_child.pk, mum.pk]), {"email": "x@example.com"}
    )
    assert response.status_code == 403
    mum.refresh_from_db()
    assert mum.email == "kim@example.com"
