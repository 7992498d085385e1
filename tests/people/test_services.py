import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.people.models import Person
from journey.people.services import ChildDetails, record_child

pytestmark = pytest.mark.django_db


def details(**kw):
    base = {"first_name": "Maya", "last_name": "Hart", "date_of_birth": dt.date(2016, 5, 4)}
    return ChildDetails(**{**base, **kw})


def test_recording_a_child_writes_their_first_chronology_entry(council):
    child = record_child(details(), recorded_by=council["social_worker"].user)
    assert child.local_id.startswith("JNY")
    entry = ChronologyEntry.objects.get(child=child)
    assert entry.kind == EntryKind.CHILD_RECORDED
    assert entry.source_model == "person" and entry.source_pk == child.pk
    assert child.history.count() == 1


def test_a_date_of_birth_in_the_future_is_refused(council):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record_child(details(date_of_birth=tomorrow), recorded_by=council["social_worker"].user)
    assert error.value.message_dict["date_of_birth"] == [
        "Date of birth must be today or in the past"
    ]
    assert not Person.objects.exists()


def test_same_name_and_date_of_birth_needs_confirmation(council):
    user = council["social_worker"].user
    first = record_child(details(), recorded_by=user)
    with pytest.raises(ValidationError) as error:
        record_child(details(first_name=" maya "), recorded_by=user)
    assert "already recorded" in error.value.message_dict["confirm_not_duplicate"][0]
    assert Person.objects.count() == 1
    second = record_child(details(), recorded_by=user, confirm_not_duplicate=True)
    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ethnicity", "ZZZZ", "Select a valid ethnicity from the list"),
        ("sex", "X", "Select a valid sex from the list"),
        ("upn", "A12345678901", "Enter a valid UPN"),
        ("nhs_number", "1234567890", "Enter a valid NHS number: 10 digits, the last is a check"),
        ("disabilities", ["WINGS"], "Select disabilities from the list"),
    ],
)
def test_unknown_codes_and_bad_identifiers_are_refused(council, field, value, message):
    with pytest.raises(ValidationError) as error:
        record_child(details(**{field: value}), recorded_by=council["social_worker"].user)
    assert error.value.message_dict[field][0].startswith(message)
    assert not Person.objects.exists()
    assert not ChronologyEntry.objects.exists()


def test_an_unborn_child_has_an_expected_date_and_no_date_of_birth(council):
    due = timezone.localdate() + dt.timedelta(days=60)
    child = record_child(
        details(date_of_birth=None, expected_date_of_birth=due),
        recorded_by=council["social_worker"].user,
    )
    assert child.is_unborn
    with pytest.raises(ValidationError):
        record_child(
            details(date_of_birth=None, expected_date_of_birth=None),
            recorded_by=council["social_worker"].user,
        )


def test_disabilities_are_recorded_once_and_no_disability_stands_alone(council):
    user = council["social_worker"].user
    child = record_child(details(disabilities=["AUT", "AUT"]), recorded_by=user)
    assert list(child.disabilities.values_list("code", flat=True)) == ["AUT"]
    with pytest.raises(ValidationError) as error:
        record_child(details(first_name="Ava", disabilities=["NONE", "HEAR"]), recorded_by=user)
    assert "on its own" in error.value.message_dict["disabilities"][0]
    assert Person.objects.count() == 1
