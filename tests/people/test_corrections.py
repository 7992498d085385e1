"""Correcting a child's details after they were recorded (correct_child_details): the same rules
as recording a child, a reason every time, the old and new value of each changed detail kept, one
chronology entry, and nothing saved when anything is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.identifiers import make_nhs_number, make_upn
from journey.people.models import DetailsCorrection, Person
from journey.people.services import (
    ChildDetails,
    correct_child_details,
    record_child,
)
from tests.factories import make_child

pytestmark = pytest.mark.django_db

REASON = "Checked against the birth certificate at the home visit"
TODAY = timezone.localdate


@pytest.fixture
def worker(council):
    return council["social_worker"]


@pytest.fixture
def child(worker):
    return make_child(
        worker,
        first_name="Ruby",
        last_name="Ashworth",
        date_of_birth=dt.date(2016, 5, 3),
        sex="F",
        ethnicity="WBRI",
        upn=make_upn("999", 1),
        disabilities=["NONE"],
    )


def correct(child, worker, reason=REASON, **changes):
    return correct_child_details(child, changes, reason=reason, corrected_by=worker.user)


def refused(child, worker, reason=REASON, **changes) -> dict[str, list[str]]:
    """The errors of a refused correction, after checking nothing at all was saved."""
    before = (
        Person.objects.filter(pk=child.pk).values().get(),
        sorted(child.disabilities.values_list("code", flat=True)),
        child.history.count(),
        ChronologyEntry.objects.filter(child=child).count(),
    )
    with pytest.raises(ValidationError) as error:
        correct(child, worker, reason=reason, **changes)
    after = (
        Person.objects.filter(pk=child.pk).values().get(),
        sorted(child.disabilities.values_list("code", flat=True)),
        child.history.count(),
        ChronologyEntry.objects.filter(child=child).count(),
    )
    assert after == before
    assert not DetailsCorrection.objects.exists()
    return error.value.message_dict


def test_a_correction_changes_the_record_keeps_each_old_value_and_tells_the_story(child, worker):
    new_upn = make_upn("999", 2)
    old_upn = child.upn
    corrections = correct(
        child,
        worker,
        date_of_birth=dt.date(2016, 5, 4),
        upn=new_upn.lower(),  # as typed
        first_name="Ruby",  # sent unchanged: not a correction
    )

    child.refresh_from_db()
    assert (child.date_of_birth, child.upn, child.first_name) == (
        dt.date(2016, 5, 4),
        new_upn,
        "Ruby",
    )
    rows = DetailsCorrection.objects.filter(person=child).order_by("pk")
    assert [(r.field_name, r.old_value, r.new_value) for r in rows] == [
        ("date_of_birth", "2016-05-03", "2016-05-04"),
        ("upn", old_upn, new_upn),
    ]
    assert len(corrections) == 2
    for row in rows:
        assert row.reason == REASON
        assert row.corrected_by == worker.user
        assert row.episode is None
    assert len({r.corrected_at for r in rows}) == 1
    assert str(rows[0]) == "date of birth: 3 May 2016 → 4 May 2016"

    entry = ChronologyEntry.objects.get(child=child, kind=EntryKind.CORRECTION)
    assert entry.title == "Details corrected: date of birth, UPN"
    assert entry.summary.splitlines() == [
        REASON,
        "Date of birth: was 3 May 2016, now 4 May 2016",
        f"UPN: was {old_upn}, now {new_upn}",
    ]
    assert entry.recorded_by == worker.user and entry.episode_id is None
    assert (entry.source_model, entry.source_pk) == ("person", child.pk)
    assert not entry.is_significant
    # The record's own change history has the correction too.
    assert child.history.first().date_of_birth == dt.date(2016, 5, 4)


def test_only_unchanged_values_is_refused_as_nothing_changed(child, worker):
    errors = refused(
        child,
        worker,
        first_name=" Ruby ",
        date_of_birth=child.date_of_birth,
        upn=child.upn.lower(),
        disabilities=["NONE", "NONE"],
    )
    assert errors == {
        "__all__": ["Nothing has changed: correct at least one detail, or go back without saving"]
    }


@pytest.mark.parametrize("reason", ["", "   ", "typo"])
def test_a_reason_is_required(child, worker, reason):
    errors = refused(child, worker, reason=reason, ethnicity="WIRI")
    assert errors == {
        "reason": ["Enter why you are making this correction, in a few words (at least 10 letters)"]
    }


TOMORROW = timezone.localdate() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": "  "}, "first_name", "Enter the child's first name"),
        ({"last_name": ""}, "last_name", "Enter the child's last name"),
        (
            {"date_of_birth": TOMORROW},
            "date_of_birth",
            "Date of birth must be today or in the past",
        ),
        (
            {"date_of_birth": dt.date(1990, 1, 1)},
            "date_of_birth",
            "Date of birth must be within the last 25 years for a child",
        ),
        (
            {"date_of_birth": None},
            "date_of_birth",
            "Enter the date of birth, or an expected date of birth for an unborn child",
        ),
        (
            {"expected_date_of_birth": TOMORROW},
            "expected_date_of_birth",
            "Enter either a date of birth or an expected date of birth, not both",
        ),
        ({"sex": "X"}, "sex", "Select a valid sex from the list"),
        ({"sex": ""}, "sex", "Select the child's sex (“Unknown” if it is not known)"),
        ({"ethnicity": "ZZZZ"}, "ethnicity", "Select a valid ethnicity from the list"),
        ({"upn": "A12345678901"}, "upn", "Enter a valid UPN"),
        ({"former_upn": "B123456789012"}, "former_upn", "Enter a valid former UPN"),
        (
            {"upn_unknown": "UN0"},
            "upn_unknown",
            "Select a valid reason the UPN is unknown from the list",
        ),
        ({"disabilities": ["WINGS"]}, "disabilities", "Select disabilities from the list"),
        (
            {"disabilities": ["NONE", "MOB"]},
            "disabilities",
            "Select “No disability” on its own, or the child's disabilities",
        ),
        (
            {"date_of_death": TOMORROW},
            "date_of_death",
            "Date of death must be today or in the past",
        ),
        (
            {"date_of_death": dt.date(2016, 5, 2)},
            "date_of_death",
            "Date of death must be on or after the date of birth, 3 May 2016",
        ),
    ],
)
def test_each_rule_of_recording_a_child_applies_to_a_correction(
    child, worker, changes, field, message
):
    errors = refused(child, worker, **changes)
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)


def test_every_problem_is_reported_at_once_each_on_its_field(child, worker):
    errors = refused(
        child,
        worker,
        reason="",
        upn="NOT-A-UPN",
        ethnicity="ZZZZ",
        date_of_death=TOMORROW,
    )
    assert set(errors) == {"upn", "ethnicity", "date_of_death", "reason"}


def test_moving_the_date_of_birth_after_the_date_of_death_is_refused_on_the_date_of_death(
    child, worker
):
    correct(child, worker, date_of_death=dt.date(2020, 1, 1))
    DetailsCorrection.objects.all().delete()  # (the test's refused() checks for none)
    errors = refused(child, worker, date_of_birth=dt.date(2021, 1, 1))
    assert errors == {
        "date_of_death": ["Date of death must be on or after the date of birth, 1 January 2021"]
    }


def test_disabilities_are_replaced_and_the_old_list_is_kept(child, worker):
    correct(child, worker, disabilities=["HEAR", "MOB", "HEAR"])
    assert sorted(child.disabilities.values_list("code", flat=True)) == ["HEAR", "MOB"]
    row = DetailsCorrection.objects.get(person=child)
    assert (row.field_name, row.old_value, row.new_value) == ("disabilities", "NONE", "MOB,HEAR")
    assert row.old_display == "No disability (NONE)"
    assert row.new_display == "Mobility (MOB), Hearing (HEAR)"

    # The same list in another order is no change.
    with pytest.raises(ValidationError, match="Nothing has changed"):
        correct(child, worker, disabilities=["HEAR", "MOB"])


def test_codes_and_empty_values_are_kept_as_codes_and_shown_in_words(child, worker):
    correct(child, worker, ethnicity="", upn="", upn_unknown="UN5", sex="U")
    rows = {r.field_name: r for r in DetailsCorrection.objects.filter(person=child)}
    assert (rows["ethnicity"].old_value, rows["ethnicity"].new_value) == ("WBRI", "")
    assert rows["ethnicity"].old_display == "White British (WBRI)"
    assert rows["ethnicity"].new_display == "not recorded"
    assert rows["sex"].new_display == "Unknown (U)"
    assert rows["upn_unknown"].new_value == "UN5"


def test_an_unborn_child_once_born_gets_a_date_of_birth(worker):
    due = TODAY() + dt.timedelta(days=30)
    baby = make_child(worker, date_of_birth=None, expected_date_of_birth=due)
    errors = refused(baby, worker, date_of_birth=TODAY())
    assert errors == {
        "expected_date_of_birth": [
            "Enter either a date of birth or an expected date of birth, not both"
        ]
    }
    correct(baby, worker, date_of_birth=TODAY(), expected_date_of_birth=None)
    baby.refresh_from_db()
    assert (baby.date_of_birth, baby.expected_date_of_birth) == (TODAY(), None)


def test_a_detail_left_as_it_was_is_not_the_corrections_to_answer_for(worker):
    """An unborn child whose expected date has since passed can still have their ethnicity
    corrected; only a change to the dates must put the dates right."""
    baby = make_child(
        worker, date_of_birth=None, expected_date_of_birth=TODAY() + dt.timedelta(days=3)
    )
    Person.objects.filter(pk=baby.pk).update(expected_date_of_birth=dt.date(2025, 1, 1))
    correct(baby, worker, ethnicity="WIRI", expected_date_of_birth=dt.date(2025, 1, 1))
    assert Person.objects.get(pk=baby.pk).ethnicity == "WIRI"
    DetailsCorrection.objects.all().delete()
    errors = refused(baby, worker, expected_date_of_birth=dt.date(2025, 2, 1))
    assert errors == {"expected_date_of_birth": ["Expected date of birth must be in the future"]}


def test_a_date_of_death_is_a_significant_entry(child, worker):
    correct(child, worker, date_of_death=TODAY())
    entry = ChronologyEntry.objects.get(child=child, kind=EntryKind.CORRECTION)
    assert entry.title == "Details corrected: date of death"
    assert entry.is_significant


def test_a_name_correction_is_found_by_search_keys(child, worker):
    correct(child, worker, first_name="Rubie")
    child.refresh_from_db()
    assert child.first_name == "Rubie" and child.first_name_key


def test_a_detail_not_corrected_here_is_a_programming_error(child, worker):
    with pytest.raises(ValueError, match="postcode"):
        correct(child, worker, postcode="FA1 1AA")


def test_the_nhs_number_is_corrected_as_typed_with_spaces_and_kept_before_and_after(child, worker):
    number = make_nhs_number(41)
    correct(child, worker, nhs_number=f"{number[:3]} {number[3:6]} {number[6:]}")
    child.refresh_from_db()
    assert child.nhs_number == number
    correction = DetailsCorrection.objects.get()
    assert (correction.label, correction.old_display, correction.new_display) == (
        "NHS number",
        "not recorded",
        number,
    )


def test_an_nhs_number_failing_its_check_digit_is_refused_naming_the_field(child, worker):
    number = make_nhs_number(41)
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    errors = refused(child, worker, nhs_number=wrong)
    assert errors == {
        "nhs_number": [
            "Enter a valid NHS number: 10 digits, the last is a check digit – "
            "check it against the health record"
        ]
    }


# --- record_child's new details: an imported Local ID, former UPN and date of death ---------


def details(**overrides) -> ChildDetails:
    return ChildDetails(
        **{"first_name": "Maya", "last_name": "Hart", "date_of_birth": dt.date(2016, 5, 4)}
        | overrides
    )


def test_record_child_keeps_a_given_local_id_former_upn_and_date_of_death(worker):
    former = make_upn("999", 7)
    child = record_child(
        details(local_id=" OLD0001 ", former_upn=former.lower(), date_of_death=dt.date(2024, 1, 2)),
        recorded_by=worker.user,
    )
    child.refresh_from_db()
    assert (child.local_id, child.former_upn, child.date_of_death) == (
        "OLD0001",
        former,
        dt.date(2024, 1, 2),
    )
    assert child.history.count() == 1  # written once, not saved again afterwards


def test_record_child_numbers_the_child_when_no_local_id_is_given(worker):
    assert record_child(details(), recorded_by=worker.user).local_id.startswith("JNY")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"local_id": "X" * 21}, "local_id", "The local ID must be 20 characters or fewer"),
        ({"former_upn": "A12345678901"}, "former_upn", "Enter a valid former UPN"),
        ({"date_of_death": dt.date(2016, 5, 3)}, "date_of_death", "Date of death must be on or"),
        ({"date_of_death": TOMORROW}, "date_of_death", "Date of death must be today or"),
    ],
)
def test_record_child_refuses_bad_new_details(worker, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        record_child(details(**overrides), recorded_by=worker.user)
    assert error.value.message_dict[field][0].startswith(message)
    assert not Person.objects.exists()


def test_record_child_refuses_a_local_id_someone_already_has(worker):
    first = record_child(details(), recorded_by=worker.user)
    with pytest.raises(ValidationError) as error:
        record_child(details(first_name="Other", local_id=first.local_id), recorded_by=worker.user)
    assert error.value.message_dict["local_id"] == [
        f"Someone else already has the local ID {first.local_id}: choose another"
    ]
    assert Person.objects.count() == 1
